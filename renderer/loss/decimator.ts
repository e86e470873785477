// Min–max decimation that keeps up with live series: the epochs are grouped in buckets of `span`
// consecutive epochs; each bucket remembers where each series has its smallest and largest
// value. When there are twice as many buckets as wanted, neighbours merge and `span` doubles, so
// each new point costs O(1) (amortised) however long the run, and the drawn lines keep every
// spike. The series share their buckets and are drawn at the same epochs: a bucket is drawn at
// every epoch where one of them has an extreme, each series with its own value there, so the
// train and validation lines always have a point at the same epoch (and a tooltip both losses).

export interface ChartPoint {
  x: number;
  y: number;
}

interface Bucket {
  first: number;
  /** Per series, the index of its smallest and largest value in the bucket (-1: none, all NaN). */
  minAt: number[];
  maxAt: number[];
}

export class MinMaxDecimator {
  #buckets: Bucket[] = [];
  #span = 1;

  /** @param target buckets to keep (between target and 2 × target once the series are long) */
  constructor(
    private readonly series: () => readonly Float64Array[],
    readonly target = 1000,
  ) {}

  get span(): number {
    return this.#span;
  }

  /** Takes in the points at index i (points arrive in order; NaN values are skipped). */
  add(i: number): void {
    const series = this.series();
    const previous = this.#buckets.at(-1);
    const fresh = !previous || i - previous.first >= this.#span;
    const bucket: Bucket = fresh
      ? { first: i, minAt: series.map(() => -1), maxAt: series.map(() => -1) }
      : previous;
    if (fresh) this.#buckets.push(bucket);
    series.forEach((ys, s) => {
      const y = ys[i];
      if (Number.isNaN(y)) return;
      if (bucket.minAt[s] < 0 || y < ys[bucket.minAt[s]]) bucket.minAt[s] = i;
      if (bucket.maxAt[s] < 0 || y > ys[bucket.maxAt[s]]) bucket.maxAt[s] = i;
    });
    if (fresh && this.#buckets.length >= 2 * this.target) this.#merge();
  }

  clear(): void {
    this.#buckets = [];
    this.#span = 1;
  }

  /** The indices to draw, in order: in each bucket, every series' minimum and maximum. */
  indices(): number[] {
    const out: number[] = [];
    for (const b of this.#buckets) {
      const at = [...new Set([...b.minAt, ...b.maxAt])].filter((i) => i >= 0);
      out.push(...at.sort((i, j) => i - j));
    }
    return out;
  }

  #merge(): void {
    const series = this.series();
    const pick = (a: number, b: number, s: number, better: (u: number, v: number) => boolean) =>
      a < 0 ? b : b < 0 ? a : better(series[s][b], series[s][a]) ? b : a;
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
        minAt: a.minAt.map((i, s) => pick(i, b.minAt[s], s, (u, v) => u < v)),
        maxAt: a.maxAt.map((i, s) => pick(i, b.maxAt[s], s, (u, v) => u > v)),
      });
    }
    this.#buckets = merged;
    this.#span *= 2;
  }
}
