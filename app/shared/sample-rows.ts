// Which training rows the decision surface draws as points: all of a small dataset, a bounded,
// evenly spaced sample of each class of a large one (200,000 points took the page's thread 5–8 s
// to draw). The training process picks them; the schema refuses more.

/** Most training points a decision surface carries and draws. */
export const SURFACE_MAX_POINTS = 2000;

/**
 * Indices (ascending) of at most `max` rows, stratified by class: each class keeps a share of the
 * sample proportional to its size, and at least max / (2K) rows (all, if fewer) so that every class
 * shows; within a class the rows are evenly spaced. `classOf[r]` is row r's class (0 for every row
 * of a numeric target). Deterministic: the same rows give the same sample.
 */
export function sampleRows(classOf: ArrayLike<number>, max: number = SURFACE_MAX_POINTS): number[] {
  const n = classOf.length;
  if (n <= max) return Array.from({ length: n }, (_, r) => r);
  const size = new Map<number, number>();
  for (let r = 0; r < n; r++) size.set(classOf[r], (size.get(classOf[r]) ?? 0) + 1);
  const classes = [...size.keys()];
  const quota = shares(
    classes.map((k) => size.get(k)!),
    max,
  );
  const want = new Map(classes.map((k, i) => [k, quota[i]]));

  // Row r is the p-th of its class of size s with quota q: taken when p = ⌊(j + ½)·s / q⌋ for the
  // next j < q, the centres of q equal slices of the class.
  const seen = new Map<number, number>();
  const taken = new Map<number, number>();
  const rows: number[] = [];
  for (let r = 0; r < n; r++) {
    const k = classOf[r];
    const p = seen.get(k) ?? 0;
    seen.set(k, p + 1);
    const j = taken.get(k) ?? 0;
    const q = want.get(k)!;
    if (j < q && p === Math.floor(((j + 0.5) * size.get(k)!) / q)) {
      taken.set(k, j + 1);
      rows.push(r);
    }
  }
  return rows;
}

/**
 * How many of each group's `sizes` a sample of `max` takes (Σ = max when Σ sizes > max): first a
 * floor of max / (2K) each (all of a smaller group; with more groups than max, one each of the
 * first max), then the rest of the sample in proportion to what each group has left, the units
 * that rounding down leaves going to the largest remainders.
 */
function shares(sizes: number[], max: number): number[] {
  const floor = Math.max(1, Math.floor(max / (2 * sizes.length)));
  let budget = max;
  const base = sizes.map((s) => {
    const b = Math.min(s, floor, budget);
    budget -= b;
    return b;
  });
  const left = sizes.map((s, i) => s - base[i]);
  const total = left.reduce((a, b) => a + b, 0);
  if (total <= budget) return sizes.map((s, i) => Math.min(s, base[i] + left[i]));
  // exact_i = budget · left_i / Σ left (< left_i), rounded down, then +1 by largest remainder
  const exact = left.map((l) => (budget * l) / total);
  const share = base.map((b, i) => b + Math.floor(exact[i]));
  const units = budget - exact.reduce((a, e) => a + Math.floor(e), 0);
  const order = exact
    .map((e, i) => [e - Math.floor(e), i])
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let u = 0; u < units; u++) share[order[u][1]]++;
  return share;
}
