// The products: C = alpha·op(A)·op(B) + beta·C for A·B, Aᵀ·B and A·Bᵀ, one register-blocked loop
// (directFourVectors: two rows of C against four vectors) over packed panels (pack.ts), or over
// the operands in place for small and short products.

// @ts-nocheck: AssemblyScript, not TypeScript (excluded from tsc and eslint).

import { KC, MC, NC, nr, packA, packB, transposeCopy } from './pack';
import { biasSigmoidBlock } from './sigmoid';
import { madd, splatAt } from './simd';
import {
  setTracking,
  startTracking,
  stopTracking,
  storeFour,
  storeScalar,
  storeScaled,
  trackScalar,
  tracking,
} from './store';

/**
 * Scratch bytes the caller must reserve for one gemm call of this element size: one packed
 * KC × NC block of B, one MC × KC block of A, one MC × NR block of C for a last, narrower panel.
 */
export function gemmWorkBytes(elementBytes: i32): i32 {
  return (KC * NC + MC * KC + MC * (64 / elementBytes)) * elementBytes;
}

/**
 * C (mc × w, w < NR) = alpha·(a packed block of A · the last panel of B, zeros past w) + beta·C,
 * through `edge` (mc × NR): the panel's product alone there, then its w columns into C.
 */
export function lastPanel<T>(
  mc: i32, kc: i32, pa: usize, pb: usize, c: usize, ldcb: usize, alpha: T, beta: T, w: i32,
  edge: usize,
): void {
  const size = sizeof<T>();
  const ld = <usize>nr<T>() * size;
  // `edge` is no part of C: what it held before is no change of C's.
  const tracked = tracking;
  setTracking(false);
  directFourVectors<T>(mc, kc, pa, <usize>kc * size, size, pb, ld, edge, ld, alpha, <T>0);
  setTracking(tracked);
  for (let i = 0; i < mc; i++) {
    for (let j = 0; j < w; j++) {
      const src = edge + <usize>i * ld + <usize>j * size;
      storeScalar<T>(c + <usize>i * ldcb + <usize>j * size, load<T>(src), beta);
    }
  }
}

/** Products of at most this many multiply-adds skip packing (see gemmDirect). */
export const DIRECT_MAX_WORK: i32 = 1 << 15;

/**
 * C = alpha·op(A)·op(B) + beta·C for products too small to repay packing (W1's layers of 4, 16
 * and 3 units: a packed panel of 16 columns would be mostly padding, and k is 3 or 4 in two of
 * them).
 * op(B) is read in place when its rows are whole vectors in memory, else copied once into `work`
 * as rows padded with zeros to whole vectors. Blocks of four vectors of columns go to
 * directFourVectors; each other vector of columns is done four rows of C at a time, splatting
 * op(A)(i, p) against row p of op(B).
 */
export function gemmDirect<T>(
  m: i32, n: i32, k: i32,
  A: usize, ars: i32, acs: i32,
  B: usize, brs: i32, bcs: i32,
  C: usize, ldc: i32, alpha: T, beta: T, work: usize,
): void {
  const size = sizeof<T>();
  const L = 16 / <i32>size;
  const ldb = (n + L - 1) / L * L; // the copy's row stride: whole vectors
  // Rows of op(B) that are whole vectors in memory are read in place; others are copied.
  const inPlace = bcs == 1 && n % L == 0;
  const rowBytes = inPlace ? <usize>brs * size : <usize>ldb * size;
  const Bv = inPlace ? B : work;
  const copied = inPlace ? 0 : k;
  // op(B) = Bᵀ: its first rows and columns in squares of vectors, transposed.
  const transposed = bcs != 1 && brs == 1;
  const pv = transposed ? k - k % L : 0;
  const jv = transposed ? n - n % L : 0;
  for (let j = 0; j < jv; j += L) {
    transposeCopy<T>(B + <usize>(j * bcs) * size, <usize>bcs * size, pv, work + <usize>j * size, rowBytes);
  }
  for (let p = 0; p < copied; p++) {
    const dst = work + <usize>p * rowBytes;
    let j = p < pv ? jv : 0;
    if (bcs == 1) {
      for (; j + L <= n; j += L) {
        v128.store(dst + <usize>j * size, v128.load(B + (<usize>p * brs + j) * size));
      }
    }
    for (; j < ldb; j++) {
      store<T>(dst + <usize>j * size, j < n ? load<T>(B + (<usize>p * brs + <usize>j * bcs) * size) : <T>0);
    }
  }
  const arsb = <usize>ars * size;
  const acsb = <usize>acs * size;
  const ldcb = <usize>ldc * size;
  let j = 0;
  for (; j + 4 * L <= n; j += 4 * L) {
    const at = <usize>j * size;
    // KC rows of op(B) at a time, so that its block stays in L1 for every row of C (later blocks
    // add to C; a gemmChange's k is at most KC): W2's 32 × 784 × 128 ran 22% faster in float32,
    // 43% in float64 (where the whole k of a block is 50 KB, past L1).
    for (let p0 = 0; p0 < k; p0 += KC) {
      directFourVectors<T>(m, min(KC, k - p0), A + <usize>p0 * acsb, arsb, acsb,
        Bv + at + <usize>p0 * rowBytes, rowBytes, C + at, ldcb, alpha, p0 > 0 ? <T>1 : beta);
    }
  }
  // The other columns one vector at a time.
  for (; j < n; j += L) {
    const w = min(L, n - j);
    for (let i = 0; i < m; i += 4) {
      const h = min(4, m - i);
      let c0 = v128.splat<T>(<T>0), c1 = c0, c2 = c0, c3 = c0;
      let a = A + <usize>i * arsb;
      let b = Bv + <usize>j * size;
      const bEnd = b + <usize>k * rowBytes;
      if (h == 4) {
        while (b < bEnd) {
          const bp = v128.load(b);
          c0 = madd<T>(splatAt<T>(a), bp, c0);
          c1 = madd<T>(splatAt<T>(a + arsb), bp, c1);
          c2 = madd<T>(splatAt<T>(a + 2 * arsb), bp, c2);
          c3 = madd<T>(splatAt<T>(a + 3 * arsb), bp, c3);
          a += acsb;
          b += rowBytes;
        }
      } else {
        while (b < bEnd) {
          const bp = v128.load(b);
          c0 = madd<T>(splatAt<T>(a), bp, c0);
          if (h > 1) c1 = madd<T>(splatAt<T>(a + arsb), bp, c1);
          if (h > 2) c2 = madd<T>(splatAt<T>(a + 2 * arsb), bp, c2);
          a += acsb;
          b += rowBytes;
        }
      }
      // C rows i … i + h − 1, columns j … j + w − 1
      const out = C + (<usize>i * ldc + j) * size;
      storeScaled<T>(out, c0, w, alpha, beta);
      if (h > 1) storeScaled<T>(out + ldcb, c1, w, alpha, beta);
      if (h > 2) storeScaled<T>(out + 2 * ldcb, c2, w, alpha, beta);
      if (h > 3) storeScaled<T>(out + 3 * ldcb, c3, w, alpha, beta);
    }
  }
}

/**
 * C = alpha·op(A)·op(B) + beta·C for a C narrower than a vector (n ≤ 3 float32 columns, 1
 * float64: an output layer of one to three units) whose op(A) has its columns in memory, as
 * Aᵀ·B stores them (W1's ∂C/∂W of the output layer, 16 × 3 from 150 samples): the vectors run down
 * C's columns. Two vectors of rows at a time, one pair of chains per column of C: for each p,
 * op(A)'s column p times op(B)(p, j) splatted. op(A)(i, p) = A[i + p·acs], op(B)(p, j) =
 * B[p·brs + j·bcs].
 */
export function gemmNarrow<T>(
  m: i32, n: i32, k: i32, A: usize, acs: i32, B: usize, brs: i32, bcs: i32,
  C: usize, ldc: i32, alpha: T, beta: T,
): void {
  const size = sizeof<T>();
  const L = 16 / <i32>size;
  const acsb = <usize>acs * size;
  const brsb = <usize>brs * size;
  const bcsb = <usize>bcs * size;
  let i = 0;
  for (; i + 2 * L <= m; i += 2 * L) {
    // C[i … i + 2L − 1, j] for j = 0, 1, 2: two vectors each.
    let c00 = v128.splat<T>(<T>0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    let a = A + <usize>i * size;
    let b = B;
    const bEnd = B + <usize>k * brsb;
    while (b < bEnd) {
      const a0 = v128.load(a);
      const a1 = v128.load(a, 16);
      const y0 = splatAt<T>(b);
      c00 = madd<T>(a0, y0, c00);
      c01 = madd<T>(a1, y0, c01);
      if (n > 1) {
        const y1 = splatAt<T>(b + bcsb);
        c10 = madd<T>(a0, y1, c10);
        c11 = madd<T>(a1, y1, c11);
      }
      if (n > 2) {
        const y2 = splatAt<T>(b + 2 * bcsb);
        c20 = madd<T>(a0, y2, c20);
        c21 = madd<T>(a1, y2, c21);
      }
      a += acsb;
      b += brsb;
    }
    storeColumn<T>(C + <usize>i * ldc * size, ldc, c00, c01, alpha, beta);
    if (n > 1) storeColumn<T>(C + (<usize>i * ldc + 1) * size, ldc, c10, c11, alpha, beta);
    if (n > 2) storeColumn<T>(C + (<usize>i * ldc + 2) * size, ldc, c20, c21, alpha, beta);
  }
  // The last rows one value at a time.
  for (; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum: T = 0;
      for (let p = 0; p < k; p++) {
        sum += load<T>(A + (<usize>i + <usize>p * acs) * size) *
          load<T>(B + (<usize>p * brs + <usize>j * bcs) * size);
      }
      storeScalar<T>(C + (<usize>i * ldc + j) * size, alpha * sum, beta);
    }
  }
}

/** Column values c0 then c1 (2L rows, one column of C, row stride ldc) = alpha·c + beta·C. */
function storeColumn<T>(out: usize, ldc: i32, c0: v128, c1: v128, alpha: T, beta: T): void {
  const size = sizeof<T>();
  const L = 16 / <i32>size;
  const ldcb = <usize>ldc * size;
  for (let r = 0; r < 2 * L; r++) {
    const v = r < L ? c0 : c1;
    const lane = r % L;
    let x: T;
    if (sizeof<T>() == 4) {
      x = <T>(lane == 0 ? f32x4.extract_lane(v, 0) : lane == 1 ? f32x4.extract_lane(v, 1)
        : lane == 2 ? f32x4.extract_lane(v, 2) : f32x4.extract_lane(v, 3));
    } else {
      x = <T>(lane == 0 ? f64x2.extract_lane(v, 0) : f64x2.extract_lane(v, 1));
    }
    storeScalar<T>(out + <usize>r * ldcb, alpha * x, beta);
  }
}

/**
 * C = alpha·op(A)·op(B) + beta·C for four vectors of columns (C and op(B) point at the first of
 * them): two rows of C per turn, for each p two splats of op(A) against four vectors of op(B)'s
 * row p at B + p·rowBytes, eight chains of multiply-adds. Every product runs through it: op(B)
 * read in place (gemmDirect; W1's 150 × 16 products ran 1.5–2.8× faster so than packed) or
 * packed into panels (rowBytes 64, op(A) packed row by row).
 *
 * The loops over p run until op(B)'s pointer reaches its end (here, in gemmDirect and in
 * gemmNarrow): with a count p < k as well, V8 kept k on the stack and compared with memory every
 * step, and W2's 32 × 784 × 128 and 784 × 32 × 128 ran 22–27% slower, W1's products 5–25%
 * (measured alternately). So it also beats the 2 × 16 micro-kernel over 2-row panels of A it
 * replaced, whose constant strides V8 folded into its instructions but whose loop it did not
 * unroll (a stack check every step): the packed products ran 4–12% faster through this loop
 * (W3's, W2's δ·Wᵀ), a 10-wide output layer's 25%.
 */
export function directFourVectors<T>(
  m: i32, k: i32, A: usize, arsb: usize, acsb: usize, B: usize, rowBytes: usize,
  C: usize, ldcb: usize, alpha: T, beta: T,
): void {
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    let c00 = v128.splat<T>(<T>0), c01 = c00, c02 = c00, c03 = c00;
    let c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    let a = A + <usize>i * arsb;
    let b = B;
    const bEnd = B + <usize>k * rowBytes;
    while (b < bEnd) {
      const b0 = v128.load(b);
      const b1 = v128.load(b, 16);
      const b2 = v128.load(b, 32);
      const b3 = v128.load(b, 48);
      const x0 = splatAt<T>(a);
      const x1 = splatAt<T>(a + arsb);
      c00 = madd<T>(x0, b0, c00);
      c01 = madd<T>(x0, b1, c01);
      c02 = madd<T>(x0, b2, c02);
      c03 = madd<T>(x0, b3, c03);
      c10 = madd<T>(x1, b0, c10);
      c11 = madd<T>(x1, b1, c11);
      c12 = madd<T>(x1, b2, c12);
      c13 = madd<T>(x1, b3, c13);
      a += acsb;
      b += rowBytes;
    }
    const out = C + <usize>i * ldcb;
    storeFour<T>(out, c00, c01, c02, c03, alpha, beta);
    storeFour<T>(out + ldcb, c10, c11, c12, c13, alpha, beta);
  }
  if (i < m) {
    // The last row of an odd m.
    let c00 = v128.splat<T>(<T>0), c01 = c00, c02 = c00, c03 = c00;
    let a = A + <usize>i * arsb;
    let b = B;
    const bEnd = B + <usize>k * rowBytes;
    while (b < bEnd) {
      const x0 = splatAt<T>(a);
      c00 = madd<T>(x0, v128.load(b), c00);
      c01 = madd<T>(x0, v128.load(b, 16), c01);
      c02 = madd<T>(x0, v128.load(b, 32), c02);
      c03 = madd<T>(x0, v128.load(b, 48), c03);
      a += acsb;
      b += rowBytes;
    }
    const out = C + <usize>i * ldcb;
    storeFour<T>(out, c00, c01, c02, c03, alpha, beta);
  }
}

/**
 * Whether a product goes unpacked to gemmDirect with op(B) read in place: its rows are whole
 * blocks of four vectors in memory at a row stride that is no multiple of 4 KiB, and either C is
 * short (few rows to reuse a packed panel) or k is (a block of B's rows stays in L1 for every row
 * of C). W2's 32 × 784 · 784 × 128 and 784 × 32 · 32 × 128 ran 12–15% faster so than packed.
 * Rows 4 KiB apart alias in L1: W3's 1024-wide B ran 2× slower read in place.
 */
export function readsBlocksInPlace(m: i32, n: i32, k: i32, bcs: i32, brs: i32, size: usize): bool {
  const L = 16 / <i32>size;
  return bcs == 1 && n % (4 * L) == 0 && (<usize>brs * size) % 4096 != 0 && (m <= 32 || k <= 64);
}

/**
 * C (m × n, row stride ldc) = alpha·op(A)·op(B) + beta·C.
 * op(A) is m × k with element (i, p) at A[i·ars + p·acs]; op(B) is k × n with (p, j) at
 * B[p·brs + j·bcs]. So A·B, Aᵀ·B and A·Bᵀ are the same call with different strides.
 * `work` points at gemmWorkBytes(sizeof<T>()) bytes of scratch.
 */
export function gemm<T>(
  m: i32, n: i32, k: i32,
  A: usize, ars: i32, acs: i32,
  B: usize, brs: i32, bcs: i32,
  C: usize, ldc: i32, alpha: T, beta: T, work: usize,
): void {
  const size = sizeof<T>();
  const NR = nr<T>();
  const packedB = work;
  const packedA = work + <usize>(KC * NC) * size;
  const edge = packedA + <usize>(MC * KC) * size;
  const ldcBytes = <usize>ldc * size;
  if (k == 0) {
    // An empty sum: C = beta·C.
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const dst = C + <usize>i * ldcBytes + <usize>j * size;
        const old = load<T>(dst);
        const next: T = beta != <T>0 ? beta * old : <T>0;
        store<T>(dst, next);
        trackScalar<T>(next, old);
      }
    }
    return;
  }
  // Products in k-blocks (packed, or read in place in blocks of four vectors) see the change of
  // the whole product only when there is one block: gemmChange's callers keep k ≤ KC.
  if (tracking && k > KC) unreachable();
  // Small, narrower than a vector, op(A)'s columns in memory (Aᵀ), at least two vectors tall.
  const L = 16 / <i32>size;
  if (m * n * k <= DIRECT_MAX_WORK && n < L && ars == 1 && m >= 2 * L) {
    gemmNarrow<T>(m, n, k, A, acs, B, brs, bcs, C, ldc, alpha, beta);
    return;
  }
  // Small, and either narrow (n < 2·NR: the panels' width would be mostly padding) or whole
  // blocks of four vectors; the copy of op(B) fits the scratch of packed B.
  const direct = n < 2 * NR || n % (4 * L) == 0;
  const small = m * n * k <= DIRECT_MAX_WORK && direct && k * (n + 3) <= KC * NC;
  if (small || readsBlocksInPlace(m, n, k, bcs, brs, size)) {
    gemmDirect<T>(m, n, k, A, ars, acs, B, brs, bcs, C, ldc, alpha, beta, packedB);
    return;
  }
  // Packed. Each k-block after the first adds to C: the change of the whole product is seen only
  // when there is one (gemmChange's callers keep k ≤ KC).
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nc = min(NC, n - j0);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = min(KC, k - p0);
      // Later k-blocks add to what the first one wrote.
      const b = p0 > 0 ? <T>1 : beta;
      packB<T>(B, brs, bcs, p0, kc, j0, nc, packedB);
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mc = min(MC, m - i0);
        packA<T>(A, ars, acs, i0, mc, p0, kc, packedA);
        for (let q = 0; q < nc; q += NR) {
          const w = min(NR, nc - q);
          const pb = packedB + <usize>(q * kc) * size;
          const c = C + <usize>i0 * ldcBytes + <usize>(j0 + q) * size;
          if (w == NR) {
            // rows of the packed A kc values apart, a panel's rows of B 64 bytes apart
            directFourVectors<T>(mc, kc, packedA, <usize>kc * size, size, pb, 64, c, ldcBytes, alpha, b);
          } else {
            lastPanel<T>(mc, kc, packedA, pb, c, ldcBytes, alpha, b, w, edge);
          }
        }
      }
    }
  }
}

// The exported entry points, per element type. trans flags: 0 plain, 1 transposed; lda, ldb are
// the row strides of A and B as stored.

export function gemmF32(
  transA: i32, transB: i32, m: i32, n: i32, k: i32,
  A: usize, lda: i32, B: usize, ldb: i32, C: usize, ldc: i32, alpha: f64, beta: f64, work: usize,
): void {
  gemm<f32>(m, n, k, A, transA ? 1 : lda, transA ? lda : 1, B, transB ? 1 : ldb, transB ? ldb : 1,
    C, ldc, <f32>alpha, <f32>beta, work);
}

export function gemmF64(
  transA: i32, transB: i32, m: i32, n: i32, k: i32,
  A: usize, lda: i32, B: usize, ldb: i32, C: usize, ldc: i32, alpha: f64, beta: f64, work: usize,
): void {
  gemm<f64>(m, n, k, A, transA ? 1 : lda, transA ? lda : 1, B, transB ? 1 : ldb, transB ? ldb : 1,
    C, ldc, alpha, beta, work);
}

/**
 * The same products, returning the largest |ΔC| they stored (NaN if any change is NaN): a
 * gradient-descent step fused into its gradient's product, W ← keep·W − lr·Aᵀ·δ. k must be at
 * most gemmChangeMaxK().
 */
export function gemmChangeF32(
  transA: i32, transB: i32, m: i32, n: i32, k: i32,
  A: usize, lda: i32, B: usize, ldb: i32, C: usize, ldc: i32, alpha: f64, beta: f64, work: usize,
): f64 {
  startTracking();
  gemmF32(transA, transB, m, n, k, A, lda, B, ldb, C, ldc, alpha, beta, work);
  return stopTracking<f32>();
}

export function gemmChangeF64(
  transA: i32, transB: i32, m: i32, n: i32, k: i32,
  A: usize, lda: i32, B: usize, ldb: i32, C: usize, ldc: i32, alpha: f64, beta: f64, work: usize,
): f64 {
  startTracking();
  gemmF64(transA, transB, m, n, k, A, lda, B, ldb, C, ldc, alpha, beta, work);
  return stopTracking<f64>();
}

/**
 * A sigmoid layer's forward pass: z = alpha·op(A)·op(B) + beta·z, then z ← z + θ and a = σ(z)
 * over the same m × n block (θ and a at the block's first column; a laid out as z). A thread
 * that computes one block of a split product finishes its block of the layer while it is still
 * in its cache, and the threads share the sigmoid as they share the product.
 */
export function gemmSigmoidF32(
  transA: i32, transB: i32, m: i32, n: i32, k: i32,
  A: usize, lda: i32, B: usize, ldb: i32, C: usize, ldc: i32, alpha: f64, beta: f64, work: usize,
  theta: usize, a: usize,
): void {
  gemmF32(transA, transB, m, n, k, A, lda, B, ldb, C, ldc, alpha, beta, work);
  biasSigmoidBlock<f32>(C, ldc, theta, a, m, n);
}

export function gemmSigmoidF64(
  transA: i32, transB: i32, m: i32, n: i32, k: i32,
  A: usize, lda: i32, B: usize, ldb: i32, C: usize, ldc: i32, alpha: f64, beta: f64, work: usize,
  theta: usize, a: usize,
): void {
  gemmF64(transA, transB, m, n, k, A, lda, B, ldb, C, ldc, alpha, beta, work);
  biasSigmoidBlock<f64>(C, ldc, theta, a, m, n);
}

export function gemmChangeMaxK(): i32 {
  return KC;
}

/**
 * Whether gemm reads op(B) in place, unpacked (gemmDirect): then cutting the product into more
 * chunks for more threads packs nothing again.
 */
export function gemmReadsInPlace(
  transB: i32, m: i32, n: i32, k: i32, ldb: i32, elementBytes: i32,
): bool {
  return readsBlocksInPlace(m, n, k, transB ? ldb : 1, transB ? 1 : ldb, <usize>elementBytes);
}
