// The roof of the engine's kernels: twelve independent 128-bit multiply-adds a step, in registers,
// with no memory access (as many as a core can have in flight: two units, four cycles each).
// bench/roof.ts compiles this with relaxed SIMD, as the engine's kernels are, and times it.

// @ts-nocheck: AssemblyScript, not TypeScript (excluded from tsc and eslint).

/** `steps` steps of twelve multiply-adds of T lanes; returns a lane, so that none is left out. */
function madd<T>(steps: i32, x: T): T {
  let a0 = v128.splat<T>(x);
  let a1 = v128.splat<T>(x + <T>1);
  let a2 = v128.splat<T>(x + <T>2);
  let a3 = v128.splat<T>(x + <T>3);
  let a4 = v128.splat<T>(x + <T>4);
  let a5 = v128.splat<T>(x + <T>5);
  let a6 = v128.splat<T>(x + <T>6);
  let a7 = v128.splat<T>(x + <T>7);
  let a8 = v128.splat<T>(x + <T>8);
  let a9 = v128.splat<T>(x + <T>9);
  let a10 = v128.splat<T>(x + <T>10);
  let a11 = v128.splat<T>(x + <T>11);
  const b = v128.splat<T>(<T>0.9999);
  const c = v128.splat<T>(<T>0.0001);
  for (let i = 0; i < steps; i++) {
    a0 = v128.relaxed_madd<T>(a0, b, c);
    a1 = v128.relaxed_madd<T>(a1, b, c);
    a2 = v128.relaxed_madd<T>(a2, b, c);
    a3 = v128.relaxed_madd<T>(a3, b, c);
    a4 = v128.relaxed_madd<T>(a4, b, c);
    a5 = v128.relaxed_madd<T>(a5, b, c);
    a6 = v128.relaxed_madd<T>(a6, b, c);
    a7 = v128.relaxed_madd<T>(a7, b, c);
    a8 = v128.relaxed_madd<T>(a8, b, c);
    a9 = v128.relaxed_madd<T>(a9, b, c);
    a10 = v128.relaxed_madd<T>(a10, b, c);
    a11 = v128.relaxed_madd<T>(a11, b, c);
  }
  const s = v128.add<T>(v128.add<T>(v128.add<T>(a0, a1), v128.add<T>(a2, a3)), v128.add<T>(a4, a5));
  const t = v128.add<T>(v128.add<T>(v128.add<T>(a6, a7), v128.add<T>(a8, a9)), v128.add<T>(a10, a11));
  return v128.extract_lane<T>(v128.add<T>(s, t), 0);
}

export function maddF32(steps: i32, x: f32): f32 {
  return madd<f32>(steps, x);
}

export function maddF64(steps: i32, x: f64): f64 {
  return madd<f64>(steps, x);
}
