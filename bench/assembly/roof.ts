// The roof of the engine's kernels: twelve independent 128-bit multiply-adds a step, in registers,
// with no memory access (as many as a core can have in flight: two units, four cycles each).
// bench/roof.ts compiles this with relaxed SIMD, as the engine's kernels are, and times it.

export function maddF32(steps: i32, x: f32): f32 {
  let a0 = f32x4.splat(x);
  let a1 = f32x4.splat(x + 1);
  let a2 = f32x4.splat(x + 2);
  let a3 = f32x4.splat(x + 3);
  let a4 = f32x4.splat(x + 4);
  let a5 = f32x4.splat(x + 5);
  let a6 = f32x4.splat(x + 6);
  let a7 = f32x4.splat(x + 7);
  let a8 = f32x4.splat(x + 8);
  let a9 = f32x4.splat(x + 9);
  let a10 = f32x4.splat(x + 10);
  let a11 = f32x4.splat(x + 11);
  const b = f32x4.splat(0.9999);
  const c = f32x4.splat(0.0001);
  for (let i = 0; i < steps; i++) {
    a0 = v128.relaxed_madd<f32>(a0, b, c);
    a1 = v128.relaxed_madd<f32>(a1, b, c);
    a2 = v128.relaxed_madd<f32>(a2, b, c);
    a3 = v128.relaxed_madd<f32>(a3, b, c);
    a4 = v128.relaxed_madd<f32>(a4, b, c);
    a5 = v128.relaxed_madd<f32>(a5, b, c);
    a6 = v128.relaxed_madd<f32>(a6, b, c);
    a7 = v128.relaxed_madd<f32>(a7, b, c);
    a8 = v128.relaxed_madd<f32>(a8, b, c);
    a9 = v128.relaxed_madd<f32>(a9, b, c);
    a10 = v128.relaxed_madd<f32>(a10, b, c);
    a11 = v128.relaxed_madd<f32>(a11, b, c);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(a4, a5));
  const t = f32x4.add(f32x4.add(f32x4.add(a6, a7), f32x4.add(a8, a9)), f32x4.add(a10, a11));
  return f32x4.extract_lane(f32x4.add(s, t), 0);
}

export function maddF64(steps: i32, x: f64): f64 {
  let a0 = f64x2.splat(x);
  let a1 = f64x2.splat(x + 1);
  let a2 = f64x2.splat(x + 2);
  let a3 = f64x2.splat(x + 3);
  let a4 = f64x2.splat(x + 4);
  let a5 = f64x2.splat(x + 5);
  let a6 = f64x2.splat(x + 6);
  let a7 = f64x2.splat(x + 7);
  let a8 = f64x2.splat(x + 8);
  let a9 = f64x2.splat(x + 9);
  let a10 = f64x2.splat(x + 10);
  let a11 = f64x2.splat(x + 11);
  const b = f64x2.splat(0.9999);
  const c = f64x2.splat(0.0001);
  for (let i = 0; i < steps; i++) {
    a0 = v128.relaxed_madd<f64>(a0, b, c);
    a1 = v128.relaxed_madd<f64>(a1, b, c);
    a2 = v128.relaxed_madd<f64>(a2, b, c);
    a3 = v128.relaxed_madd<f64>(a3, b, c);
    a4 = v128.relaxed_madd<f64>(a4, b, c);
    a5 = v128.relaxed_madd<f64>(a5, b, c);
    a6 = v128.relaxed_madd<f64>(a6, b, c);
    a7 = v128.relaxed_madd<f64>(a7, b, c);
    a8 = v128.relaxed_madd<f64>(a8, b, c);
    a9 = v128.relaxed_madd<f64>(a9, b, c);
    a10 = v128.relaxed_madd<f64>(a10, b, c);
    a11 = v128.relaxed_madd<f64>(a11, b, c);
  }
  const s = f64x2.add(f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3)), f64x2.add(a4, a5));
  const t = f64x2.add(f64x2.add(f64x2.add(a6, a7), f64x2.add(a8, a9)), f64x2.add(a10, a11));
  return f64x2.extract_lane(f64x2.add(s, t), 0);
}
