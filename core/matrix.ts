// Row-major matrices over contiguous typed arrays, and the few kernels the engine runs on them.
// The engine calls every kernel through a `Kernels` object, so a faster implementation (e.g.
// WebAssembly SIMD) can replace `plainKernels` without touching the math. Kernels never
// allocate: the caller passes the output.
import type { DType, FloatArray, Matrix } from './types';

export function allocate(dtype: DType, length: number): FloatArray {
  return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
}

export function dtypeOf(data: FloatArray): DType {
  return data instanceof Float32Array ? 'float32' : 'float64';
}

/** A rows × cols matrix of zeros. */
export function createMatrix(rows: number, cols: number, dtype: DType = 'float64'): Matrix {
  return { rows, cols, data: allocate(dtype, rows * cols) };
}

/** A matrix from nested rows; every row must have the same length. */
export function matrixFromRows(
  rows: number[][],
  dtype: DType = 'float64',
  name = 'matrix',
): Matrix {
  const cols = rows.length > 0 ? rows[0].length : 0;
  const m = createMatrix(rows.length, cols, dtype);
  rows.forEach((row, r) => {
    if (row.length !== cols) {
      throw new Error(`${name}: row ${r} has ${row.length} values, expected ${cols}`);
    }
    m.data.set(row, r * cols);
  });
  return m;
}

export function matrixToRows(m: Matrix): number[][] {
  const rows: number[][] = [];
  for (let r = 0; r < m.rows; r++)
    rows.push(Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
  return rows;
}

/** Element (r, c). */
export function at(m: Matrix, r: number, c: number): number {
  return m.data[r * m.cols + c];
}

/** The same values stored in `dtype` (a copy, even when the dtype already matches). */
export function convertMatrix(m: Matrix, dtype: DType): Matrix {
  const out = createMatrix(m.rows, m.cols, dtype);
  out.data.set(m.data);
  return out;
}

/** Copies rows `indices[start .. start + out.rows)` of `source` into `out` (a batch). */
export function gatherRows(source: Matrix, indices: Uint32Array, start: number, out: Matrix): void {
  const cols = source.cols;
  for (let r = 0; r < out.rows; r++) {
    const from = indices[start + r] * cols;
    out.data.set(source.data.subarray(from, from + cols), r * cols);
  }
}

/**
 * The dense linear algebra of forward and backward passes, in BLAS terms. All matrices are
 * row-major; `alpha` scales the product and `beta` the previous C (0 overwrites C, 1 accumulates).
 */
export interface Kernels {
  readonly name: string;
  /** C = alpha·A·B + beta·C, with A m×k, B k×n, C m×n. */
  gemm(A: Matrix, B: Matrix, C: Matrix, alpha?: number, beta?: number): void;
  /** C = alpha·Aᵀ·B + beta·C, with A k×m, B k×n, C m×n. */
  gemmTransA(A: Matrix, B: Matrix, C: Matrix, alpha?: number, beta?: number): void;
  /** C = alpha·A·Bᵀ + beta·C, with A m×k, B n×k, C m×n. */
  gemmTransB(A: Matrix, B: Matrix, C: Matrix, alpha?: number, beta?: number): void;
  /** Adds the row vector v (length C.cols) to every row of C. */
  addRowVector(C: Matrix, v: FloatArray): void;
  /** out = alpha·(sum of the rows of A) + beta·out; out has length A.cols. */
  columnSums(A: Matrix, out: FloatArray, alpha?: number, beta?: number): void;
}

function shapeError(op: string, detail: string): Error {
  return new Error(`${op}: ${detail}`);
}

function dims(m: Matrix): string {
  return `${m.rows}×${m.cols}`;
}

/** C ← beta·C (beta 0 clears, so NaN or garbage in C never leaks through). */
function scale(C: FloatArray, length: number, beta: number): void {
  if (beta === 1) return;
  if (beta === 0) C.fill(0, 0, length);
  else for (let i = 0; i < length; i++) C[i] *= beta;
}

/** Straightforward TypeScript kernels: loop orders chosen so the inner loop walks memory in order. */
export const plainKernels: Kernels = {
  name: 'plain',

  gemm(A, B, C, alpha = 1, beta = 0) {
    const m = A.rows,
      k = A.cols,
      n = B.cols;
    if (B.rows !== k || C.rows !== m || C.cols !== n) {
      throw shapeError('gemm', `A ${dims(A)} · B ${dims(B)} does not fit C ${dims(C)}`);
    }
    const a = A.data,
      b = B.data,
      c = C.data;
    scale(c, m * n, beta);
    // C[i,:] += alpha·A[i,p]·B[p,:]
    for (let i = 0; i < m; i++) {
      const ci = i * n;
      for (let p = 0; p < k; p++) {
        const aip = alpha * a[i * k + p];
        const bp = p * n;
        for (let j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
      }
    }
  },

  gemmTransA(A, B, C, alpha = 1, beta = 0) {
    const k = A.rows,
      m = A.cols,
      n = B.cols;
    if (B.rows !== k || C.rows !== m || C.cols !== n) {
      throw shapeError('gemmTransA', `Aᵀ (A ${dims(A)}) · B ${dims(B)} does not fit C ${dims(C)}`);
    }
    const a = A.data,
      b = B.data,
      c = C.data;
    scale(c, m * n, beta);
    // C[i,:] += alpha·A[p,i]·B[p,:], summed over the rows p of A and B
    for (let p = 0; p < k; p++) {
      const ap = p * m,
        bp = p * n;
      for (let i = 0; i < m; i++) {
        const api = alpha * a[ap + i];
        const ci = i * n;
        for (let j = 0; j < n; j++) c[ci + j] += api * b[bp + j];
      }
    }
  },

  gemmTransB(A, B, C, alpha = 1, beta = 0) {
    const m = A.rows,
      k = A.cols,
      n = B.rows;
    if (B.cols !== k || C.rows !== m || C.cols !== n) {
      throw shapeError('gemmTransB', `A ${dims(A)} · Bᵀ (B ${dims(B)}) does not fit C ${dims(C)}`);
    }
    const a = A.data,
      b = B.data,
      c = C.data;
    // C[i,j] = alpha·(A[i,:] · B[j,:]) + beta·C[i,j]
    for (let i = 0; i < m; i++) {
      const ai = i * k;
      for (let j = 0; j < n; j++) {
        const bj = j * k;
        let sum = 0;
        for (let p = 0; p < k; p++) sum += a[ai + p] * b[bj + p];
        const ij = i * n + j;
        c[ij] = beta === 0 ? alpha * sum : alpha * sum + beta * c[ij];
      }
    }
  },

  addRowVector(C, v) {
    const m = C.rows,
      n = C.cols;
    if (v.length !== n) {
      throw shapeError(
        'addRowVector',
        `vector of length ${v.length} added to rows of C ${dims(C)}`,
      );
    }
    const c = C.data;
    // C[i,j] += v[j]
    for (let i = 0; i < m; i++) {
      const ci = i * n;
      for (let j = 0; j < n; j++) c[ci + j] += v[j];
    }
  },

  columnSums(A, out, alpha = 1, beta = 0) {
    const m = A.rows,
      n = A.cols;
    if (out.length !== n) {
      throw shapeError('columnSums', `output of length ${out.length} for A ${dims(A)}`);
    }
    const a = A.data;
    scale(out, n, beta);
    // out[j] += alpha·Σ_i A[i,j]
    for (let i = 0; i < m; i++) {
      const ai = i * n;
      for (let j = 0; j < n; j++) out[j] += alpha * a[ai + j];
    }
  },
};
