// The loss history of one training run: every epoch kept (for the table and for export), in
// growable typed arrays, plus decimated views for the chart.
import type { EpochProgress } from '../../core/types';
import { MinMaxDecimator, type ChartPoint } from './decimator';

export interface LossView {
  train: ChartPoint[];
  validation: ChartPoint[];
  /** Epochs per bucket in the decimated view (1 = every epoch drawn). */
  span: number;
}

export class LossHistory {
  #epoch = new Float64Array(1024);
  #train = new Float64Array(1024);
  /** NaN where the epoch had no validation loss. */
  #validation = new Float64Array(1024);
  #length = 0;
  /** One decimation for both lines, so that they are drawn at the same epochs. */
  readonly #lines = new MinMaxDecimator(() => [this.#train, this.#validation], 1000);

  get length(): number {
    return this.#length;
  }

  push(points: readonly EpochProgress[]): void {
    this.#reserve(this.#length + points.length);
    for (const p of points) {
      const i = this.#length++;
      this.#epoch[i] = p.epoch;
      this.#train[i] = p.trainLoss;
      this.#validation[i] = p.validationLoss ?? Number.NaN;
      this.#lines.add(i);
    }
  }

  clear(): void {
    this.#length = 0;
    this.#lines.clear();
  }

  at(i: number): { epoch: number; trainLoss: number; validationLoss: number | null } {
    const v = this.#validation[i];
    return {
      epoch: this.#epoch[i],
      trainLoss: this.#train[i],
      validationLoss: Number.isNaN(v) ? null : v,
    };
  }

  view(): LossView {
    const drawn = this.#lines.indices();
    // The newest epoch is always drawn, so the lines end where training is.
    const n = this.#length;
    if (n > 0 && drawn.at(-1) !== n - 1) drawn.push(n - 1);
    const train: ChartPoint[] = [];
    const validation: ChartPoint[] = [];
    for (const i of drawn) {
      const x = this.#epoch[i];
      train.push({ x, y: this.#train[i] });
      if (!Number.isNaN(this.#validation[i])) validation.push({ x, y: this.#validation[i] });
    }
    return { train, validation, span: this.#lines.span };
  }

  #reserve(n: number): void {
    if (n <= this.#epoch.length) return;
    let size = this.#epoch.length;
    while (size < n) size *= 2;
    const grow = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a.subarray(0, this.#length));
      return b;
    };
    this.#epoch = grow(this.#epoch);
    this.#train = grow(this.#train);
    this.#validation = grow(this.#validation);
  }
}
