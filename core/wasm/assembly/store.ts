// Writing results into C: out = alpha·c + beta·out, and, while a gemmChange asks for it, the
// largest change those stores made (what the Trainer's threshold criterion watches when a
// gradient-descent step is fused into its gradient's product).

// @ts-nocheck: AssemblyScript, not TypeScript (excluded from tsc and eslint).

import { loadPartial, madd, storePartial } from './simd';

// What the product under way changed in C, when gemmChange asked for it: the largest |ΔC| per
// lane of the vector stores, and the largest of the scalar stores. Globals are per instance, so
// per thread. A NaN change wins, as it must (see largerChange).
export let tracking = false;
export let largestLanes: v128 = i32x4(0, 0, 0, 0);
export let largestScalar: f64 = 0;

/** Notes the change from old to next (vectors of T) when tracking. */
// @ts-ignore: decorator
@inline export function track<T>(next: v128, old: v128): void {
  if (tracking) largestLanes = largerChange<T>(largestLanes, v128.sub<T>(next, old));
}

/** Notes the change from old to next (one value) when tracking; f64.max keeps a NaN. */
// @ts-ignore: decorator
@inline export function trackScalar<T>(next: T, old: T): void {
  if (tracking) largestScalar = max(largestScalar, <f64>abs(next - old));
}

/**
 * Per lane, the larger of |x| and |y| (NaN wins): compared as integers, the bits of floats ≥ 0
 * order as their values, and a NaN's (sign cleared) above them all.
 */
// @ts-ignore: decorator
@inline export function largerChange<T>(x: v128, y: v128): v128 {
  x = v128.abs<T>(x);
  y = v128.abs<T>(y);
  if (sizeof<T>() == 4) return i32x4.max_s(x, y);
  return v128.bitselect(x, y, i64x2.gt_s(x, y));
}

/** dst = value + beta·dst (beta 0 ignores what dst held), noting the change. */
// @ts-ignore: decorator
@inline export function storeScalar<T>(dst: usize, value: T, beta: T): void {
  const old = load<T>(dst);
  const next: T = beta != <T>0 ? value + beta * old : value;
  store<T>(dst, next);
  trackScalar<T>(next, old);
}

/** out[0 … w) = alpha·c + beta·out (w ≤ lanes; beta 0 ignores what out held). */
// @ts-ignore: decorator
@inline export function storeScaled<T>(out: usize, c: v128, w: i32, alpha: T, beta: T): void {
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

/** Four whole vectors from out on: out[v] = alpha·c_v + beta·out[v] (beta 0 ignores out). */
// @ts-ignore: decorator
@inline export function storeFour<T>(
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

/** Turns the noting of changes on or off (a scratch block is no part of C). */
// @ts-ignore: decorator
@inline export function setTracking(on: bool): void {
  tracking = on;
}

export function startTracking(): void {
  tracking = true;
  largestLanes = i32x4(0, 0, 0, 0);
  largestScalar = 0;
}

/** The largest change noted since startTracking, NaN if any was NaN (f64.max keeps a NaN). */
export function stopTracking<T>(): f64 {
  tracking = false;
  const v = largestLanes;
  const lanes: f64 = sizeof<T>() == 4
    ? max(max(<f64>f32x4.extract_lane(v, 0), <f64>f32x4.extract_lane(v, 1)),
        max(<f64>f32x4.extract_lane(v, 2), <f64>f32x4.extract_lane(v, 3)))
    : max(f64x2.extract_lane(v, 0), f64x2.extract_lane(v, 1));
  return max(lanes, largestScalar);
}
