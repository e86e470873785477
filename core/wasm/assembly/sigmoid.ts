// The sigmoid: a = σ(z + θ) with e^x computed lane by lane, and its derivative for δ.

// @ts-nocheck: AssemblyScript, not TypeScript (excluded from tsc and eslint).

import { loadPartial, madd, storePartial } from './simd';

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

/**
 * The same over a block of `rows` × `cols` of a wider z, rows `ld` values apart (a the same
 * layout): one thread's share of a product whose layer it finishes (gemm.ts, gemmSigmoid).
 */
export function biasSigmoidBlock<T>(
  z: usize, ld: i32, theta: usize, a: usize, rows: i32, cols: i32,
): void {
  if (ld == cols) {
    biasSigmoid<T>(z, theta, a, rows, cols);
    return;
  }
  const ldb = <usize>ld * sizeof<T>();
  for (let i = 0; i < rows; i++) {
    biasSigmoid<T>(z + <usize>i * ldb, theta, a + <usize>i * ldb, 1, cols);
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
