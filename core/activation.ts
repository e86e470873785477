// The activation functions g, each beside its derivative g′. `der` receives both z and a = g(z),
// so each derivative uses whichever is cheaper: the sigmoid's is a(1 − a), from its output.
// `forward` and `backward` are the same formulas written as loops over whole arrays: what the
// engine runs (a loop per activation keeps each call site monomorphic, so V8 inlines the math;
// activation.test.ts checks that both forms agree).
// Softmax couples a row's units, so it has no elementwise form: it lives in `applyActivation`,
// and its derivative is folded into the output delta (see loss.ts).
import type { Kernels } from './matrix';
import type { ActivationName, FloatArray, Matrix } from './types';

export interface ElementwiseActivation {
  /** a = g(z) */
  output(z: number): number;
  /** g′(z), given z and a = g(z) */
  der(z: number, a: number): number;
  /** a[i] = g(z[i]) for i < n */
  forward(z: FloatArray, a: FloatArray, n: number): void;
  /** delta[i] ← delta[i] · g′(z[i]) for i < n */
  backward(z: FloatArray, a: FloatArray, delta: FloatArray, n: number): void;
}

export const LEAKY_RELU_SLOPE = 0.01;

export const ACTIVATIONS: Record<Exclude<ActivationName, 'softmax'>, ElementwiseActivation> = {
  sigmoid: {
    output: (z) => 1 / (1 + Math.exp(-z)),
    der: (_z, a) => a * (1 - a),
    forward(z, a, n) {
      for (let i = 0; i < n; i++) a[i] = 1 / (1 + Math.exp(-z[i]));
    },
    backward(_z, a, delta, n) {
      for (let i = 0; i < n; i++) delta[i] *= a[i] * (1 - a[i]);
    },
  },
  tanh: {
    output: (z) => Math.tanh(z),
    der: (_z, a) => 1 - a * a,
    forward(z, a, n) {
      for (let i = 0; i < n; i++) a[i] = Math.tanh(z[i]);
    },
    backward(_z, a, delta, n) {
      for (let i = 0; i < n; i++) delta[i] *= 1 - a[i] * a[i];
    },
  },
  relu: {
    output: (z) => (z > 0 ? z : 0),
    der: (z) => (z > 0 ? 1 : 0),
    forward(z, a, n) {
      for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : 0;
    },
    backward(z, _a, delta, n) {
      for (let i = 0; i < n; i++) delta[i] *= z[i] > 0 ? 1 : 0;
    },
  },
  'leaky-relu': {
    output: (z) => (z > 0 ? z : LEAKY_RELU_SLOPE * z),
    der: (z) => (z > 0 ? 1 : LEAKY_RELU_SLOPE),
    forward(z, a, n) {
      for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : LEAKY_RELU_SLOPE * z[i];
    },
    backward(z, _a, delta, n) {
      for (let i = 0; i < n; i++) delta[i] *= z[i] > 0 ? 1 : LEAKY_RELU_SLOPE;
    },
  },
  identity: {
    output: (z) => z,
    der: () => 1,
    forward(z, a, n) {
      if (a !== z) for (let i = 0; i < n; i++) a[i] = z[i];
    },
    backward() {},
  },
};

/** What a hidden layer may compute (softmax is an output layer's only). */
export const HIDDEN_ACTIVATIONS: readonly ActivationName[] = [
  'sigmoid',
  'tanh',
  'relu',
  'leaky-relu',
  'identity',
];

/**
 * What an output layer may compute, as the app lists them: softmax and sigmoid for classes, then
 * identity for numbers, then the rest (relu for a target that is never negative).
 */
export const OUTPUT_ACTIVATIONS: readonly ActivationName[] = [
  'softmax',
  'sigmoid',
  'identity',
  'tanh',
  'relu',
  'leaky-relu',
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
  // a_ij = g(z_ij)
  ACTIVATIONS[name].forward(z.data, a.data, z.rows * z.cols);
}

/**
 * delta ⊙= g′(z), elementwise, by the kernels where they run g (e.g. in WebAssembly). Not defined
 * for softmax (its Jacobian is not diagonal).
 */
export function multiplyByDerivative(
  name: ActivationName,
  z: Matrix,
  a: Matrix,
  delta: Matrix,
  kernels?: Pick<Kernels, 'multiplyByDerivative'>,
): void {
  if (name === 'softmax') {
    throw new Error(
      'softmax has no elementwise derivative; it is only allowed on the output layer',
    );
  }
  if (kernels?.multiplyByDerivative?.(name, z, a, delta)) return;
  // δ_ij ← δ_ij · g′(z_ij)
  ACTIVATIONS[name].backward(z.data, a.data, delta.data, z.rows * z.cols);
}
