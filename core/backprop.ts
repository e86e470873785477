// The backward pass: from a forward cache and the targets, every δ⁽ˡ⁾ and the gradients of the
// batch's mean cost. Indices follow the network: dW[l] has the shape of W[l] (joining layer l to
// l+1, the app's ∂C/∂W⁽ˡ⁺¹⁾), dTheta[l] that of theta[l].
import { multiplyByDerivative } from './activation';
import { createForwardCache, forwardInto, weightViews, type ForwardCache } from './forward';
import { costAndOutputDelta, sumOfCosts } from './loss';
import {
  allocate,
  allocatorOf,
  createMatrix,
  plainKernels,
  rowsOf,
  type Allocator,
  type Kernels,
} from './matrix';
import type { FloatArray, Matrix, Network } from './types';

export interface Gradients {
  /** δ⁽ˡ⁾ = ∂C/∂z⁽ˡ⁾ per sample: batch rows × units of layer l; delta[0] is rows × 0 (no z). */
  delta: Matrix[];
  /**
   * ∂C/∂W[l] of the mean batch cost (+ λW[l] with L2), n_l × n_{l+1} row-major; none when the
   * step is taken inside backprop (backpropDescendInto), which never stores them.
   */
  dW: FloatArray[];
  /** ∂C/∂theta[l] of the mean batch cost. */
  dTheta: FloatArray[];
  /** Mean per-sample cost of the batch, without the L2 term. */
  cost: number;
}

export interface BackpropOptions {
  /** λ: adds λ/2 Σ w² (weights only) to the cost, so λW to ∂C/∂W. */
  l2?: number;
  kernels?: Kernels;
}

export function createGradients(
  net: Network,
  rows: number,
  alloc: Allocator = allocate,
  weights = true,
): Gradients {
  const delta = net.topology.map((units, l) =>
    createMatrix(rows, l === 0 ? 0 : units, net.dtype, alloc),
  );
  return {
    delta,
    dW: weights ? net.W.map((W) => alloc(net.dtype, W.length)) : [],
    dTheta: net.theta.map((theta) => alloc(net.dtype, theta.length)),
    cost: NaN,
  };
}

export function checkTargets(net: Network, X: Matrix, Y: Matrix, name = 'Y'): void {
  const outputs = net.topology[net.topology.length - 1];
  if (Y.rows !== X.rows || Y.cols !== outputs) {
    throw new Error(
      `${name} must be ${X.rows}×${outputs} (one row per sample, one column per output), got ${Y.rows}×${Y.cols}`,
    );
  }
}

/** δ⁽ᴸ⁾ of the batch in `cache` against targets Y into delta[L]; returns the sum of its costs. */
function outputDeltaAndCost(
  net: Network,
  cache: ForwardCache,
  Y: Matrix,
  delta: Matrix[],
  kernels: Kernels,
): number {
  const L = net.topology.length - 1; // index of the output layer
  const { z, a } = cache;
  checkTargets(net, a[0], Y);
  const g = net.activations[L - 1];
  // δ⁽ᴸ⁾ = (a⁽ᴸ⁾ − y) ⊙ g′(z⁽ᴸ⁾)   (a − y for cross-entropy with softmax or sigmoid), and the cost
  return costAndOutputDelta(net.loss, g, z[L], a[L], Y, delta[L], kernels);
}

/**
 * From δ⁽ᴸ⁾ down: every δ⁽ˡ⁾ and `scale` Σ_rows of the gradients, set into dW and dTheta, or
 * added to them with `add` (scale 1/m for a batch's mean; 1/n for a chunk of a batch of n rows).
 */
function gradientsInto(
  net: Network,
  cache: ForwardCache,
  delta: Matrix[],
  dW: Matrix[],
  dTheta: FloatArray[],
  scale: number,
  add: boolean,
  kernels: Kernels,
  W: Matrix[],
): void {
  const L = net.topology.length - 1; // index of the output layer
  const { a } = cache;
  const beta = add ? 1 : 0;
  for (let l = L; l >= 1; l--) {
    // ∂C/∂W⁽ˡ⁾ = a⁽ˡ⁻¹⁾δ⁽ˡ⁾ᵀ, averaged over the batch: (1/m) a⁽ˡ⁻¹⁾ᵀ·δ⁽ˡ⁾ in row-batch form
    kernels.gemmTransA(a[l - 1], delta[l], dW[l - 1], scale, beta);
    // ∂C/∂θ⁽ˡ⁾ = δ⁽ˡ⁾, averaged over the batch
    kernels.columnSums(delta[l], dTheta[l - 1], scale, beta);
    if (l > 1) deltaBelow(net, cache, delta, l, W, kernels);
  }
}

/** ∂C/∂W⁽ˡ⁾ += λW⁽ˡ⁾ for every layer. */
function addL2(net: Network, dW: FloatArray[], l2: number): void {
  if (l2 === 0) return;
  net.W.forEach((w, l) => {
    const g = dW[l];
    for (let i = 0; i < w.length; i++) g[i] += l2 * w[i];
  });
}

/** δ⁽ˡ⁻¹⁾ from δ⁽ˡ⁾ (l ≥ 2), through W⁽ˡ⁾ = W[l − 1] as it stands. */
function deltaBelow(
  net: Network,
  cache: ForwardCache,
  delta: Matrix[],
  l: number,
  W: Matrix[],
  kernels: Kernels,
): void {
  // δ⁽ˡ⁻¹⁾ = (W⁽ˡ⁾δ⁽ˡ⁾) ⊙ g′(z⁽ˡ⁻¹⁾)   (row-batch form: δ⁽ˡ⁾·W⁽ˡ⁾ᵀ)
  kernels.gemmTransB(delta[l], W[l - 1], delta[l - 1]);
  multiplyByDerivative(
    net.activations[l - 2],
    cache.z[l - 1],
    cache.a[l - 1],
    delta[l - 1],
    kernels,
  );
}

/**
 * Backprop into preallocated gradients (no allocation). `W` and `dW` may be passed as
 * preallocated row-major views of net.W and grads.dW.
 */
export function backpropInto(
  net: Network,
  cache: ForwardCache,
  Y: Matrix,
  grads: Gradients,
  l2 = 0,
  kernels: Kernels = plainKernels,
  W: Matrix[] = weightViews(net),
  dW: Matrix[] = grads.dW.map((data, l) => ({ rows: W[l].rows, cols: W[l].cols, data })),
): void {
  const m = Y.rows;
  grads.cost = outputDeltaAndCost(net, cache, Y, grads.delta, kernels) / m;
  gradientsInto(net, cache, grads.delta, dW, grads.dTheta, 1 / m, false, kernels, W);
  addL2(net, grads.dW, l2);
}

/** Where a batch trained in chunks sums its gradients (backpropChunkInto). */
export interface GradientSums {
  dW: Matrix[];
  dTheta: FloatArray[];
}

/**
 * Backprop of one chunk of a batch of `n` rows trained in chunks (a batch too large to hold at
 * once): its share (1/n) Σ_rows of the batch's mean gradients into `sums`, set by the first chunk
 * and added to by the others, its δs in `delta`. Returns the sum of the chunk's costs. Over every
 * chunk this is backpropInto of the whole batch but for the order of the sums; ∂C/∂W's λW is
 * added once, by addChunkL2 after the last chunk.
 */
export function backpropChunkInto(
  net: Network,
  cache: ForwardCache,
  Y: Matrix,
  delta: Matrix[],
  sums: GradientSums,
  n: number,
  first: boolean,
  kernels: Kernels = plainKernels,
  W: Matrix[] = weightViews(net),
): number {
  const cost = outputDeltaAndCost(net, cache, Y, delta, kernels);
  gradientsInto(net, cache, delta, sums.dW, sums.dTheta, 1 / n, !first, kernels, W);
  return cost;
}

/** ∂C/∂W += λW after a batch's last chunk (backpropChunkInto). */
export function addChunkL2(net: Network, sums: GradientSums, l2: number): void {
  addL2(
    net,
    sums.dW.map((m) => m.data),
    l2,
  );
}

/** Kernels that can take a gradient-descent step inside the product of its gradient. */
export type DescentKernels = Kernels & Required<Pick<Kernels, 'gemmTransAChange' | 'descend'>>;

export function fusesDescent(kernels: Kernels): kernels is DescentKernels {
  return kernels.gemmTransAChange !== undefined && kernels.descend !== undefined;
}

/**
 * Backprop fused with one step of plain gradient descent, for kernels that take the step inside
 * the product of its gradient (gemmTransAChange): ∂C/∂W is never stored, each W⁽ˡ⁾ moves right
 * after δ⁽ˡ⁻¹⁾ has used it. The same update as backpropInto followed by SGD (with L2, λW folds
 * into the step as weight decay), rounded once less. Leaves the parameters alone if the cost is
 * not finite. Returns the largest |Δp| over every parameter (NaN if a change is NaN).
 */
export function backpropDescendInto(
  net: Network,
  cache: ForwardCache,
  Y: Matrix,
  grads: Gradients,
  learningRate: number,
  l2: number,
  kernels: DescentKernels,
  W: Matrix[] = weightViews(net),
): number {
  const L = net.topology.length - 1; // index of the output layer
  const { a } = cache;
  const { delta } = grads;
  const lr = learningRate;
  const m = Y.rows;
  grads.cost = outputDeltaAndCost(net, cache, Y, delta, kernels) / m;
  if (!Number.isFinite(grads.cost)) return NaN;
  let maxChange = 0;
  for (let l = L; l >= 1; l--) {
    // δ⁽ˡ⁻¹⁾ with W⁽ˡ⁾ before its step
    if (l > 1) deltaBelow(net, cache, delta, l, W, kernels);
    // W⁽ˡ⁾ ← W⁽ˡ⁾ − α(∂C/∂W⁽ˡ⁾ + λW⁽ˡ⁾) = (1 − αλ)W⁽ˡ⁾ − (α/m) a⁽ˡ⁻¹⁾ᵀ·δ⁽ˡ⁾
    const changeW = kernels.gemmTransAChange(a[l - 1], delta[l], W[l - 1], -lr / m, 1 - lr * l2);
    // θ⁽ˡ⁾ ← θ⁽ˡ⁾ − α ∂C/∂θ⁽ˡ⁾, with ∂C/∂θ⁽ˡ⁾ = δ⁽ˡ⁾ averaged over the batch
    kernels.columnSums(delta[l], grads.dTheta[l - 1], 1 / m, 0);
    const changeTheta = kernels.descend(net.theta[l - 1], grads.dTheta[l - 1], lr);
    // Math.max keeps a NaN.
    maxChange = Math.max(maxChange, changeW, changeTheta);
  }
  return maxChange;
}

/** Every δ⁽ˡ⁾, ∂C/∂W and ∂C/∂θ of the batch in `cache` (from forward) against targets Y. */
export function backprop(
  net: Network,
  cache: ForwardCache,
  Y: Matrix,
  options: BackpropOptions = {},
): Gradients {
  const grads = createGradients(net, cache.a[0].rows);
  backpropInto(net, cache, Y, grads, options.l2 ?? 0, options.kernels ?? plainKernels);
  return grads;
}

/** Rows per forward pass when a cost is computed over a whole data set (bounds the memory). */
export const COST_CHUNK_ROWS = 1024;

/**
 * ∂C/∂W (+ λW) and ∂C/∂θ of the mean cost over every row of X, and that mean cost (without the
 * L2 term), computed COST_CHUNK_ROWS rows at a time: the memory of one chunk's activations and
 * deltas however many rows there are. Up to COST_CHUNK_ROWS rows, exactly backprop's gradients.
 */
export function meanGradients(
  net: Network,
  X: Matrix,
  Y: Matrix,
  l2 = 0,
  kernels: Kernels = plainKernels,
): { dW: FloatArray[]; dTheta: FloatArray[]; cost: number } {
  checkTargets(net, X, Y);
  const n = X.rows;
  const W = weightViews(net);
  const sums: GradientSums = {
    dW: W.map((w) => createMatrix(w.rows, w.cols, net.dtype)),
    dTheta: net.theta.map((t) => allocate(net.dtype, t.length)),
  };
  // Buffers of a chunk's size: a whole chunk's, and a short last one's
  const buffers = new Map<number, { cache: ForwardCache; delta: Matrix[] }>();
  const buffersOf = (rows: number) => {
    let b = buffers.get(rows);
    if (!b) {
      b = {
        cache: createForwardCache(net, rows),
        delta: createGradients(net, rows, allocate, false).delta,
      };
      buffers.set(rows, b);
    }
    return b;
  };
  let costs = 0;
  for (let start = 0; start < n; start += COST_CHUNK_ROWS) {
    const rows = Math.min(COST_CHUNK_ROWS, n - start);
    const { cache, delta } = buffersOf(rows);
    forwardInto(net, rowsOf(X, start, rows), cache, kernels, W);
    costs += backpropChunkInto(
      net,
      cache,
      rowsOf(Y, start, rows),
      delta,
      sums,
      n,
      start === 0,
      kernels,
      W,
    );
  }
  addChunkL2(net, sums, l2);
  return { dW: sums.dW.map((m) => m.data), dTheta: sums.dTheta, cost: costs / n };
}

/** Evaluates mean costs of whole data sets in chunks, reusing its buffers. */
export class CostEvaluator {
  readonly #net: Network;
  readonly #kernels: Kernels;
  readonly #caches = new Map<number, { X: Matrix; Y: Matrix; cache: ForwardCache }>();
  readonly #W: Matrix[];

  constructor(net: Network, kernels: Kernels = plainKernels) {
    this.#net = net;
    this.#kernels = kernels;
    this.#W = weightViews(net);
  }

  #buffers(rows: number) {
    let buffers = this.#caches.get(rows);
    if (!buffers) {
      const net = this.#net;
      buffers = {
        X: createMatrix(rows, net.topology[0], net.dtype, allocatorOf(this.#kernels)),
        Y: createMatrix(
          rows,
          net.topology[net.topology.length - 1],
          net.dtype,
          allocatorOf(this.#kernels),
        ),
        cache: createForwardCache(net, rows, allocatorOf(this.#kernels)),
      };
      this.#caches.set(rows, buffers);
    }
    return buffers;
  }

  /** Mean per-sample cost over all rows of X (no L2 term). */
  cost(X: Matrix, Y: Matrix): number {
    if (X.rows === 0) {
      checkTargets(this.#net, X, Y);
      return NaN;
    }
    // C = (1/n) Σ_samples C_sample, summed chunk by chunk in row order
    return this.sum(X, Y, 0, X.rows) / X.rows;
  }

  /**
   * `total` plus the per-sample costs of rows [from, to) of X, added chunk by chunk (chunks of
   * COST_CHUNK_ROWS counted from row 0: `from` a multiple of it). Passing each range's total on
   * to the next, in row order, gives cost()'s sum to the last digit, so a caller can spread one
   * evaluation over slices.
   */
  sum(X: Matrix, Y: Matrix, from: number, to: number, total = 0): number {
    const net = this.#net;
    checkTargets(net, X, Y);
    const L = net.topology.length - 1;
    const g = net.activations[L - 1];
    const n0 = X.cols;
    const nL = Y.cols;
    for (let start = from; start < to; start += COST_CHUNK_ROWS) {
      const rows = Math.min(COST_CHUNK_ROWS, X.rows - start);
      const { X: Xc, Y: Yc, cache } = this.#buffers(rows);
      if (X.data.constructor === Xc.data.constructor && rows === X.rows) {
        forwardInto(net, X, cache, this.#kernels, this.#W);
        total += sumOfCosts(net.loss, g, cache.z[L], cache.a[L], Y);
      } else {
        Xc.data.set(X.data.subarray(start * n0, (start + rows) * n0));
        Yc.data.set(Y.data.subarray(start * nL, (start + rows) * nL));
        forwardInto(net, Xc, cache, this.#kernels, this.#W);
        total += sumOfCosts(net.loss, g, cache.z[L], cache.a[L], Yc);
      }
    }
    return total;
  }
}

/** Mean per-sample cost of the network over all rows of X against Y (no L2 term). */
export function cost(net: Network, X: Matrix, Y: Matrix, kernels: Kernels = plainKernels): number {
  return new CostEvaluator(net, kernels).cost(X, Y);
}

/** λ/2 Σ w² over every weight (not the biases). */
export function l2Penalty(net: Network, l2: number): number {
  let sum = 0;
  for (const W of net.W) for (let i = 0; i < W.length; i++) sum += W[i] * W[i];
  return 0.5 * l2 * sum;
}
