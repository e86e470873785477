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
  readonly #trainLine = new MinMaxDecimator(
    () => this.#epoch,
    () => this.#train,
    1000,
  );
  readonly #validationLine = new MinMaxDecimator(
    () => this.#epoch,
    () => this.#validation,
    1000,
  );

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
      this.#trainLine.add(i);
      this.#validationLine.add(i);
    }
  }

  clear(): void {
    this.#length = 0;
    this.#trainLine.clear();
    this.#validationLine.clear();
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
    const train = this.#trainLine.points();
    const validation = this.#validationLine.points();
    // The newest epoch is always drawn, so each line ends where training is (the two lines'
    // buckets keep their extremes at different epochs: each is looked at on its own).
    const n = this.#length;
    if (n > 0) {
      const x = this.#epoch[n - 1];
      if (train.at(-1)?.x !== x) train.push({ x, y: this.#train[n - 1] });
      const v = this.#validation[n - 1];
      if (!Number.isNaN(v) && validation.at(-1)?.x !== x) validation.push({ x, y: v });
    }
    return { train, validation, span: this.#trainLine.span };
  }

  /** The full history as CSV (epoch,train_loss,validation_loss). */
  toCsv(): string {
    const lines = ['epoch,train_loss,validation_loss'];
    for (let i = 0; i < this.#length; i++) {
      const v = this.#validation[i];
      lines.push(`${this.#epoch[i]},${this.#train[i]},${Number.isNaN(v) ? '' : v}`);
    }
    return lines.join('\n') + '\n';
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
