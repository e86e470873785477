// The activation functions g, each beside its derivative g′. `der` receives both z and a = g(z),
// so each derivative uses whichever is cheaper: the sigmoid's is a(1 − a), from its output.
// Softmax couples a row's units, so it has no elementwise form: it lives in `applyActivation`,
// and its derivative is folded into the output delta (see loss.ts).
import type { ActivationName, Matrix } from './types';

export interface ElementwiseActivation {
  /** a = g(z) */
  output(z: number): number;
  /** g′(z), given z and a = g(z) */
  der(z: number, a: number): number;
}

export const LEAKY_RELU_SLOPE = 0.01;

export const ACTIVATIONS: Record<Exclude<ActivationName, 'softmax'>, ElementwiseActivation> = {
  sigmoid: {
    output: (z) => 1 / (1 + Math.exp(-z)),
    der: (_z, a) => a * (1 - a),
  },
  tanh: {
    output: (z) => Math.tanh(z),
    der: (_z, a) => 1 - a * a,
  },
  relu: {
    output: (z) => (z > 0 ? z : 0),
    der: (z) => (z > 0 ? 1 : 0),
  },
  'leaky-relu': {
    output: (z) => (z > 0 ? z : LEAKY_RELU_SLOPE * z),
    der: (z) => (z > 0 ? 1 : LEAKY_RELU_SLOPE),
  },
  identity: {
    output: (z) => z,
    der: () => 1,
  },
};

export const ACTIVATION_NAMES: readonly ActivationName[] = [
  'sigmoid',
  'tanh',
  'relu',
  'leaky-relu',
  'identity',
  'softmax',
];

/** softmax of one row: a_j = exp(z_j − max z) / Σ_k exp(z_k − max z). */
function softmaxRows(z: Matrix, a: Matrix): void {
  const n = z.cols;
  for (let r = 0; r < z.rows; r++) {
    const o = r * n;
    let max = -Infinity;
    for (let j = 0; j < n; j++) max = Math.max(max, z.data[o + j]);
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const e = Math.exp(z.data[o + j] - max);
      a.data[o + j] = e;
      sum += e;
    }
    for (let j = 0; j < n; j++) a.data[o + j] /= sum;
  }
}

/** a = g(z), elementwise (softmax: per row). `a` may be `z` itself. */
export function applyActivation(name: ActivationName, z: Matrix, a: Matrix): void {
  if (name === 'softmax') return softmaxRows(z, a);
  const { output } = ACTIVATIONS[name];
  const length = z.rows * z.cols;
  // a_ij = g(z_ij)
  for (let i = 0; i < length; i++) a.data[i] = output(z.data[i]);
}

/** delta ⊙= g′(z), elementwise. Not defined for softmax (its Jacobian is not diagonal). */
export function multiplyByDerivative(
  name: ActivationName,
  z: Matrix,
  a: Matrix,
  delta: Matrix,
): void {
  if (name === 'softmax') {
    throw new Error(
      'softmax has no elementwise derivative; it is only allowed on the output layer',
    );
  }
  const { der } = ACTIVATIONS[name];
  const length = z.rows * z.cols;
  // δ_ij ← δ_ij · g′(z_ij)
  for (let i = 0; i < length; i++) delta.data[i] *= der(z.data[i], a.data[i]);
}
