// Min–max decimation that keeps up with a live series: the points are grouped in buckets of
// `span` consecutive epochs; each bucket remembers where its smallest and largest value are.
// When there are twice as many buckets as wanted, neighbours merge and `span` doubles, so each
// new point costs O(1) (amortised) however long the run, and the drawn line keeps every spike.

export interface ChartPoint {
  x: number;
  y: number;
}

interface Bucket {
  first: number;
  count: number;
  minAt: number;
  maxAt: number;
}

export class MinMaxDecimator {
  #buckets: Bucket[] = [];
  #span = 1;

  /** @param target buckets to keep (between target and 2 × target once the series is long) */
  constructor(
    private readonly xs: () => Float64Array,
    private readonly ys: () => Float64Array,
    readonly target = 1000,
  ) {}

  get span(): number {
    return this.#span;
  }

  /** Takes in the point at index i (points arrive in order; NaN values are skipped). */
  add(i: number): void {
    const y = this.ys()[i];
    if (Number.isNaN(y)) return;
    const last = this.#buckets.at(-1);
    if (last && i - last.first < this.#span) {
      const ys = this.ys();
      if (y < ys[last.minAt]) last.minAt = i;
      if (y > ys[last.maxAt]) last.maxAt = i;
      last.count++;
      return;
    }
    this.#buckets.push({ first: i, count: 1, minAt: i, maxAt: i });
    if (this.#buckets.length >= 2 * this.target) this.#merge();
  }

  clear(): void {
    this.#buckets = [];
    this.#span = 1;
  }

  /** The decimated series: each bucket's minimum and maximum, in epoch order. */
  points(): ChartPoint[] {
    const xs = this.xs();
    const ys = this.ys();
    const out: ChartPoint[] = [];
    for (const b of this.#buckets) {
      const [lo, hi] = b.minAt <= b.maxAt ? [b.minAt, b.maxAt] : [b.maxAt, b.minAt];
      out.push({ x: xs[lo], y: ys[lo] });
      if (hi !== lo) out.push({ x: xs[hi], y: ys[hi] });
    }
    return out;
  }

  #merge(): void {
    const ys = this.ys();
    const merged: Bucket[] = [];
    for (let k = 0; k < this.#buckets.length; k += 2) {
      const a = this.#buckets[k];
      const b = this.#buckets[k + 1];
      if (!b) {
        merged.push(a);
        continue;
      }
      merged.push({
        first: a.first,
        count: a.count + b.count,
        minAt: ys[b.minAt] < ys[a.minAt] ? b.minAt : a.minAt,
        maxAt: ys[b.maxAt] > ys[a.maxAt] ? b.maxAt : a.maxAt,
      });
    }
    this.#buckets = merged;
    this.#span *= 2;
  }
}
