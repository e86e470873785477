// Sums over a batch: the column sums of δ (∂C/∂θ) and the residual a − y with its ½‖r‖².

// @ts-nocheck: AssemblyScript, not TypeScript (excluded from tsc and eslint).

import { madd } from './simd';
import { storeFour } from './store';

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
