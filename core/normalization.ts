// Normalization of the inputs, fitted on the training rows only and kept in the model, so a new
// row is scaled exactly as the training rows were: x' = (x − offset) / scale, per feature.
//   none:    offset 0,        scale 1
//   zscore:  offset mean,     scale standard deviation (population; 1 for a constant feature)
//   minmax:  offset minimum,  scale maximum − minimum (1 for a constant feature), so x' ∈ [0, 1]
import { allocate, dtypeOf } from './matrix';
import type { Matrix, NormalizationName } from './types';

export const NORMALIZATION_NAMES: readonly NormalizationName[] = ['none', 'zscore', 'minmax'];

export interface Normalization {
  method: NormalizationName;
  /** Per input feature. */
  offset: number[];
  scale: number[];
}

/** The identity: offset 0 and scale 1 for each of `features`. */
export function noNormalization(features: number): Normalization {
  return {
    method: 'none',
    offset: new Array<number>(features).fill(0),
    scale: new Array<number>(features).fill(1),
  };
}

/** Fits offset and scale on the rows `rows` of X (all rows if omitted), in float64. */
export function fitNormalization(
  method: NormalizationName,
  X: Matrix,
  rows?: ArrayLike<number>,
): Normalization {
  const n = X.cols;
  if (method === 'none') return noNormalization(n);
  const count = rows ? rows.length : X.rows;
  const rowAt = (k: number): number => (rows ? rows[k] : k);
  if (count === 0) throw new Error('normalization: there are no training rows to fit it on');
  const offset = new Array<number>(n).fill(0);
  const scale = new Array<number>(n).fill(1);
  if (method === 'minmax') {
    const min = new Array<number>(n).fill(Infinity);
    const max = new Array<number>(n).fill(-Infinity);
    for (let k = 0; k < count; k++) {
      const base = rowAt(k) * n;
      for (let c = 0; c < n; c++) {
        const x = X.data[base + c];
        if (x < min[c]) min[c] = x;
        if (x > max[c]) max[c] = x;
      }
    }
    for (let c = 0; c < n; c++) {
      offset[c] = min[c];
      scale[c] = max[c] > min[c] ? max[c] - min[c] : 1;
    }
    return { method, offset, scale };
  }
  // μ_c = Σ_k x_kc / m
  const mean = new Array<number>(n).fill(0);
  for (let k = 0; k < count; k++) {
    const base = rowAt(k) * n;
    for (let c = 0; c < n; c++) mean[c] += X.data[base + c];
  }
  for (let c = 0; c < n; c++) mean[c] /= count;
  // d_c = max_k |x_kc − μ_c|: deviations are squared relative to it, so a tiny or huge spread
  // neither underflows nor overflows (as hypot does)
  const spread = new Array<number>(n).fill(0);
  for (let k = 0; k < count; k++) {
    const base = rowAt(k) * n;
    for (let c = 0; c < n; c++)
      spread[c] = Math.max(spread[c], Math.abs(X.data[base + c] - mean[c]));
  }
  // σ_c = d_c √(Σ_k ((x_kc − μ_c) / d_c)² / m)
  const sumOfSquares = new Array<number>(n).fill(0);
  for (let k = 0; k < count; k++) {
    const base = rowAt(k) * n;
    for (let c = 0; c < n; c++)
      if (spread[c] > 0) sumOfSquares[c] += ((X.data[base + c] - mean[c]) / spread[c]) ** 2;
  }
  for (let c = 0; c < n; c++) {
    const std = spread[c] * Math.sqrt(sumOfSquares[c] / count);
    offset[c] = mean[c];
    scale[c] = std > 0 ? std : 1;
  }
  return { method, offset, scale };
}

/** A new matrix (same dtype) with x' = (x − offset) / scale in every column. */
export function applyNormalization(norm: Normalization, X: Matrix): Matrix {
  if (norm.offset.length !== X.cols || norm.scale.length !== X.cols) {
    throw new Error(
      `normalization: fitted on ${norm.offset.length} features, the data has ${X.cols}`,
    );
  }
  const out = allocate(dtypeOf(X.data), X.data.length);
  const { offset, scale } = norm;
  for (let r = 0; r < X.rows; r++) {
    const base = r * X.cols;
    for (let c = 0; c < X.cols; c++) out[base + c] = (X.data[base + c] - offset[c]) / scale[c];
  }
  return { rows: X.rows, cols: X.cols, data: out };
}
