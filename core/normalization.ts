// Normalization of the inputs, fitted on the training rows only and kept in the model, so a new
// row is scaled exactly as the training rows were: x' = (x − offset) / scale, per feature.
//   none:    offset 0,        scale 1
//   zscore:  offset mean,     scale standard deviation (population; 1 for a constant feature)
//   minmax:  offset minimum,  scale maximum − minimum (1 for a constant feature), so x' ∈ [0, 1]
import { binaryScale } from './binary-scale';
import { DataError } from './data-error';
import { allocate, dtypeOf } from './matrix';
import type { Matrix, NormalizationName } from './types';

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

/**
 * Checks a normalization read back (from a model file or a project) against what fitNormalization
 * gives: an offset and a scale for each of `features`, every scale > 0 (a standard deviation or a
 * range, 1 for a constant feature; JSON holds no NaN or Infinity), and for `none` offset 0 and
 * scale 1. Returns [field, problem], the field below the normalization (`scale[2]`), or null.
 */
export function normalizationProblem(
  norm: Normalization,
  features: number,
): [string, string] | null {
  for (const key of ['offset', 'scale'] as const) {
    if (norm[key].length !== features) {
      return [key, `expected ${features} numbers (one per input feature), got ${norm[key].length}`];
    }
  }
  for (let c = 0; c < features; c++) {
    const [mu, s] = [norm.offset[c], norm.scale[c]];
    if (!Number.isFinite(mu)) return [`offset[${c}]`, `must be a finite number, got ${mu}`];
    if (s === 0) return [`scale[${c}]`, 'must not be 0'];
    if (!(s > 0) || !Number.isFinite(s)) {
      return [`scale[${c}]`, `must be a finite number > 0 (a spread of the feature), got ${s}`];
    }
    if (norm.method === 'none' && (mu !== 0 || s !== 1)) {
      const [field, want, got] = mu !== 0 ? ['offset', 0, mu] : ['scale', 1, s];
      return [`${field}[${c}]`, `must be ${want} (method "none"), got ${got}`];
    }
  }
  return null;
}

/**
 * How errors name the data a matrix came from: the file, input feature c's column ("column 2
 * "age""), and matrix row r's row in the file. Without it, errors name the feature and matrix row.
 */
export interface DataNames {
  file: string;
  column(c: number): string;
  row(r: number): number;
}

const MATRIX_NAMES: DataNames = {
  file: 'normalization',
  column: (c) => `feature ${c + 1}`,
  row: (r) => r + 1,
};

/**
 * Fits offset and scale on the rows `rows` of X (all rows if omitted), in float64. Any finite
 * column has a finite mean and standard deviation; a min-max range beyond a float64 (from −1e308
 * to 1e308) is a DataError naming the column and the rows of its extremes.
 */
export function fitNormalization(
  method: NormalizationName,
  X: Matrix,
  rows?: ArrayLike<number>,
  names: DataNames = MATRIX_NAMES,
): Normalization {
  const n = X.cols;
  if (method === 'none') return noNormalization(n);
  const count = rows ? rows.length : X.rows;
  const rowAt = (k: number): number => (rows ? rows[k] : k);
  if (count === 0) throw new Error('normalization: there are no training rows to fit it on');
  const offset = new Array<number>(n).fill(0);
  const scale = new Array<number>(n).fill(1);
  // The rows (matrix rows) of each column's smallest and largest value.
  const argMin = new Array<number>(n).fill(rowAt(0));
  const argMax = new Array<number>(n).fill(rowAt(0));
  for (let k = 1; k < count; k++) {
    const r = rowAt(k);
    for (let c = 0; c < n; c++) {
      const x = X.data[r * n + c];
      if (x < X.data[argMin[c] * n + c]) argMin[c] = r;
      if (x > X.data[argMax[c] * n + c]) argMax[c] = r;
    }
  }
  const min = argMin.map((r, c) => X.data[r * n + c]);
  const max = argMax.map((r, c) => X.data[r * n + c]);
  if (method === 'minmax') {
    for (let c = 0; c < n; c++) {
      offset[c] = min[c];
      scale[c] = max[c] > min[c] ? max[c] - min[c] : 1;
      if (scale[c] === Infinity) {
        throw new DataError(
          `${names.file}: ${names.column(c)} runs from ${min[c]} (row ${names.row(argMin[c])}) to ${max[c]} (row ${names.row(argMax[c])}), a range larger than a float64 holds (1.8e308), so min-max normalization cannot scale it; use z-score normalization`,
        );
      }
    }
    return { method, offset, scale };
  }
  // Each column is summed as u = x / s_c, s_c = 2^⌊log₂ max|x|⌋, so |u| < 2 and no sum overflows;
  // s_c is a power of two, so for everyday numbers this is exactly the sum of the x.
  const s = min.map((lo, c) => binaryScale(Math.max(Math.abs(lo), Math.abs(max[c]))));
  // μ_c = s_c Σ_k u_kc / m
  const mean = new Array<number>(n).fill(0);
  for (let k = 0; k < count; k++) {
    const base = rowAt(k) * n;
    for (let c = 0; c < n; c++) mean[c] += X.data[base + c] / s[c];
  }
  for (let c = 0; c < n; c++) mean[c] /= count;
  // d_c = max_k |u_kc − μ_c / s_c|: deviations are squared relative to it, so a tiny or huge
  // spread neither underflows nor overflows (as hypot does)
  const spread = new Array<number>(n).fill(0);
  for (let k = 0; k < count; k++) {
    const base = rowAt(k) * n;
    for (let c = 0; c < n; c++)
      spread[c] = Math.max(spread[c], Math.abs(X.data[base + c] / s[c] - mean[c]));
  }
  // σ_c = s_c d_c √(Σ_k ((u_kc − μ_c / s_c) / d_c)² / m)
  const sumOfSquares = new Array<number>(n).fill(0);
  for (let k = 0; k < count; k++) {
    const base = rowAt(k) * n;
    for (let c = 0; c < n; c++)
      if (spread[c] > 0) sumOfSquares[c] += ((X.data[base + c] / s[c] - mean[c]) / spread[c]) ** 2;
  }
  for (let c = 0; c < n; c++) {
    const std = s[c] * (spread[c] * Math.sqrt(sumOfSquares[c] / count));
    // |μ_c| and σ_c are at most max|x|: rounding alone could carry them past the largest float64.
    offset[c] = Math.min(Math.max(s[c] * mean[c], -Number.MAX_VALUE), Number.MAX_VALUE);
    scale[c] = std > 0 ? Math.min(std, Number.MAX_VALUE) : 1;
  }
  return { method, offset, scale };
}

/**
 * A new matrix (same dtype) with x' = (x − offset) / scale in every column. Where x − offset
 * overflows but x' does not, x' is computed from halves; an x' beyond a float64 (a value far
 * outside the rows the normalization was fitted on) is a DataError naming its row and column.
 */
export function applyNormalization(
  norm: Normalization,
  X: Matrix,
  names: DataNames = MATRIX_NAMES,
): Matrix {
  if (norm.offset.length !== X.cols || norm.scale.length !== X.cols) {
    throw new Error(
      `normalization: fitted on ${norm.offset.length} features, the data has ${X.cols}`,
    );
  }
  const out = allocate(dtypeOf(X.data), X.data.length);
  const { offset, scale } = norm;
  for (let r = 0; r < X.rows; r++) {
    const base = r * X.cols;
    for (let c = 0; c < X.cols; c++) {
      const x = X.data[base + c];
      let normalized = (x - offset[c]) / scale[c];
      // x' = 2 ((x/2 − offset/2) / scale): exact halves, so the same number when both are finite
      if (!Number.isFinite(normalized) && Number.isFinite(x))
        normalized = 2 * ((x / 2 - offset[c] / 2) / scale[c]);
      if (!Number.isFinite(normalized) && Number.isFinite(x)) {
        throw new DataError(
          `${names.file}: row ${names.row(r)}, ${names.column(c)} has ${x}, too far from the training rows' values to normalize: (x − ${offset[c]}) / ${scale[c]} is beyond a float64 (1.8e308); correct the value or leave the row out`,
        );
      }
      out[base + c] = normalized;
    }
  }
  return { rows: X.rows, cols: X.cols, data: out };
}
