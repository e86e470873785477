// The decision surface: the network's outputs (and, on request, every hidden neuron) over a grid
// spanning two inputs, the other inputs held at their means, in the user's units. The session
// passes the training rows before normalization and the fitted normalization; the forward pass
// is the engine's.
import { scaledMean } from '../../core/binary-scale';
import { forward } from '../../core/forward';
import { createMatrix } from '../../core/matrix';
import { classIndices } from '../../core/metrics';
import type { Matrix, Network } from '../../core/types';
import type { SurfaceRequest, SurfaceResult } from '../shared/api';
import { sampleRows } from '../shared/sample-rows';

export interface SurfaceContext {
  net: Network;
  /** Training inputs in the user's units (after encoding, before normalization). */
  rawX: Matrix;
  /** Training targets as the network sees them (one-hot classes, or values). */
  Y: Matrix;
  /** Class labels, or null for a numeric target. */
  labels: string[] | null;
  /** Raw input rows → what the network sees (the fitted normalization). */
  normalize: (X: Matrix) => Matrix;
}

/** Most cells per side a request may ask for (the grid is resolution² forward passes). */
export const MAX_RESOLUTION = 200;

function column(X: Matrix, f: number): number[] {
  return Array.from({ length: X.rows }, (_, r) => X.data[r * X.cols + f]);
}

/** [min, max] of the values, widened by 5% on each side (and to ±1 around a constant). */
export function paddedRange(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  if (!Number.isFinite(lo)) return [-1, 1];
  if (lo === hi) return [lo - 1, hi + 1];
  // 5% of hi − lo, as 5% of each (hi − lo overflows from −1e308 to 1e308), kept within a float64
  const pad = 0.05 * hi - 0.05 * lo;
  return [Math.max(lo - pad, -Number.MAX_VALUE), Math.min(hi + pad, Number.MAX_VALUE)];
}

/**
 * Class index of target row r: argmax of one-hot, or a ≥ ½ for one sigmoid output; for a numeric
 * target, its value for output unit `output`.
 */
function targetOf(Y: Matrix, r: number, classes: boolean, output: number): number {
  const o = r * Y.cols;
  if (!classes) return Y.data[o + output];
  if (Y.cols === 1) return Y.data[o] >= 0.5 ? 1 : 0;
  let k = 0;
  for (let j = 1; j < Y.cols; j++) if (Y.data[o + j] > Y.data[o + k]) k = j;
  return k;
}

/** A numeric 0/1 target on one sigmoid output is a binary classifier (XOR): draw it as classes. */
function isBinary(net: Network, Y: Matrix): boolean {
  if (Y.cols !== 1 || net.activations[net.activations.length - 1] !== 'sigmoid') return false;
  for (const v of Y.data) if (v !== 0 && v !== 1) return false;
  return true;
}

export function decisionSurface(ctx: SurfaceContext, req: SurfaceRequest): SurfaceResult {
  const { net, rawX, Y } = ctx;
  const n0 = rawX.cols;
  for (const [name, f] of [
    ['xFeature', req.xFeature],
    ['yFeature', req.yFeature],
  ] as const) {
    if (!Number.isInteger(f) || f < 0 || f >= n0) {
      throw new Error(`Decision surface: ${name} ${f} is not an input; inputs are 0 to ${n0 - 1}`);
    }
  }
  const units = net.topology[net.topology.length - 1];
  if (!Number.isInteger(req.output) || req.output < 0 || req.output >= units) {
    throw new Error(
      `Decision surface: output ${req.output} is not an output unit; they are 0 to ${units - 1}`,
    );
  }
  const res = req.resolution;
  if (!Number.isInteger(res) || res < 2 || res > MAX_RESOLUTION) {
    throw new Error(
      `Decision surface: resolution ${res} must be an integer from 2 to ${MAX_RESOLUTION}`,
    );
  }
  if (rawX.rows === 0) throw new Error('Decision surface: there are no training rows');
  const xs = column(rawX, req.xFeature);
  const ys = column(rawX, req.yFeature);
  const xRange = paddedRange(xs);
  const yRange = paddedRange(ys);
  const means = Array.from({ length: n0 }, (_, f) => scaledMean(column(rawX, f)));

  // One row per cell, row-major from the top: cell (r, c) sits at the centre of its square.
  const grid = createMatrix(res * res, n0, 'float64');
  for (let r = 0; r < res; r++) {
    const y = yRange[1] - ((r + 0.5) / res) * (yRange[1] - yRange[0]);
    for (let c = 0; c < res; c++) {
      const x = xRange[0] + ((c + 0.5) / res) * (xRange[1] - xRange[0]);
      const o = (r * res + c) * n0;
      for (let f = 0; f < n0; f++) grid.data[o + f] = means[f];
      grid.data[o + req.xFeature] = x;
      grid.data[o + req.yFeature] = y;
    }
  }
  const { a } = forward(net, ctx.normalize(grid));
  const L = a.length - 1;
  const planes = (m: Matrix): number[][] => Array.from({ length: m.cols }, (_, j) => column(m, j));
  const labels = ctx.labels ?? (isBinary(net, Y) ? ['0', '1'] : null);
  const classes = labels !== null;
  // The points drawn: every row of a small set, an even sample of each class of a large one.
  const shown = sampleRows(classes ? classIndices(Y) : new Uint8Array(rawX.rows));
  return {
    xRange,
    yRange,
    resolution: res,
    outputs: planes(a[L]),
    hidden: req.hidden ? a.slice(1, L).map(planes) : [],
    points: shown.map((r) => ({ x: xs[r], y: ys[r], target: targetOf(Y, r, classes, req.output) })),
    totalPoints: rawX.rows,
    labels: labels ?? [],
    output: req.output,
  };
}
