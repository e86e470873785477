// Dense-layer kernels for the engine, in AssemblyScript compiled to WebAssembly SIMD.
//
// Every matrix is row-major in linear memory; pointers are byte offsets that the TypeScript side
// hands in. It owns the memory layout: no allocator and no static data live here (which
// scripts/build-wasm.mjs checks), so nothing from the standard library that keeps tables, such
// as Math.exp. One source serves float32 (f32x4) and float64 (f64x2) through generics, and plain
// or relaxed SIMD through ASC_FEATURE_RELAXED_SIMD.
//
// The products follow BLIS: op(B) is packed into panels NR columns wide and op(A) into row-major
// blocks, so one register-blocked loop (directFourVectors: two rows of C against four vectors)
// serves A·B, Aᵀ·B and A·Bᵀ, packing doing the transposing. Small products and short ones read
// their operands in place, unpacked, with the same loop.

// @ts-nocheck: AssemblyScript, not TypeScript (excluded from tsc and eslint).

/** k per packed block: a KC × NR panel of B stays in L1. */
const KC: i32 = 256;
/** Rows of A per packed block: an MC × KC block of A stays in L2. */
const MC: i32 = 128;
/** Columns of B per packed block. */
const NC: i32 = 512;

/** Columns of a packed panel of B, and of the blocks directFourVectors computes: four vectors. */
// @ts-ignore: decorator
@inline function nr<T>(): i32 {
  return 64 / sizeof<T>();
}

// c + a·b, fused where the engine allows it.
// @ts-ignore: decorator
@inline function madd<T>(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return v128.relaxed_madd<T>(a, b, c);
  return v128.add<T>(v128.mul<T>(a, b), c);
}

// What the product under way changed in C, when gemmChange asked for it: the largest |ΔC| per
// lane of the vector stores, and the largest of the scalar stores. Globals are per instance, so
// per thread. A NaN change wins, as it must (see largerChange).
let tracking = false;
let largestLanes: v128 = i32x4(0, 0, 0, 0);
let largestScalar: f64 = 0;

/** Notes the change from old to next (vectors of T) when tracking. */
// @ts-ignore: decorator
@inline function track<T>(next: v128, old: v128): void {
  if (tracking) largestLanes = largerChange<T>(largestLanes, v128.sub<T>(next, old));
}

/** Notes the change from old to next (one value) when tracking; f64.max keeps a NaN. */
// @ts-ignore: decorator
@inline function trackScalar<T>(next: T, old: T): void {
  if (tracking) largestScalar = max(largestScalar, <f64>abs(next - old));
}

/** dst = value + beta·dst (beta 0 ignores what dst held), noting the change. */
// @ts-ignore: decorator
@inline function storeScalar<T>(dst: usize, value: T, beta: T): void {
  const old = load<T>(dst);
  const next: T = beta != <T>0 ? value + beta * old : value;
  store<T>(dst, next);
  trackScalar<T>(next, old);
}

/**
 * Scratch bytes the caller must reserve for one gemm call of this element size: one packed
 * KC × NC block of B, one MC × KC block of A, one MC × NR block of C for a last, narrower panel.
 */
export function gemmWorkBytes(elementBytes: i32): i32 {
  return (KC * NC + MC * KC + MC * (64 / elementBytes)) * elementBytes;
}

/**
 * Pack rows [p0, p0+kc) and columns [j0, j0+nc) of op(B) into panels NR wide:
 * panel q holds, for each p, NR consecutive values of columns j0 + q·NR … (zero past n).
 * op(B)(p, j) = B[p·rs + j·cs] (elements).
 */
function packB<T>(B: usize, rs: i32, cs: i32, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
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
@inline function transposeCopy<T>(src: usize, srcRow: usize, kc: i32, dst: usize, dstRow: usize): void {
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
function packA<T>(A: usize, rs: i32, cs: i32, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
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

/**
 * C (mc × w, w < NR) = alpha·(a packed block of A · the last panel of B, zeros past w) + beta·C,
 * through `edge` (mc × NR): the panel's product alone there, then its w columns into C.
 */
function lastPanel<T>(
  mc: i32, kc: i32, pa: usize, pb: usize, c: usize, ldcb: usize, alpha: T, beta: T, w: i32,
  edge: usize,
): void {
  const size = sizeof<T>();
  const ld = <usize>nr<T>() * size;
  // `edge` is no part of C: what it held before is no change of C's.
  const tracked = tracking;
  tracking = false;
  directFourVectors<T>(mc, kc, pa, <usize>kc * size, size, pb, ld, edge, ld, alpha, <T>0);
  tracking = tracked;
  for (let i = 0; i < mc; i++) {
    for (let j = 0; j < w; j++) {
      const src = edge + <usize>i * ld + <usize>j * size;
      storeScalar<T>(c + <usize>i * ldcb + <usize>j * size, load<T>(src), beta);
    }
  }
}

/** Products of at most this many multiply-adds skip packing (see gemmDirect). */
const DIRECT_MAX_WORK: i32 = 1 << 15;

/**
 * C = alpha·op(A)·op(B) + beta·C for products too small to repay packing (W1's layers of 4, 16
 * and 3 units: a packed panel of 16 columns would be mostly padding, and k is 3 or 4 in two of
 * them).
 * op(B) is read in place when its rows are whole vectors in memory, else copied once into `work`
 * as rows padded with zeros to whole vectors. Blocks of four vectors of columns go to
 * directFourVectors; each other vector of columns is done four rows of C at a time, splatting
 * op(A)(i, p) against row p of op(B).
 */
function gemmDirect<T>(
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
function gemmNarrow<T>(
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
function directFourVectors<T>(
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

/** The value at p in every lane. */
// @ts-ignore: decorator
@inline function splatAt<T>(p: usize): v128 {
  return sizeof<T>() == 4 ? v128.load32_splat(p) : v128.load64_splat(p);
}

/** Four whole vectors from out on: out[v] = alpha·c_v + beta·out[v] (beta 0 ignores out). */
// @ts-ignore: decorator
@inline function storeFour<T>(
  out: usize, c0: v128, c1: v128, c2: v128, c3: v128, alpha: T, beta: T,
): void {
  if (tracking) {
    storeFourTracked<T>(out, c0, c1, c2, c3, alpha, beta);
    return;
  }
  const L = 16 / <i32>sizeof<T>();
  storeScaled<T>(out, c0, L, alpha, beta);
  storeScaled<T>(out + 16, c1, L, alpha, beta);
  storeScaled<T>(out + 32, c2, L, alpha, beta);
  storeScaled<T>(out + 48, c3, L, alpha, beta);
}

/** storeFour noting the largest change: the four vectors' first, then the global's once. */
function storeFourTracked<T>(
  out: usize, c0: v128, c1: v128, c2: v128, c3: v128, alpha: T, beta: T,
): void {
  const a = v128.splat<T>(alpha);
  const b = v128.splat<T>(beta);
  const old0 = v128.load(out);
  const old1 = v128.load(out, 16);
  const old2 = v128.load(out, 32);
  const old3 = v128.load(out, 48);
  // beta 0 ignores what out held (a NaN there too)
  const keep = beta != <T>0;
  const next0 = keep ? madd<T>(old0, b, v128.mul<T>(c0, a)) : v128.mul<T>(c0, a);
  const next1 = keep ? madd<T>(old1, b, v128.mul<T>(c1, a)) : v128.mul<T>(c1, a);
  const next2 = keep ? madd<T>(old2, b, v128.mul<T>(c2, a)) : v128.mul<T>(c2, a);
  const next3 = keep ? madd<T>(old3, b, v128.mul<T>(c3, a)) : v128.mul<T>(c3, a);
  v128.store(out, next0);
  v128.store(out, next1, 16);
  v128.store(out, next2, 32);
  v128.store(out, next3, 48);
  const most = largerChange<T>(
    largerChange<T>(v128.sub<T>(next0, old0), v128.sub<T>(next1, old1)),
    largerChange<T>(v128.sub<T>(next2, old2), v128.sub<T>(next3, old3)),
  );
  largestLanes = largerChange<T>(largestLanes, most);
}

/**
 * Per lane, the larger of |x| and |y| (NaN wins): compared as integers, the bits of floats ≥ 0
 * order as their values, and a NaN's (sign cleared) above them all.
 */
// @ts-ignore: decorator
@inline function largerChange<T>(x: v128, y: v128): v128 {
  x = v128.abs<T>(x);
  y = v128.abs<T>(y);
  if (sizeof<T>() == 4) return i32x4.max_s(x, y);
  return v128.bitselect(x, y, i64x2.gt_s(x, y));
}

/** out[0 … w) = alpha·c + beta·out (w ≤ lanes; beta 0 ignores what out held). */
// @ts-ignore: decorator
@inline function storeScaled<T>(out: usize, c: v128, w: i32, alpha: T, beta: T): void {
  if (alpha != <T>1) c = v128.mul<T>(c, v128.splat<T>(alpha));
  if (w == 16 / <i32>sizeof<T>()) {
    if (beta != <T>0 || tracking) {
      const old = v128.load(out);
      if (beta != <T>0) c = madd<T>(old, v128.splat<T>(beta), c);
      track<T>(c, old);
    }
    v128.store(out, c);
  } else {
    const old = loadPartial<T>(out, w);
    if (beta != <T>0) c = madd<T>(old, v128.splat<T>(beta), c);
    storePartial<T>(out, c, w);
    // What was stored: the lanes past w are zeros in both.
    track<T>(loadPartial<T>(out, w), old);
  }
}

/**
 * Whether a product goes unpacked to gemmDirect with op(B) read in place: its rows are whole
 * blocks of four vectors in memory at a row stride that is no multiple of 4 KiB, and either C is
 * short (few rows to reuse a packed panel) or k is (a block of B's rows stays in L1 for every row
 * of C). W2's 32 × 784 · 784 × 128 and 784 × 32 · 32 × 128 ran 12–15% faster so than packed.
 * Rows 4 KiB apart alias in L1: W3's 1024-wide B ran 2× slower read in place.
 */
function readsBlocksInPlace(m: i32, n: i32, k: i32, bcs: i32, brs: i32, size: usize): bool {
  const L = 16 / <i32>size;
  return bcs == 1 && n % (4 * L) == 0 && (<usize>brs * size) % 4096 != 0 && (m <= 32 || k <= 64);
}

/**
 * C (m × n, row stride ldc) = alpha·op(A)·op(B) + beta·C.
 * op(A) is m × k with element (i, p) at A[i·ars + p·acs]; op(B) is k × n with (p, j) at
 * B[p·brs + j·bcs]. So A·B, Aᵀ·B and A·Bᵀ are the same call with different strides.
 * `work` points at gemmWorkBytes(sizeof<T>()) bytes of scratch.
 */
function gemm<T>(
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

function startTracking(): void {
  tracking = true;
  largestLanes = i32x4(0, 0, 0, 0);
  largestScalar = 0;
}

/** The largest change noted since startTracking, NaN if any was NaN (f64.max keeps a NaN). */
function stopTracking<T>(): f64 {
  tracking = false;
  const v = largestLanes;
  const lanes: f64 = sizeof<T>() == 4
    ? max(max(<f64>f32x4.extract_lane(v, 0), <f64>f32x4.extract_lane(v, 1)),
        max(<f64>f32x4.extract_lane(v, 2), <f64>f32x4.extract_lane(v, 3)))
    : max(f64x2.extract_lane(v, 0), f64x2.extract_lane(v, 1));
  return max(lanes, largestScalar);
}

/**
 * One gradient-descent step over n parameters: p ← keep·p − lr·v (keep < 1: weight decay, keep 1:
 * plain). Returns the largest |Δp| actually stored (what the Trainer's threshold criterion watches).
 */
function descend<T>(p: usize, v: usize, n: i32, lr: T, keep: T): T {
  const size = sizeof<T>();
  const L = 16 / <i32>size;
  const rate = v128.splat<T>(lr);
  const kept = v128.splat<T>(keep);
  // NaN in a change must win, as Math.max(…, NaN) does in the TypeScript optimizer. The vector
  // max that does so costs V8 a dozen instructions on x64; pmax and a NaN mask cost two.
  // Two vectors per turn, each with its own running max: one chain of pmax is bound by its
  // latency (15–20% slower).
  let most0 = v128.splat<T>(<T>0);
  let most1 = most0;
  let nan = v128.splat<i32>(0);
  let i = 0;
  for (; i + 2 * L <= n; i += 2 * L) {
    const o = <usize>i * size;
    const old0 = v128.load(p + o);
    const old1 = v128.load(p + o, 16);
    // p ← keep·p − lr·v
    const next0 = v128.sub<T>(v128.mul<T>(kept, old0), v128.mul<T>(rate, v128.load(v + o)));
    const next1 = v128.sub<T>(v128.mul<T>(kept, old1), v128.mul<T>(rate, v128.load(v + o, 16)));
    v128.store(p + o, next0);
    v128.store(p + o, next1, 16);
    const change0 = v128.abs<T>(v128.sub<T>(next0, old0));
    const change1 = v128.abs<T>(v128.sub<T>(next1, old1));
    most0 = v128.pmax<T>(most0, change0);
    most1 = v128.pmax<T>(most1, change1);
    nan = v128.or(nan, v128.or(v128.ne<T>(change0, change0), v128.ne<T>(change1, change1)));
  }
  let most = v128.pmax<T>(most0, most1);
  for (; i + L <= n; i += L) {
    const o = <usize>i * size;
    const old = v128.load(p + o);
    const next = v128.sub<T>(v128.mul<T>(kept, old), v128.mul<T>(rate, v128.load(v + o)));
    v128.store(p + o, next);
    const change = v128.abs<T>(v128.sub<T>(next, old));
    most = v128.pmax<T>(most, change);
    nan = v128.or(nan, v128.ne<T>(change, change));
  }
  let m: T = sizeof<T>() == 4
    ? <T>max(max(f32x4.extract_lane(most, 0), f32x4.extract_lane(most, 1)),
        max(f32x4.extract_lane(most, 2), f32x4.extract_lane(most, 3)))
    : <T>max(f64x2.extract_lane(most, 0), f64x2.extract_lane(most, 1));
  if (v128.any_true(nan)) m = <T>NaN;
  for (; i < n; i++) {
    const o = <usize>i * size;
    const old = load<T>(p + o);
    const next: T = keep * old - lr * load<T>(v + o);
    store<T>(p + o, next);
    m = max(m, abs(next - old));
  }
  return m;
}

export function descendF32(p: usize, v: usize, n: i32, lr: f64, keep: f64): f64 {
  return <f64>descend<f32>(p, v, n, <f32>lr, <f32>keep);
}

export function descendF64(p: usize, v: usize, n: i32, lr: f64, keep: f64): f64 {
  return descend<f64>(p, v, n, lr, keep);
}

// c + a·b with c splatted: one step of Horner's rule.
// @ts-ignore: decorator
@inline function horner<T>(p: v128, r: v128, c: f64): v128 {
  return madd<T>(p, r, v128.splat<T>(<T>c));
}

/**
 * e^x, lane by lane, for the sigmoid (its only user): e^x = 2ⁿ·e^r with n = round(x / ln 2) and
 * r = x − n·ln 2, |r| ≤ ln 2 / 2 (ln 2 split in two so that n·ln2hi is exact: Cody and Waite),
 * e^r by its Taylor series (degree 13 for f64, 7 for f32: truncation below half an ulp). The
 * polynomial is computed doubled (every coefficient times 2, exact in binary) and scaled by
 * 2ⁿ⁻¹, one multiplication: so 2ⁿ⁻¹ stays a normal number up to the largest n that does not
 * overflow (e^x rounds to infinity just where IEEE arithmetic rounds it). Below, x is clamped
 * where e^x is still normal (e^−86, e^−707): smaller values would need a second scaling to
 * round as subnormals, and 1/(1 + e^x) is 1 there anyway. NaN stays NaN (the clamps are pmin
 * and pmax, which return x when a comparison with it fails, and cost V8 one instruction each
 * where NaN-propagating min and max cost eight).
 */
// @ts-ignore: decorator
@inline function expv<T>(x: v128): v128 {
  if (sizeof<T>() == 4) {
    x = f32x4.pmax(f32x4.pmin(x, f32x4.splat(89)), f32x4.splat(-86));
    const magic = f32x4.splat(12582912); // 1.5·2²³: adding it rounds to an integer
    const k = f32x4.add(f32x4.mul(x, f32x4.splat(1.44269504)), magic);
    const n = f32x4.sub(k, magic);
    let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
    r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
    // 2·e^r
    let p = f32x4.splat(<f32>(2.0 / 5040));
    p = horner<f32>(p, r, 2.0 / 720);
    p = horner<f32>(p, r, 2.0 / 120);
    p = horner<f32>(p, r, 2.0 / 24);
    p = horner<f32>(p, r, 2.0 / 6);
    p = horner<f32>(p, r, 1);
    p = horner<f32>(p, r, 2);
    p = horner<f32>(p, r, 2);
    const ni = i32x4.sub(k, magic); // the bits of k − magic: n as an integer
    return f32x4.mul(p, i32x4.shl(i32x4.add(ni, i32x4.splat(127 - 1)), 23));
  }
  x = f64x2.pmax(f64x2.pmin(x, f64x2.splat(710)), f64x2.splat(-707));
  const magic = f64x2.splat(6755399441055744); // 1.5·2⁵²
  const k = f64x2.add(f64x2.mul(x, f64x2.splat(1.44269504088896338700)), magic);
  const n = f64x2.sub(k, magic);
  let r = f64x2.sub(x, f64x2.mul(n, f64x2.splat(6.93147180369123816490e-01)));
  r = f64x2.sub(r, f64x2.mul(n, f64x2.splat(1.90821492927058770002e-10)));
  // 2·e^r
  let p = f64x2.splat(2.0 / 6227020800);
  p = horner<f64>(p, r, 2.0 / 479001600);
  p = horner<f64>(p, r, 2.0 / 39916800);
  p = horner<f64>(p, r, 2.0 / 3628800);
  p = horner<f64>(p, r, 2.0 / 362880);
  p = horner<f64>(p, r, 2.0 / 40320);
  p = horner<f64>(p, r, 2.0 / 5040);
  p = horner<f64>(p, r, 2.0 / 720);
  p = horner<f64>(p, r, 2.0 / 120);
  p = horner<f64>(p, r, 2.0 / 24);
  p = horner<f64>(p, r, 2.0 / 6);
  p = horner<f64>(p, r, 1);
  p = horner<f64>(p, r, 2);
  p = horner<f64>(p, r, 2);
  const ni = i64x2.sub(k, magic);
  return f64x2.mul(p, i64x2.shl(i64x2.add(ni, i64x2.splat(1023 - 1)), 52));
}

/** The first n (< lanes) values at p in a vector, zeros after them. */
// @ts-ignore: decorator
@inline function loadPartial<T>(p: usize, n: i32): v128 {
  if (sizeof<T>() == 8) return f64x2.replace_lane(f64x2.splat(0), 0, load<f64>(p));
  let v = f32x4.replace_lane(f32x4.splat(0), 0, load<f32>(p));
  if (n > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (n > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** Stores the first n (< lanes) lanes of v at p. */
// @ts-ignore: decorator
@inline function storePartial<T>(p: usize, v: v128, n: i32): void {
  if (sizeof<T>() == 8) {
    store<f64>(p, f64x2.extract_lane(v, 0));
    return;
  }
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (n > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (n > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/**
 * z ← z + θ (θ added to each of the `rows` rows of z, `cols` wide), then a = σ(z) = 1/(1 + e^−z),
 * over the whole matrix. a may be z.
 */
function biasSigmoid<T>(z: usize, theta: usize, a: usize, rows: i32, cols: i32): void {
  const size = sizeof<T>();
  const L = 16 / <i32>size;
  // z_ij += θ_j
  for (let i = 0; i < rows; i++) {
    const row = z + <usize>(i * cols) * size;
    let j = 0;
    for (; j + L <= cols; j += L) {
      const o = <usize>j * size;
      v128.store(row + o, v128.add<T>(v128.load(row + o), v128.load(theta + o)));
    }
    for (; j < cols; j++) {
      const o = <usize>j * size;
      store<T>(row + o, load<T>(row + o) + load<T>(theta + o));
    }
  }
  // a = 1/(1 + e^−z)
  const count = rows * cols;
  const one = v128.splat<T>(<T>1);
  let i = 0;
  // Four vectors per turn: each one's e^x is a long chain of dependent steps (about 80 cycles),
  // and four chains overlap where two left the core waiting (20–25% faster, f32 and f64).
  for (; i + 4 * L <= count; i += 4 * L) {
    const o = <usize>i * size;
    const e0 = expv<T>(v128.neg<T>(v128.load(z + o)));
    const e1 = expv<T>(v128.neg<T>(v128.load(z + o, 16)));
    const e2 = expv<T>(v128.neg<T>(v128.load(z + o, 32)));
    const e3 = expv<T>(v128.neg<T>(v128.load(z + o, 48)));
    v128.store(a + o, v128.div<T>(one, v128.add<T>(one, e0)));
    v128.store(a + o, v128.div<T>(one, v128.add<T>(one, e1)), 16);
    v128.store(a + o, v128.div<T>(one, v128.add<T>(one, e2)), 32);
    v128.store(a + o, v128.div<T>(one, v128.add<T>(one, e3)), 48);
  }
  for (; i + L <= count; i += L) {
    const o = <usize>i * size;
    const e = expv<T>(v128.neg<T>(v128.load(z + o)));
    v128.store(a + o, v128.div<T>(one, v128.add<T>(one, e)));
  }
  if (i < count) {
    const o = <usize>i * size;
    const e = expv<T>(v128.neg<T>(loadPartial<T>(z + o, count - i)));
    storePartial<T>(a + o, v128.div<T>(one, v128.add<T>(one, e)), count - i);
  }
}

export function biasSigmoidF32(z: usize, theta: usize, a: usize, rows: i32, cols: i32): void {
  biasSigmoid<f32>(z, theta, a, rows, cols);
}

export function biasSigmoidF64(z: usize, theta: usize, a: usize, rows: i32, cols: i32): void {
  biasSigmoid<f64>(z, theta, a, rows, cols);
}

/** δ ⊙= a(1 − a): the sigmoid's g′(z), from its output a = σ(z). */
function sigmoidDerivative<T>(a: usize, delta: usize, n: i32): void {
  const size = sizeof<T>();
  const L = 16 / <i32>size;
  const one = v128.splat<T>(<T>1);
  let i = 0;
  for (; i + L <= n; i += L) {
    const o = <usize>i * size;
    const ai = v128.load(a + o);
    v128.store(delta + o, v128.mul<T>(v128.load(delta + o), v128.mul<T>(ai, v128.sub<T>(one, ai))));
  }
  for (; i < n; i++) {
    const o = <usize>i * size;
    const ai = load<T>(a + o);
    store<T>(delta + o, load<T>(delta + o) * (ai * (<T>1 - ai)));
  }
}

export function sigmoidDerivativeF32(a: usize, delta: usize, n: i32): void {
  sigmoidDerivative<f32>(a, delta, n);
}

export function sigmoidDerivativeF64(a: usize, delta: usize, n: i32): void {
  sigmoidDerivative<f64>(a, delta, n);
}

/** out = alpha·(Σ_i A[i, :]) + beta·out, A `rows` × `cols`. beta 0 ignores what out held. */
function columnSums<T>(A: usize, out: usize, rows: i32, cols: i32, alpha: T, beta: T): void {
  const size = sizeof<T>();
  const L = 16 / <i32>size;
  const s = v128.splat<T>(alpha);
  const rowBytes = <usize>cols * size;
  let j = 0;
  // Four vectors of columns per pass down the rows: four chains of additions side by side (one
  // at a time, each waited on its additions' latency).
  for (; j + 4 * L <= cols; j += 4 * L) {
    const o = <usize>j * size;
    let s0 = v128.splat<T>(<T>0), s1 = s0, s2 = s0, s3 = s0;
    for (let i = 0; i < rows; i++) {
      const row = A + <usize>i * rowBytes + o;
      s0 = v128.add<T>(s0, v128.load(row));
      s1 = v128.add<T>(s1, v128.load(row, 16));
      s2 = v128.add<T>(s2, v128.load(row, 32));
      s3 = v128.add<T>(s3, v128.load(row, 48));
    }
    storeFour<T>(out + o, s0, s1, s2, s3, alpha, beta);
  }
  for (; j + L <= cols; j += L) {
    const o = <usize>j * size;
    let sum = v128.splat<T>(<T>0);
    // sum_j = Σ_i A[i, j]
    for (let i = 0; i < rows; i++) sum = v128.add<T>(sum, v128.load(A + <usize>i * rowBytes + o));
    sum = v128.mul<T>(sum, s);
    if (beta != <T>0) sum = madd<T>(v128.load(out + o), v128.splat<T>(beta), sum);
    v128.store(out + o, sum);
  }
  for (; j < cols; j++) {
    const o = <usize>j * size;
    let sum: T = 0;
    for (let i = 0; i < rows; i++) sum += load<T>(A + <usize>i * rowBytes + o);
    store<T>(out + o, beta != <T>0 ? alpha * sum + beta * load<T>(out + o) : alpha * sum);
  }
}

export function columnSumsF32(
  A: usize, out: usize, rows: i32, cols: i32, alpha: f64, beta: f64,
): void {
  columnSums<f32>(A, out, rows, cols, <f32>alpha, <f32>beta);
}

export function columnSumsF64(
  A: usize, out: usize, rows: i32, cols: i32, alpha: f64, beta: f64,
): void {
  columnSums<f64>(A, out, rows, cols, alpha, beta);
}

/** r = a − y over n values; returns ½‖r‖², accumulated in f64 whatever T. */
function residual<T>(a: usize, y: usize, r: usize, n: i32): f64 {
  const size = sizeof<T>();
  const L = 16 / <i32>size;
  let sum = f64x2.splat(0);
  let i = 0;
  for (; i + L <= n; i += L) {
    const o = <usize>i * size;
    const e = v128.sub<T>(v128.load(a + o), v128.load(y + o));
    v128.store(r + o, e);
    if (sizeof<T>() == 4) {
      const lo = f64x2.promote_low_f32x4(e);
      const hi = f64x2.promote_low_f32x4(i32x4.shuffle(e, e, 2, 3, 0, 1));
      sum = f64x2.add(sum, f64x2.add(f64x2.mul(lo, lo), f64x2.mul(hi, hi)));
    } else {
      sum = f64x2.add(sum, f64x2.mul(e, e));
    }
  }
  let total = f64x2.extract_lane(sum, 0) + f64x2.extract_lane(sum, 1);
  for (; i < n; i++) {
    const o = <usize>i * size;
    const e = load<T>(a + o) - load<T>(y + o);
    store<T>(r + o, e);
    total += <f64>e * <f64>e;
  }
  return 0.5 * total;
}

export function residualF32(a: usize, y: usize, r: usize, n: i32): f64 {
  return residual<f32>(a, y, r, n);
}

export function residualF64(a: usize, y: usize, r: usize, n: i32): f64 {
  return residual<f64>(a, y, r, n);
}
