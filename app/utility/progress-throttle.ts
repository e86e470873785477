// Epoch reports, batched: training may finish thousands of epochs a second, the renderer wants at
// most ~30 updates a second, and the loss chart must not lose a single point. Every point is kept
// until the next send; a send happens at most once per interval (or when forced: pause, finish).
// An epoch can also take minutes (a million rows, or a wide network in batches of one): once no
// epoch has been reported for UNDERWAY_AFTER_MS, a report of how far into the epoch training is
// goes out every UNDERWAY_INTERVAL_MS, so that the status line shows the run is alive.
import type { EpochProgress } from '../../core/types';
import type { EpochInside, EpochUnderway, ProgressBatch, TrainingState } from '../shared/api';

export const PROGRESS_INTERVAL_MS = 1000 / 30;
/** An epoch running this long without a report is reported from inside. */
export const UNDERWAY_AFTER_MS = 1000;
/** Least time between reports from inside an epoch (4 a second). */
export const UNDERWAY_INTERVAL_MS = 250;

export class ProgressThrottle {
  #points: EpochProgress[] = [];
  #samples = 0;
  #lastSend: number;
  #intervalStart: number;
  /** When the last epoch was reported, or training (re)started: an epoch began by then. */
  #epochSince: number;

  constructor(
    private readonly now: () => number,
    private readonly send: (batch: ProgressBatch) => void,
    readonly intervalMs = PROGRESS_INTERVAL_MS,
  ) {
    this.#lastSend = -Infinity;
    this.#intervalStart = now();
    this.#epochSince = this.#intervalStart;
  }

  /** Records one epoch's report (kept until the next send). */
  add(point: EpochProgress): void {
    this.#points.push(point);
    this.#epochSince = this.now();
  }

  /** Counts samples trained (for the rate), whether or not an epoch completed. */
  count(samples: number): void {
    this.#samples += samples;
  }

  /**
   * Sends what is pending if the interval has passed since the last send, or if `force`; with
   * where inside an epoch training paused, if it did (`inside`).
   */
  flush(state: TrainingState, force = false, inside?: EpochInside): void {
    const t = this.now();
    if (!force && t - this.#lastSend < this.intervalMs) return;
    if (!force && this.#points.length === 0) return;
    // A change of state (start, resume, pause): the time an epoch has run counts from here.
    if (force) this.#epochSince = t;
    this.#send(t, { points: this.#points, state, ...(inside ? { inside } : {}) });
  }

  /**
   * Reports how far into its epoch a run is (`underway`), if no epoch has been reported for
   * UNDERWAY_AFTER_MS and nothing was sent for UNDERWAY_INTERVAL_MS. Pending epochs go first
   * (flush): such a report carries none.
   */
  underway(underway: EpochUnderway): void {
    const t = this.now();
    if (this.#points.length > 0) return;
    if (t - this.#epochSince < UNDERWAY_AFTER_MS || t - this.#lastSend < UNDERWAY_INTERVAL_MS)
      return;
    this.#send(t, { points: [], state: 'running', underway });
  }

  #send(t: number, batch: Omit<ProgressBatch, 'samplesPerSecond'>): void {
    const seconds = (t - this.#intervalStart) / 1000;
    // rate = samples since the last send / seconds since the last send
    const samplesPerSecond = seconds > 0 ? this.#samples / seconds : 0;
    this.send({ ...batch, samplesPerSecond });
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
    this.#epochSince = this.#intervalStart;
  }
}
