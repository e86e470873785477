// The gradient-descent step over a parameter array, for the updates not fused into a product
// (θ, and weights too large to update inside their gradient's product).

// @ts-nocheck: AssemblyScript, not TypeScript (excluded from tsc and eslint).

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
