// The forward pass over a batch, one sample per row: z⁽ˡ⁾ = a⁽ˡ⁻¹⁾W⁽ˡ⁾ + θ⁽ˡ⁾, a⁽ˡ⁾ = g(z⁽ˡ⁾). Per
// column vector this is the app's z⁽ˡ⁾ = W⁽ˡ⁾ᵀa⁽ˡ⁻¹⁾ + θ⁽ˡ⁾. The cache keeps every z and a, for
// backprop and for anyone who wants to look at them.
import { applyActivation } from './activation';
import { allocate, createMatrix, plainKernels, type Allocator, type Kernels } from './matrix';
import type { Matrix, Network } from './types';

export interface ForwardCache {
  /** z[l] and a[l] are batch rows × units of layer l; z[0] = a[0] = X (the input has no z). */
  z: Matrix[];
  a: Matrix[];
}

/** Row-major views of W[l] (n_l × n_{l+1}) sharing the network's storage. */
export function weightViews(net: Network): Matrix[] {
  return net.W.map((data, l) => ({ rows: net.topology[l], cols: net.topology[l + 1], data }));
}

/** A cache for batches of `rows` samples (a[0] and z[0] are set to X by each pass). */
export function createForwardCache(
  net: Network,
  rows: number,
  alloc: Allocator = allocate,
): ForwardCache {
  const input = createMatrix(rows, net.topology[0], net.dtype, alloc);
  const z: Matrix[] = [input];
  const a: Matrix[] = [input];
  for (let l = 1; l < net.topology.length; l++) {
    z.push(createMatrix(rows, net.topology[l], net.dtype, alloc));
    a.push(createMatrix(rows, net.topology[l], net.dtype, alloc));
  }
  return { z, a };
}

export function checkInputs(net: Network, X: Matrix, name = 'X'): void {
  if (X.cols !== net.topology[0]) {
    throw new Error(`${name} has ${X.cols} columns but the network has ${net.topology[0]} inputs`);
  }
  if (X.data.length !== X.rows * X.cols) {
    throw new Error(`${name}: data holds ${X.data.length} values, not ${X.rows}×${X.cols}`);
  }
}

/** Runs the forward pass into a preallocated cache (no allocation). */
export function forwardInto(
  net: Network,
  X: Matrix,
  cache: ForwardCache,
  kernels: Kernels = plainKernels,
  W: Matrix[] = weightViews(net),
): void {
  checkInputs(net, X);
  if (cache.z[1].rows !== X.rows) {
    throw new Error(`forward: cache is for ${cache.z[1].rows} rows, X has ${X.rows}`);
  }
  cache.a[0] = X;
  cache.z[0] = X;
  for (let l = 1; l < net.topology.length; l++) {
    const z = cache.z[l];
    const theta = net.theta[l - 1];
    const g = net.activations[l - 1];
    // z⁽ˡ⁾ = a⁽ˡ⁻¹⁾W⁽ˡ⁾ + θ⁽ˡ⁾, a⁽ˡ⁾ = g(z⁽ˡ⁾): in one call if the kernels can, else the product,
    // then + θ and g in one pass if they can
    if (kernels.gemmBiasActivate?.(cache.a[l - 1], W[l - 1], theta, g, z, cache.a[l])) continue;
    kernels.gemm(cache.a[l - 1], W[l - 1], z);
    if (kernels.biasActivate?.(z, theta, g, cache.a[l])) continue;
    kernels.addRowVector(z, theta);
    applyActivation(g, z, cache.a[l]);
  }
}

/** The forward pass of X (batch rows × inputs): every z⁽ˡ⁾ and a⁽ˡ⁾. */
export function forward(net: Network, X: Matrix, kernels: Kernels = plainKernels): ForwardCache {
  checkInputs(net, X);
  const cache = createForwardCache(net, X.rows);
  forwardInto(net, X, cache, kernels);
  return cache;
}

/** Rows per forward pass in predict (bounds the memory of the hidden layers). */
export const PREDICT_CHUNK_ROWS = 1024;

/** The network's outputs a⁽ᴸ⁾ for each row of X, computed chunk by chunk. */
export function predict(net: Network, X: Matrix, kernels: Kernels = plainKernels): Matrix {
  checkInputs(net, X);
  const L = net.topology.length - 1;
  if (
    X.rows <= PREDICT_CHUNK_ROWS &&
    X.data instanceof (net.dtype === 'float32' ? Float32Array : Float64Array)
  ) {
    return forward(net, X, kernels).a[L];
  }
  const out = createMatrix(X.rows, net.topology[L], net.dtype);
  const W = weightViews(net);
  const n0 = X.cols;
  const nL = out.cols;
  for (let start = 0; start < X.rows; start += PREDICT_CHUNK_ROWS) {
    const rows = Math.min(PREDICT_CHUNK_ROWS, X.rows - start);
    const chunk = createMatrix(rows, n0, net.dtype);
    chunk.data.set(X.data.subarray(start * n0, (start + rows) * n0));
    const cache = createForwardCache(net, rows);
    forwardInto(net, chunk, cache, kernels, W);
    out.data.set(cache.a[L].data, start * nL);
  }
  return out;
}
