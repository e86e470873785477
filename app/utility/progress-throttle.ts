// Epoch reports, batched: training may finish thousands of epochs a second, the renderer wants at
// most ~30 updates a second, and the loss chart must not lose a single point. Every point is kept
// until the next send; a send happens at most once per interval (or when forced: pause, finish).
import type { EpochProgress } from '../../core/types';
import type { ProgressBatch, TrainingState } from '../shared/api';

export const PROGRESS_INTERVAL_MS = 1000 / 30;

export class ProgressThrottle {
  #points: EpochProgress[] = [];
  #samples = 0;
  #lastSend: number;
  #intervalStart: number;

  constructor(
    private readonly now: () => number,
    private readonly send: (batch: ProgressBatch) => void,
    readonly intervalMs = PROGRESS_INTERVAL_MS,
  ) {
    this.#lastSend = -Infinity;
    this.#intervalStart = now();
  }

  /** Records one epoch's report (kept until the next send). */
  add(point: EpochProgress): void {
    this.#points.push(point);
  }

  /** Counts samples trained (for the rate), whether or not an epoch completed. */
  count(samples: number): void {
    this.#samples += samples;
  }

  /** Sends what is pending if the interval has passed since the last send, or if `force`. */
  flush(state: TrainingState, force = false): void {
    const t = this.now();
    if (!force && t - this.#lastSend < this.intervalMs) return;
    if (!force && this.#points.length === 0) return;
    const seconds = (t - this.#intervalStart) / 1000;
    // rate = samples since the last send / seconds since the last send
    const samplesPerSecond = seconds > 0 ? this.#samples / seconds : 0;
    this.send({ points: this.#points, samplesPerSecond, state });
    this.#points = [];
    this.#samples = 0;
    this.#lastSend = t;
    this.#intervalStart = t;
  }

  /** Forgets pending points (after a reset). */
  clear(): void {
    this.#points = [];
    this.#samples = 0;
    this.#intervalStart = this.now();
  }
}
