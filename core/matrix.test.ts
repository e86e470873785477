import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  at,
  convertMatrix,
  createMatrix,
  gatherRows,
  matrixFromRows,
  matrixToRows,
  plainKernels as K,
} from './matrix';
import type { DType, Matrix } from './types';

/** Element by element from the definition (C)ᵢⱼ = Σₚ AᵢₚBₚⱼ, on nested arrays. */
function naiveProduct(A: number[][], B: number[][]): number[][] {
  return A.map((row) => B[0].map((_, j) => row.reduce((s, a, p) => s + a * B[p][j], 0)));
}
const transpose = (A: number[][], cols: number) =>
  Array.from({ length: cols }, (_, j) => A.map((row) => row[j]));

const value = fc.double({ min: -10, max: 10, noNaN: true });
const grid = (rows: number, cols: number) =>
  fc.array(fc.array(value, { minLength: cols, maxLength: cols }), {
    minLength: rows,
    maxLength: rows,
  });
const dims = fc.tuple(
  fc.integer({ min: 1, max: 6 }),
  fc.integer({ min: 1, max: 6 }),
  fc.integer({ min: 1, max: 6 }),
);

/** |got − expected| ≤ tol·bound, where bound is the size the terms of the sum can reach. */
function expectRowsClose(actual: Matrix, expected: number[][], tol: number, bound: number) {
  const got = matrixToRows(actual);
  expected.forEach((row, i) =>
    row.forEach((e, j) => expect(Math.abs(got[i][j] - e)).toBeLessThanOrEqual(tol * bound)),
  );
}
/** Inputs are at most 10 in size: k products of 100, scaled by alpha, plus beta·10. */
const bound = (k: number, alpha: number, beta: number) =>
  1 + Math.abs(alpha) * k * 100 + Math.abs(beta) * 10;

describe('matrix helpers', () => {
  it('stores rows row-major', () => {
    const m = matrixFromRows([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(m.rows).toBe(2);
    expect(m.cols).toBe(3);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(at(m, 1, 0)).toBe(4);
    expect(matrixToRows(m)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('names a ragged row', () => {
    expect(() => matrixFromRows([[1, 2], [3]], 'float64', 'X')).toThrow(
      'X: row 1 has 1 values, expected 2',
    );
  });

  it('allocates the dtype asked for', () => {
    expect(createMatrix(2, 2, 'float32').data).toBeInstanceOf(Float32Array);
    expect(createMatrix(2, 2).data).toBeInstanceOf(Float64Array);
    expect(convertMatrix(matrixFromRows([[0.1]]), 'float32').data[0]).toBe(Math.fround(0.1));
  });

  it('gathers rows in the given order', () => {
    const m = matrixFromRows([[0, 0], [1, 1], [2, 2], [3, 3]]); // prettier-ignore
    const out = createMatrix(2, 2);
    gatherRows(m, Uint32Array.of(3, 0, 2, 1), 1, out);
    expect(matrixToRows(out)).toEqual([[0, 0], [2, 2]]); // prettier-ignore
  });

  it.each([3, 64, 100])('gathers rows %i wide, into float32 from float64 too', (cols) => {
    const rows = Array.from({ length: 5 }, (_, r) =>
      Array.from({ length: cols }, (_, c) => r * 1000 + c + 0.1),
    );
    const out = createMatrix(3, cols, 'float32');
    gatherRows(matrixFromRows(rows), Uint32Array.of(9, 4, 0, 2, 9), 1, out);
    expect(Array.from(out.data)).toEqual([4, 0, 2].flatMap((r) => rows[r].map(Math.fround)));
  });
});

describe.each<DType>(['float64', 'float32'])('plainKernels in %s', (dtype) => {
  const tol = dtype === 'float64' ? 1e-13 : 1e-6;

  it('gemm: C = alpha·A·B + beta·C', () => {
    fc.assert(
      fc.property(
        dims.chain(([m, k, n]) => fc.tuple(grid(m, k), grid(k, n), grid(m, n), value, value)),
        ([A, B, C0, alpha, beta]) => {
          const C = matrixFromRows(C0, dtype);
          K.gemm(matrixFromRows(A, dtype), matrixFromRows(B, dtype), C, alpha, beta);
          const AB = naiveProduct(A, B);
          expectRowsClose(
            C,
            AB.map((row, i) => row.map((x, j) => alpha * x + beta * C0[i][j])),
            tol,
            bound(B.length, alpha, beta),
          );
        },
      ),
      { numRuns: 50 },
    );
  });

  it('gemmTransA: C = alpha·Aᵀ·B + beta·C', () => {
    fc.assert(
      fc.property(
        dims.chain(([m, k, n]) => fc.tuple(grid(k, m), grid(k, n), grid(m, n), value, value)),
        ([A, B, C0, alpha, beta]) => {
          const C = matrixFromRows(C0, dtype);
          K.gemmTransA(matrixFromRows(A, dtype), matrixFromRows(B, dtype), C, alpha, beta);
          const AtB = naiveProduct(transpose(A, C0.length), B);
          expectRowsClose(
            C,
            AtB.map((row, i) => row.map((x, j) => alpha * x + beta * C0[i][j])),
            tol,
            bound(A.length, alpha, beta),
          );
        },
      ),
      { numRuns: 50 },
    );
  });

  it('gemmTransB: C = alpha·A·Bᵀ + beta·C', () => {
    fc.assert(
      fc.property(
        dims.chain(([m, k, n]) => fc.tuple(grid(m, k), grid(n, k), grid(m, n), value, value)),
        ([A, B, C0, alpha, beta]) => {
          const C = matrixFromRows(C0, dtype);
          K.gemmTransB(matrixFromRows(A, dtype), matrixFromRows(B, dtype), C, alpha, beta);
          const ABt = naiveProduct(A, transpose(B, A[0].length));
          expectRowsClose(
            C,
            ABt.map((row, i) => row.map((x, j) => alpha * x + beta * C0[i][j])),
            tol,
            bound(A[0].length, alpha, beta),
          );
        },
      ),
      { numRuns: 50 },
    );
  });

  it('beta = 0 overwrites C even when it holds NaN', () => {
    const C = matrixFromRows([[NaN]], dtype);
    K.gemm(matrixFromRows([[2]], dtype), matrixFromRows([[3]], dtype), C);
    expect(C.data[0]).toBe(6);
    K.gemmTransA(matrixFromRows([[2]], dtype), matrixFromRows([[3]], dtype), C, 1, 1);
    expect(C.data[0]).toBe(12);
  });

  it('addRowVector and columnSums', () => {
    const C = matrixFromRows([[1, 2], [3, 4], [5, 6]], dtype); // prettier-ignore
    K.addRowVector(C, Float64Array.of(10, 20));
    expect(matrixToRows(C)).toEqual([[11, 22], [13, 24], [15, 26]]); // prettier-ignore
    const sums = new Float64Array([1, 1]);
    K.columnSums(C, sums, 0.5, 2);
    // out = 0.5·(11 + 13 + 15, 22 + 24 + 26) + 2·(1, 1)
    expect(Array.from(sums)).toEqual([0.5 * 39 + 2, 0.5 * 72 + 2]);
  });
});

describe('kernel shape errors name the operation and the shapes', () => {
  const A = createMatrix(2, 3);
  const B = createMatrix(2, 4);
  it.each([
    ['gemm', () => K.gemm(A, B, createMatrix(2, 4)), 'gemm: A 2×3 · B 2×4 does not fit C 2×4'],
    [
      'gemmTransA',
      () => K.gemmTransA(A, B, createMatrix(2, 4)),
      'gemmTransA: Aᵀ (A 2×3) · B 2×4 does not fit C 2×4',
    ],
    [
      'gemmTransB',
      () => K.gemmTransB(A, B, createMatrix(2, 2)),
      'gemmTransB: A 2×3 · Bᵀ (B 2×4) does not fit C 2×2',
    ],
    [
      'addRowVector',
      () => K.addRowVector(A, new Float64Array(2)),
      'addRowVector: vector of length 2 added to rows of C 2×3',
    ],
    [
      'columnSums',
      () => K.columnSums(A, new Float64Array(2)),
      'columnSums: output of length 2 for A 2×3',
    ],
  ])('%s', (_name, call, message) => {
    expect(call).toThrow(message);
  });
});
