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
