// Sums of numbers near the largest float64 (±1.8e308) overflow: 1e308 + 1e308 is Infinity. Divided
// by a power of two near the largest magnitude first, every term lies in (−2, 2), so any sum or
// mean of them is finite; and dividing by a power of two is exact, so for everyday numbers the
// results are the same, bit for bit, as without it.

/** 2^⌊log₂ m⌋, the power of two at or below m (1 for m = 0): for |x| ≤ m, |x / it| < 2. */
export function binaryScale(m: number): number {
  if (!(m > 0)) return 1;
  // log₂ of the largest float64 rounds to 1024, and 2^1024 is Infinity.
  return 2 ** Math.min(Math.floor(Math.log2(m)), 1023);
}

/**
 * The mean of the numbers among `values` (NaN is missing; NaN if there are none), finite for any
 * finite numbers: summed as x / s, s = binaryScale(m), m their largest magnitude.
 */
export function scaledMean(values: ArrayLike<number>, m = largestMagnitude(values)): number {
  const s = binaryScale(m);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    sum += v / s;
    count++;
  }
  // |mean| ≤ m: rounding alone could carry it past the largest float64.
  return Math.min(Math.max(s * (sum / count), -Number.MAX_VALUE), Number.MAX_VALUE);
}

function largestMagnitude(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (Math.abs(values[i]) > m) m = Math.abs(values[i]);
  return m;
}
