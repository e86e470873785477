// The cost C of one sample and the output delta δ⁽ᴸ⁾ = ∂C/∂z⁽ᴸ⁾ for each (loss, output activation)
// pair. A batch's cost is the mean of its samples' costs; δ⁽ᴸ⁾ is kept per sample (one row each),
// and backprop divides by the batch size when it sums the rows into ∂C/∂W and ∂C/∂θ.
import { multiplyByDerivative } from './activation';
import { plainKernels, type Kernels } from './matrix';
import type { ActivationName, LossName, Matrix } from './types';

/** log(1 + e^x) without overflow. */
function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/**
 * Σ over the batch of the per-sample costs (divide by the rows for the mean). Cross-entropy is
 * computed from z (log-softmax, or softplus for sigmoid outputs), so it stays finite where a
 * rounds to 0 or 1.
 *   mse:                      C = ½ Σ_k (a_k − y_k)²
 *   cross-entropy, softmax:   C = −Σ_k y_k log a_k,  log a_k = z_k − log Σ_j e^{z_j}
 *   cross-entropy, sigmoid:   C = −Σ_k [y_k log a_k + (1 − y_k) log(1 − a_k)] = Σ_k softplus(z_k) − y_k z_k
 */
export function sumOfCosts(
  loss: LossName,
  activation: ActivationName,
  z: Matrix,
  a: Matrix,
  Y: Matrix,
): number {
  const n = a.cols;
  let total = 0;
  if (loss === 'mse') {
    const length = a.rows * n;
    // C = ½ Σ (a − y)²
    for (let i = 0; i < length; i++) {
      const e = a.data[i] - Y.data[i];
      total += 0.5 * e * e;
    }
    return total;
  }
  if (activation === 'softmax') {
    for (let r = 0; r < a.rows; r++) {
      const o = r * n;
      let max = -Infinity;
      for (let j = 0; j < n; j++) max = Math.max(max, z.data[o + j]);
      let sumExp = 0;
      for (let j = 0; j < n; j++) sumExp += Math.exp(z.data[o + j] - max);
      const logSum = max + Math.log(sumExp);
      // C = −Σ_k y_k (z_k − log Σ_j e^{z_j})
      for (let k = 0; k < n; k++) {
        const y = Y.data[o + k];
        if (y !== 0) total -= y * (z.data[o + k] - logSum);
      }
    }
    return total;
  }
  if (activation === 'sigmoid') {
    const length = a.rows * n;
    // C = Σ_k softplus(z_k) − y_k z_k
    for (let i = 0; i < length; i++) total += softplus(z.data[i]) - Y.data[i] * z.data[i];
    return total;
  }
  throw new Error(`cross-entropy needs a sigmoid or softmax output layer, not ${activation}`);
}

/** Mean per-sample cost of a batch. */
export function meanCost(
  loss: LossName,
  activation: ActivationName,
  z: Matrix,
  a: Matrix,
  Y: Matrix,
): number {
  return sumOfCosts(loss, activation, z, a, Y) / a.rows;
}

/** p log p, 0 at p = 0 (and for p < 0, which no target mean of 0s and 1s is). */
function xlogx(p: number): number {
  return p > 0 ? p * Math.log(p) : 0;
}

/**
 * The mean cost of the constant prediction ȳ, the targets' column means, in every row: the loss of
 * a model that learnt nothing from its inputs (training measures divergence against it). Per row,
 *   mse:                      ½ Σ_k var(y_k)
 *   cross-entropy, softmax:   −Σ_k ȳ_k log ȳ_k
 *   cross-entropy, sigmoid:   −Σ_k [ȳ_k log ȳ_k + (1 − ȳ_k) log(1 − ȳ_k)]
 * 0 when Y has no rows.
 */
export function constantCost(loss: LossName, activation: ActivationName, Y: Matrix): number {
  const { rows, cols } = Y;
  if (rows === 0) return 0;
  const mean = new Float64Array(cols);
  for (let i = 0; i < rows * cols; i++) mean[i % cols] += Y.data[i] / rows;
  let total = 0;
  if (loss === 'mse') {
    // ½ Σ_k (1/m) Σ_r (y_rk − ȳ_k)²
    for (let i = 0; i < rows * cols; i++) total += (0.5 * (Y.data[i] - mean[i % cols]) ** 2) / rows;
    return total;
  }
  for (const y of mean) {
    // −ȳ log ȳ, and −(1 − ȳ) log(1 − ȳ) for a sigmoid's two-class output
    total -= xlogx(y);
    if (activation !== 'softmax') total -= xlogx(1 - y);
  }
  return total;
}

/** Writes δ⁽ᴸ⁾ = ∂C/∂z⁽ᴸ⁾ of each sample (row) into `delta` (g′ by the kernels where they can). */
export function outputDelta(
  loss: LossName,
  activation: ActivationName,
  z: Matrix,
  a: Matrix,
  Y: Matrix,
  delta: Matrix,
  kernels: Pick<Kernels, 'multiplyByDerivative'> = plainKernels,
): void {
  const n = a.cols;
  const length = a.rows * n;
  if (loss === 'cross-entropy') {
    if (activation !== 'softmax' && activation !== 'sigmoid') {
      throw new Error(`cross-entropy needs a sigmoid or softmax output layer, not ${activation}`);
    }
    if (activation === 'softmax') {
      for (let r = 0; r < a.rows; r++) {
        const o = r * n;
        let sumY = 0;
        for (let k = 0; k < n; k++) sumY += Y.data[o + k];
        // δ_j = a_j Σ_k y_k − y_j  (a − y when the targets are a distribution, Σ y = 1)
        for (let j = 0; j < n; j++) delta.data[o + j] = a.data[o + j] * sumY - Y.data[o + j];
      }
      return;
    }
    // δ⁽ᴸ⁾ = a⁽ᴸ⁾ − y  (the sigmoid's g′ cancels against ∂C/∂a)
    for (let i = 0; i < length; i++) delta.data[i] = a.data[i] - Y.data[i];
    return;
  }
  if (activation === 'softmax') {
    for (let r = 0; r < a.rows; r++) {
      const o = r * n;
      let dot = 0;
      for (let k = 0; k < n; k++) dot += (a.data[o + k] - Y.data[o + k]) * a.data[o + k];
      // δ_j = a_j ((a_j − y_j) − Σ_k (a_k − y_k) a_k)  (softmax Jacobian times ∂C/∂a)
      for (let j = 0; j < n; j++) {
        delta.data[o + j] = a.data[o + j] * (a.data[o + j] - Y.data[o + j] - dot);
      }
    }
    return;
  }
  // δ⁽ᴸ⁾ = (a⁽ᴸ⁾ − y) ⊙ g′(z⁽ᴸ⁾)
  for (let i = 0; i < length; i++) delta.data[i] = a.data[i] - Y.data[i];
  multiplyByDerivative(activation, z, a, delta, kernels);
}

/**
 * δ⁽ᴸ⁾ into `delta`, returning the batch's summed cost. For ½‖a − y‖² with an elementwise g,
 * both come from one pass over a − y where the kernels have `residual`.
 */
export function costAndOutputDelta(
  loss: LossName,
  activation: ActivationName,
  z: Matrix,
  a: Matrix,
  Y: Matrix,
  delta: Matrix,
  kernels: Pick<Kernels, 'multiplyByDerivative' | 'residual'> = plainKernels,
): number {
  if (loss === 'mse' && activation !== 'softmax') {
    // r = a − y, C = ½‖r‖²
    const cost = kernels.residual?.(a, Y, delta) ?? null;
    if (cost !== null) {
      // δ⁽ᴸ⁾ = r ⊙ g′(z⁽ᴸ⁾)
      multiplyByDerivative(activation, z, a, delta, kernels);
      return cost;
    }
  }
  const cost = sumOfCosts(loss, activation, z, a, Y);
  outputDelta(loss, activation, z, a, Y, delta, kernels);
  return cost;
}
