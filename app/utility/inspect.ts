// The backprop inspector's data: one training row through the engine's forward pass and
// backprop, every z⁽ˡ⁾, a⁽ˡ⁾, g′(z⁽ˡ⁾), δ⁽ˡ⁾ and gradient as plain arrays (layer 0 = the input).
// Nothing here does the math itself: forward, backprop, the costs and g′ are the engine's.
// The TrainingSession calls `inspectRow` with its network and (normalized) training data.
// A weight-shaped matrix (W, ∂C/∂W) goes out as its first rows and columns, at most the request's
// maxShown of each, with the largest |value| of the whole (a 4096-4096 W is 16.7 M numbers; the
// page shows 32 × 32 of them and must not get a reply Chromium refuses).
import { ACTIVATIONS } from '../../core/activation';
import { backprop, meanGradients } from '../../core/backprop';
import { forward } from '../../core/forward';
import { rowsOf } from '../../core/matrix';
import { sumOfCosts } from '../../core/loss';
import type { FloatArray, Matrix, Network } from '../../core/types';
import type { InspectRequest, Inspection } from '../shared/api';
import { INSPECT_MAX_SHOWN, shownShape } from '../shared/shown-block';

export interface InspectContext {
  net: Network;
  /** The training rows as the network sees them (after encoding and normalization). */
  X: Matrix;
  Y: Matrix;
  learningRate: number;
  /** Rows per batch (0 = all); the batch mean is taken over the batch holding the row. */
  batchSize: number;
  /** λ of L2, included in the batch-mean gradient (the one a step uses), not in the row's. */
  l2: number;
}

const ROW_CHUNK = 1024;

const toRows = (m: Matrix): number[][] =>
  Array.from({ length: m.rows }, (_, r) => Array.from(rowsOf(m, r, 1).data));

/** The training row with the largest cost at the current parameters (first one on ties). */
export function worstRow(net: Network, X: Matrix, Y: Matrix): number {
  const L = net.topology.length - 1;
  const g = net.activations[L - 1];
  let worst = 0;
  let worstCost = -Infinity;
  for (let start = 0; start < X.rows; start += ROW_CHUNK) {
    const rows = Math.min(ROW_CHUNK, X.rows - start);
    const { z, a } = forward(net, rowsOf(X, start, rows));
    const Yc = rowsOf(Y, start, rows);
    for (let r = 0; r < rows; r++) {
      // C of row r alone
      const c = sumOfCosts(net.loss, g, rowsOf(z[L], r, 1), rowsOf(a[L], r, 1), rowsOf(Yc, r, 1));
      if (c > worstCost || Number.isNaN(c)) {
        worstCost = c;
        worst = start + r;
        if (Number.isNaN(c)) return worst;
      }
    }
  }
  return worst;
}

/** g′(z⁽ˡ⁾) of one row, by the engine's activation derivatives (softmax: the Jacobian's diagonal). */
function derivative(net: Network, l: number, z: Matrix, a: Matrix): number[] {
  const name = net.activations[l - 1];
  const out: number[] = [];
  for (let j = 0; j < z.cols; j++) {
    // softmax: ∂a_j/∂z_j = a_j (1 − a_j)
    out.push(
      name === 'softmax'
        ? a.data[j] * (1 - a.data[j])
        : ACTIVATIONS[name].der(z.data[j], a.data[j]),
    );
  }
  return out;
}

/** The first min(rows, maxShown) rows and min(cols, maxShown) columns of a row-major rows × cols. */
export function topLeft(
  flat: ArrayLike<number>,
  rows: number,
  cols: number,
  maxShown: number,
): number[][] {
  const shown = shownShape(rows, cols, maxShown);
  return Array.from({ length: shown.rows }, (_, i) =>
    Array.from({ length: shown.cols }, (_, j) => flat[i * cols + j]),
  );
}

/** Largest finite |value| (0 when there is none) of W, ∂C/∂W and W − α∂C/∂W, whole, in one pass. */
export function wholeMaxAbs(
  W: FloatArray,
  dW: FloatArray,
  α: number,
): { W: number; dW: number; update: number } {
  let mW = 0;
  let mdW = 0;
  let mUpdate = 0;
  for (let i = 0; i < W.length; i++) {
    // |w_i|, |∂C/∂w_i|, |w_i − α ∂C/∂w_i|; NaN and ±Infinity left out
    const w = Math.abs(W[i]);
    const d = Math.abs(dW[i]);
    const u = Math.abs(W[i] - α * dW[i]);
    if (w > mW && w < Infinity) mW = w;
    if (d > mdW && d < Infinity) mdW = d;
    if (u > mUpdate && u < Infinity) mUpdate = u;
  }
  return { W: mW, dW: mdW, update: mUpdate };
}

type WholeMaxAbs = ReturnType<typeof wholeMaxAbs>;
/** One of the maxima, by weight layer. */
const each = (layers: WholeMaxAbs[], key: keyof WholeMaxAbs): number[] => layers.map((m) => m[key]);

export function inspectRow(ctx: InspectContext, request: InspectRequest): Inspection {
  const { net, X, Y } = ctx;
  const n = X.rows;
  if (n === 0) throw new Error('Inspect: there are no training rows (load data first)');
  const row = request.row === 'worst' ? worstRow(net, X, Y) : request.row;
  if (!Number.isInteger(row) || row < 0 || row >= n) {
    throw new Error(`Inspect: row ${request.row} does not exist; training rows are 0 to ${n - 1}`);
  }
  const maxShown = request.maxShown ?? INSPECT_MAX_SHOWN;
  const top = net.topology;
  const block = (flat: FloatArray, l: number) => topLeft(flat, top[l], top[l + 1], maxShown);
  const α = ctx.learningRate;
  const x1 = rowsOf(X, row, 1);
  const y1 = rowsOf(Y, row, 1);
  const cache = forward(net, x1);
  const grads = backprop(net, cache, y1);
  const whole = net.W.map((W, l) => wholeMaxAbs(W, grads.dW[l], α));

  let batchMean: Inspection['batchMean'] = null;
  if (request.batchMean) {
    const size = ctx.batchSize > 0 ? Math.min(ctx.batchSize, n) : n;
    const start = Math.floor(row / size) * size;
    const rows = Math.min(size, n - start);
    // Chunk by chunk: a full batch of 200,000 rows would hold every row's activations at once.
    const bGrads = meanGradients(net, rowsOf(X, start, rows), rowsOf(Y, start, rows), ctx.l2);
    const mean = net.W.map((W, l) => wholeMaxAbs(W, bGrads.dW[l], α));
    batchMean = {
      rows,
      dW: bGrads.dW.map(block),
      dTheta: bGrads.dTheta.map((d) => Array.from(d)),
      maxAbs: { dW: each(mean, 'dW'), update: each(mean, 'update') },
    };
  }

  return {
    row,
    trainingRows: n,
    loss: net.loss,
    x: Array.from(x1.data),
    y: Array.from(y1.data),
    z: cache.z.map((m, l) => (l === 0 ? [] : toRows(m)[0])),
    a: cache.a.map((m) => toRows(m)[0]),
    gPrime: cache.z.map((z, l) => (l === 0 ? [] : derivative(net, l, z, cache.a[l]))),
    delta: grads.delta.map((d, l) => (l === 0 ? [] : toRows(d)[0])),
    dW: grads.dW.map(block),
    dTheta: grads.dTheta.map((d) => Array.from(d)),
    cost: grads.cost,
    batchMean,
    network: {
      topology: [...top],
      activations: [...net.activations],
      weights: net.W.map(block),
      biases: net.theta.map((θ) => Array.from(θ)),
    },
    learningRate: α,
    maxShown,
    maxAbs: { W: each(whole, 'W'), dW: each(whole, 'dW'), update: each(whole, 'update') },
  };
}
