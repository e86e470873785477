// One training run as the renderer sees it: the host's state, every epoch's losses (kept in full,
// drawn decimated), the latest epoch and how far into a long one the run is for the status line,
// and the result once it stops.
import type {
  EpochInside,
  EpochUnderway,
  NetworkSnapshot,
  ProgressBatch,
  TrainingFinished,
  TrainingState as HostState,
} from '../../app/shared/api';
import type { EpochProgress, StopReason } from '../../core/types';
import { LossHistory, type LossView } from '../loss/history';

export const STOP_REASON_WORDS: Record<StopReason, string> = {
  'max-epochs': 'reached the maximum number of epochs',
  threshold: 'no parameter changed by more than the threshold',
  'target-loss': 'reached the target loss',
  'early-stopping': 'validation loss stopped improving (early stopping)',
  diverged: 'the loss diverged',
  cancelled: 'stopped by the user',
};

/** How often the status line's numbers may change while training runs. */
const STATUS_HZ = 5;

const EMPTY_VIEW: LossView = { train: [], validation: [], span: 1 };

export class TrainingState {
  state = $state<HostState>('idle');
  readonly history = new LossHistory();
  /** Replaced on every batch: the chart and the table redraw from it. */
  view = $state.raw<LossView>(EMPTY_VIEW);
  latest = $state.raw<EpochProgress | null>(null);
  samplesPerSecond = $state(0);
  /** How far into the epoch under way a run is, while it takes long (null: no such report). */
  underway = $state.raw<EpochUnderway | null>(null);
  /** Where inside an epoch the run paused (a Step of a batch, a Pause), with its losses then. */
  inside = $state.raw<EpochInside | null>(null);
  finished = $state.raw<TrainingFinished | null>(null);
  /** Why the run stopped: the finished result's reason, or a reopened project's. */
  stopReason = $state<StopReason | null>(null);
  /**
   * The run is a project's opened on a dataset of other content than it was trained on: its
   * results and a paused run's losses are of its weights on this data, its loss curve of the other.
   */
  otherData = $state(false);
  network = $state.raw<NetworkSnapshot | null>(null);

  #lastPoint: EpochProgress | null = null;
  #pendingRate = 0;
  #pendingUnderway: EpochUnderway | null = null;
  #pendingInside: EpochInside | null = null;
  #shownAt = -Infinity;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Whether there are trained weights that a change of data or topology would discard. */
  readonly hasWeights = $derived(this.state !== 'idle' || this.view.train.length > 0);
  readonly busy = $derived(this.state === 'running');

  receive(batch: ProgressBatch): void {
    // The run goes on, on this data: what it reports from now on is of this data.
    if (batch.points.length > 0 || batch.state === 'running') this.otherData = false;
    if (batch.points.length > 0) {
      this.history.push(batch.points);
      this.#lastPoint = batch.points.at(-1)!;
      this.view = this.history.view();
    }
    // A batch can trail the finished message; it must not revive a run that has ended.
    const changed = batch.state !== this.state;
    if (this.state !== 'finished' || batch.state === 'finished') this.state = batch.state;
    // Any other report ends the one from inside an epoch: the epoch is done, or the run stopped.
    this.#pendingUnderway = batch.underway ?? null;
    // Likewise for where it paused: a report without it is of an epoch's end, or of a run going on.
    this.#pendingInside = batch.inside ?? null;
    this.#showLatest(batch.samplesPerSecond, changed);
  }

  finish(result: TrainingFinished): void {
    this.finished = result;
    this.#pendingUnderway = null;
    this.#pendingInside = null;
    this.stopReason = result.reason;
    this.state = 'finished';
    this.#showLatest(this.samplesPerSecond, true);
  }

  /**
   * Shows a reopened project's training: its whole loss curve, paused or finished; paused inside
   * an epoch, where (`inside`), as a live run's pause reported it; `otherData`: opened on a
   * dataset of other content than it was trained on.
   */
  restore(
    points: readonly EpochProgress[],
    stopReason: StopReason | null,
    inside: EpochInside | null = null,
    otherData = false,
  ): void {
    this.clear();
    if (points.length === 0) return;
    this.history.push(points);
    this.#lastPoint = points.at(-1)!;
    this.view = this.history.view();
    this.stopReason = stopReason;
    this.otherData = otherData;
    this.state = stopReason ? 'finished' : 'paused';
    this.#pendingInside = stopReason ? null : inside;
    this.#flushLatest();
  }

  /**
   * The status line's numbers change at most STATUS_HZ times a second (a live region read out
   * 30 times a second helps no one); a change of state shows at once, and the last epoch always
   * shows.
   */
  #showLatest(samplesPerSecond: number, now: boolean): void {
    this.#pendingRate = samplesPerSecond;
    const wait = this.#shownAt + 1000 / STATUS_HZ - performance.now();
    if (now || wait <= 0) return this.#flushLatest();
    this.#timer ??= setTimeout(() => this.#flushLatest(), wait);
  }

  #flushLatest(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#shownAt = performance.now();
    this.latest = this.#lastPoint;
    this.samplesPerSecond = this.#pendingRate;
    this.underway = this.#pendingUnderway;
    this.inside = this.#pendingInside;
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#lastPoint = null;
    this.#pendingUnderway = null;
    this.#pendingInside = null;
    this.#shownAt = -Infinity;
    this.history.clear();
    this.view = EMPTY_VIEW;
    this.latest = null;
    this.samplesPerSecond = 0;
    this.underway = null;
    this.inside = null;
    this.finished = null;
    this.stopReason = null;
    this.otherData = false;
    this.network = null;
    this.state = 'idle';
  }
}
