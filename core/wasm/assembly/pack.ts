// Packing for the products (BLIS): op(B) into panels NR columns wide, op(A) into row-major blocks,
// transposing where op is a transpose, so one register-blocked loop serves A·B, Aᵀ·B and A·Bᵀ.

// @ts-nocheck: AssemblyScript, not TypeScript (excluded from tsc and eslint).

/** k per packed block: a KC × NR panel of B stays in L1. */
export const KC: i32 = 256;
/** Rows of A per packed block: an MC × KC block of A stays in L2. */
export const MC: i32 = 128;
/** Columns of B per packed block. */
export const NC: i32 = 512;

/** Columns of a packed panel of B, and of the blocks directFourVectors computes: four vectors. */
// @ts-ignore: decorator
@inline export function nr<T>(): i32 {
  return 64 / sizeof<T>();
}

/**
 * Pack rows [p0, p0+kc) and columns [j0, j0+nc) of op(B) into panels NR wide:
 * panel q holds, for each p, NR consecutive values of columns j0 + q·NR … (zero past n).
 * op(B)(p, j) = B[p·rs + j·cs] (elements).
 */
export function packB<T>(B: usize, rs: i32, cs: i32, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  const NR = nr<T>();
  const size = sizeof<T>();
  const L = 16 / <i32>size;
  for (let q = 0; q < nc; q += NR) {
    const w = min(NR, nc - q);
    let p = 0;
    if (rs == 1 && cs != 1 && w == NR) {
      // op(B) = Bᵀ: B's rows are op(B)'s columns, transposed a square of vectors at a time.
      p = kc - kc % L;
      for (let j = 0; j < NR; j += L) {
        transposeCopy<T>(B + (<usize>(j0 + q + j) * cs + <usize>p0) * size, <usize>cs * size, p,
          dst + <usize>j * size, <usize>NR * size);
      }
      dst += <usize>(p * NR) * size;
    }
    for (; p < kc; p++) {
      const row = B + (<usize>(p0 + p) * rs + <usize>(j0 + q) * cs) * size;
      if (cs == 1 && w == NR) {
        v128.store(dst, v128.load(row));
        v128.store(dst, v128.load(row, 16), 16);
        v128.store(dst, v128.load(row, 32), 32);
        v128.store(dst, v128.load(row, 48), 48);
      } else {
        for (let j = 0; j < NR; j++) {
          store<T>(dst + <usize>j * size, j < w ? load<T>(row + <usize>(j * cs) * size) : <T>0);
        }
      }
      dst += <usize>NR * size;
    }
  }
}

/**
 * dst row p (dstRow bytes apart), L values ← column p of the L rows of src (srcRow bytes apart),
 * for p < kc (a multiple of L): an L × L transpose in registers per vector of columns. Packing
 * Bᵀ value by value had cost as much as the product itself on W2's δ·Wᵀ (32 × 128 × 64: 20
 * GFLOP/s against 30 so, its 32 × 64 × 10 14 against 18; W3's 128 × 1024 × 1024 25 against 32),
 * and packing Aᵀ so sped up W3's output-layer gradient (1024 × 10 × 128) from 7 to 12.
 */
// @ts-ignore: decorator
@inline export function transposeCopy<T>(src: usize, srcRow: usize, kc: i32, dst: usize, dstRow: usize): void {
  const size = sizeof<T>();
  for (let p = 0; p < kc; p += 16 / <i32>size) {
    const s = src + <usize>p * size;
    const d = dst + <usize>p * dstRow;
    if (size == 4) {
      const r0 = v128.load(s);
      const r1 = v128.load(s + srcRow);
      const r2 = v128.load(s + 2 * srcRow);
      const r3 = v128.load(s + 3 * srcRow);
      const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
      const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
      const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
      const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
      v128.store(d, v128.shuffle<f64>(t0, t2, 0, 2));
      v128.store(d + dstRow, v128.shuffle<f64>(t0, t2, 1, 3));
      v128.store(d + 2 * dstRow, v128.shuffle<f64>(t1, t3, 0, 2));
      v128.store(d + 3 * dstRow, v128.shuffle<f64>(t1, t3, 1, 3));
    } else {
      const r0 = v128.load(s);
      const r1 = v128.load(s + srcRow);
      v128.store(d, v128.shuffle<f64>(r0, r1, 0, 2));
      v128.store(d + dstRow, v128.shuffle<f64>(r0, r1, 1, 3));
    }
  }
}

/**
 * Pack rows [i0, i0+mc) and columns [p0, p0+kc) of op(A) row by row, kc values a row.
 * op(A)(i, p) = A[i·rs + p·cs].
 */
export function packA<T>(A: usize, rs: i32, cs: i32, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  const size = sizeof<T>();
  const L = 16 / <i32>size;
  // op(A) = Aᵀ: its first rows and columns in squares of vectors, transposed.
  const transposed = rs == 1 && cs != 1;
  const iv = transposed ? mc - mc % L : 0;
  const pv = transposed ? kc - kc % L : 0;
  for (let p = 0; p < pv; p += L) {
    transposeCopy<T>(A + (<usize>(p0 + p) * cs + <usize>i0) * size, <usize>cs * size, iv,
      dst + <usize>p * size, <usize>kc * size);
  }
  for (let i = 0; i < mc; i++) {
    const row = A + (<usize>(i0 + i) * rs + <usize>p0 * cs) * size;
    let p = i < iv ? pv : 0;
    if (cs == 1) {
      for (; p + L <= kc; p += L) v128.store(dst + <usize>p * size, v128.load(row + <usize>p * size));
    }
    for (; p < kc; p++) store<T>(dst + <usize>p * size, load<T>(row + <usize>(p * cs) * size));
    dst += <usize>kc * size;
  }
}
