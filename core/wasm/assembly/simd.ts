// Vector helpers every kernel shares: the multiply-add (fused where the engine has relaxed SIMD)
// and loads and stores of a value splatted or of a vector's first lanes.

// @ts-nocheck: AssemblyScript, not TypeScript (excluded from tsc and eslint).

// c + a·b, fused where the engine allows it.
// @ts-ignore: decorator
@inline export function madd<T>(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return v128.relaxed_madd<T>(a, b, c);
  return v128.add<T>(v128.mul<T>(a, b), c);
}

/** The value at p in every lane. */
// @ts-ignore: decorator
@inline export function splatAt<T>(p: usize): v128 {
  return sizeof<T>() == 4 ? v128.load32_splat(p) : v128.load64_splat(p);
}

/** The first n (< lanes) values at p in a vector, zeros after them. */
// @ts-ignore: decorator
@inline export function loadPartial<T>(p: usize, n: i32): v128 {
  if (sizeof<T>() == 8) return f64x2.replace_lane(f64x2.splat(0), 0, load<f64>(p));
  let v = f32x4.replace_lane(f32x4.splat(0), 0, load<f32>(p));
  if (n > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (n > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** Stores the first n (< lanes) lanes of v at p. */
// @ts-ignore: decorator
@inline export function storePartial<T>(p: usize, v: v128, n: i32): void {
  if (sizeof<T>() == 8) {
    store<f64>(p, f64x2.extract_lane(v, 0));
    return;
  }
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (n > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (n > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}
