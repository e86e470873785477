// Which units of a wide layer the network drawing shows: the page lays them out, and the training
// process sends the weights between them alone (a layer of 4096 units has 16 M weights to the
// next; the drawing shows 12 × 12 of them).

/**
 * Indices 0..n−1, or `max` of them evenly spaced (first and last always drawn). A size that is no
 * number (a Units field being typed) draws no unit.
 */
export function sampleUnits(n: number, max: number): number[] {
  if (!Number.isFinite(n)) return [];
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, k) => Math.round((k * (n - 1)) / (max - 1)));
}

/** Most units a layer is drawn with (see sampleUnits). */
export const MAX_DRAWN_UNITS = 12;
