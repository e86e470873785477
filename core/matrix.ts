// Row-major matrices over contiguous typed arrays, and the few kernels the engine runs on them.
// The engine calls every kernel through a `Kernels` object, so a faster implementation (e.g.
// WebAssembly SIMD) can replace `plainKernels` without touching the math. Kernels never
// allocate: the caller passes the output.
import type { ActivationName, DType, FloatArray, Matrix } from './types';

export function allocate(dtype: DType, length: number): FloatArray {
  return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
}

/** Where new arrays come from: `allocate`, or the kernels' own memory (see Kernels.allocate). */
export type Allocator = (dtype: DType, length: number) => FloatArray;

export function dtypeOf(data: FloatArray): DType {
  return data instanceof Float32Array ? 'float32' : 'float64';
}

/** A rows × cols matrix of zeros. */
export function createMatrix(
  rows: number,
  cols: number,
  dtype: DType = 'float64',
  alloc: Allocator = allocate,
): Matrix {
  return { rows, cols, data: alloc(dtype, rows * cols) };
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

/**
 * Rows at least this wide are copied by TypedArray.set, narrower ones value by value (a view per
 * row costs more than copying a few values; even at 48). A batch of 32 rows of 784 took 40 µs
 * value by value, a sixth of W2's training step on two threads, and 5–7 µs by set.
 */
const GATHER_SET_COLS = 64;

/** Rows start .. start + rows of m, sharing its storage. */
export function rowsOf(m: Matrix, start: number, rows: number): Matrix {
  return { rows, cols: m.cols, data: m.data.subarray(start * m.cols, (start + rows) * m.cols) };
}

/** Copies rows `indices[start .. start + out.rows)` of `source` into `out` (a batch). */
export function gatherRows(source: Matrix, indices: Uint32Array, start: number, out: Matrix): void {
  const cols = source.cols;
  const from = source.data;
  const to = out.data;
  // out[r, :] = source[indices[start + r], :]
  for (let r = 0; r < out.rows; r++) {
    const s = indices[start + r] * cols;
    const o = r * cols;
    if (cols >= GATHER_SET_COLS) {
      to.set(from.subarray(s, s + cols), o);
      continue;
    }
    for (let c = 0; c < cols; c++) to[o + c] = from[s + c];
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
  /**
   * Optional: zeroed arrays these kernels work on without copying (WebAssembly kernels hand out
   * views of their memory). The Trainer allocates parameters and batch buffers through it.
   */
  allocate?(dtype: DType, length: number): FloatArray;
  /** Optional: p ← p − lr·v in place; returns the largest |Δp| stored (plain gradient descent). */
  descend?(p: FloatArray, v: FloatArray, lr: number): number;
  /**
   * Optional: gemmTransA that also returns the largest |ΔC| it stored (NaN if a change is NaN).
   * With C = W, alpha = −α/m and beta = 1 − αλ it is a gradient-descent step fused into the
   * product of its gradient, which is then never stored (see backpropDescendInto).
   */
  gemmTransAChange?(A: Matrix, B: Matrix, C: Matrix, alpha: number, beta: number): number;
  /**
   * Optional, fused: z ← z + θ on every row, then a = g(z), in one call, for the activations g
   * these kernels run themselves. Returns false, having changed nothing, for any other g.
   */
  biasActivate?(z: Matrix, theta: FloatArray, g: ActivationName, a: Matrix): boolean;
  /**
   * Optional, fused: a layer's forward pass, z = A·B, z ← z + θ on every row and a = g(z), in one
   * call (threads that share the product each finish their block of it). Returns false, having
   * changed nothing, for a g these kernels do not run or arrays they would have to copy.
   */
  gemmBiasActivate?(
    A: Matrix,
    B: Matrix,
    theta: FloatArray,
    g: ActivationName,
    z: Matrix,
    a: Matrix,
  ): boolean;
  /** Optional: δ ⊙= g′(z) (given z and a = g(z)) for the g these kernels run; else false. */
  multiplyByDerivative?(g: ActivationName, z: Matrix, a: Matrix, delta: Matrix): boolean;
  /** Optional: r = a − Y, returning ½‖r‖²; null, having done nothing, where they cannot. */
  residual?(a: Matrix, Y: Matrix, r: Matrix): number | null;
}

/** The allocator of `kernels`: their own memory if they have one, else ordinary arrays. */
export function allocatorOf(kernels: Kernels): Allocator {
  return kernels.allocate ? (dtype, length) => kernels.allocate!(dtype, length) : allocate;
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

/**
 * One row of C is summed in float64 here before it is stored: float32 matrices then round once
 * per element, not once per term. It grows to the widest C seen and is never freed.
 */
let rowScratch = new Float64Array(256);
function scratchRow(n: number): Float64Array {
  if (rowScratch.length < n) rowScratch = new Float64Array(n);
  rowScratch.fill(0, 0, n);
  return rowScratch;
}

/** C[i,:] = alpha·s + beta·C[i,:] */
function storeRow(
  s: Float64Array,
  c: FloatArray,
  ci: number,
  n: number,
  alpha: number,
  beta: number,
) {
  if (beta === 0) for (let j = 0; j < n; j++) c[ci + j] = alpha * s[j];
  else for (let j = 0; j < n; j++) c[ci + j] = alpha * s[j] + beta * c[ci + j];
}

/**
 * Straightforward TypeScript kernels. Products walk B row by row so the inner loop reads memory
 * in order, and take four rows of B at a time (four times fewer passes over the row of C).
 */
export const plainKernels: Kernels = {
  name: 'plain',

  gemm(A, B, C, alpha = 1, beta = 0) {
    const m = A.rows;
    const k = A.cols;
    const n = B.cols;
    if (B.rows !== k || C.rows !== m || C.cols !== n) {
      throw shapeError('gemm', `A ${dims(A)} · B ${dims(B)} does not fit C ${dims(C)}`);
    }
    const a = A.data;
    const b = B.data;
    for (let i = 0; i < m; i++) {
      const s = scratchRow(n);
      const ai = i * k;
      let p = 0;
      // C[i,:] = Σ_p A[i,p]·B[p,:], four p at a time
      for (; p + 3 < k; p += 4) {
        const a0 = a[ai + p];
        const a1 = a[ai + p + 1];
        const a2 = a[ai + p + 2];
        const a3 = a[ai + p + 3];
        const b0 = p * n;
        const b1 = b0 + n;
        const b2 = b1 + n;
        const b3 = b2 + n;
        for (let j = 0; j < n; j++) {
          s[j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
        }
      }
      for (; p < k; p++) {
        const aip = a[ai + p];
        const bp = p * n;
        for (let j = 0; j < n; j++) s[j] += aip * b[bp + j];
      }
      storeRow(s, C.data, i * n, n, alpha, beta);
    }
  },

  gemmTransA(A, B, C, alpha = 1, beta = 0) {
    const k = A.rows;
    const m = A.cols;
    const n = B.cols;
    if (B.rows !== k || C.rows !== m || C.cols !== n) {
      throw shapeError('gemmTransA', `Aᵀ (A ${dims(A)}) · B ${dims(B)} does not fit C ${dims(C)}`);
    }
    const a = A.data;
    const b = B.data;
    for (let i = 0; i < m; i++) {
      const s = scratchRow(n);
      let p = 0;
      // C[i,:] = Σ_p A[p,i]·B[p,:], four p at a time
      for (; p + 3 < k; p += 4) {
        const a0 = a[p * m + i];
        const a1 = a[(p + 1) * m + i];
        const a2 = a[(p + 2) * m + i];
        const a3 = a[(p + 3) * m + i];
        const b0 = p * n;
        const b1 = b0 + n;
        const b2 = b1 + n;
        const b3 = b2 + n;
        for (let j = 0; j < n; j++) {
          s[j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
        }
      }
      for (; p < k; p++) {
        const api = a[p * m + i];
        const bp = p * n;
        for (let j = 0; j < n; j++) s[j] += api * b[bp + j];
      }
      storeRow(s, C.data, i * n, n, alpha, beta);
    }
  },

  gemmTransB(A, B, C, alpha = 1, beta = 0) {
    const m = A.rows;
    const k = A.cols;
    const n = B.rows;
    if (B.cols !== k || C.rows !== m || C.cols !== n) {
      throw shapeError('gemmTransB', `A ${dims(A)} · Bᵀ (B ${dims(B)}) does not fit C ${dims(C)}`);
    }
    const a = A.data;
    const b = B.data;
    const c = C.data;
    for (let i = 0; i < m; i++) {
      const ai = i * k;
      for (let j = 0; j < n; j++) {
        const bj = j * k;
        let sum = 0;
        // C[i,j] = A[i,:] · B[j,:]
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
