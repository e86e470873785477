// One training run as the renderer sees it: the host's state, every epoch's losses (kept in full,
// drawn decimated), the latest epoch for the status line, and the result once it stops.
import type {
  NetworkSnapshot,
  ProgressBatch,
  TrainingFinished,
  TrainingState as HostState,
} from '../../app/shared/api';
import type { EpochProgress, StopReason } from '../../core/types';
import { LossHistory, type LossView } from '../loss/history';

export const STOP_REASONS: Record<StopReason, string> = {
  'max-epochs': 'reached the maximum number of epochs',
  threshold: 'no parameter changed by more than the threshold',
  'target-loss': 'reached the target loss',
  'early-stopping': 'validation loss stopped improving (early stopping)',
  diverged: 'the loss diverged',
  cancelled: 'stopped by the user',
};

const EMPTY_VIEW: LossView = { train: [], validation: [], span: 1 };

export class TrainingState {
  state = $state<HostState>('idle');
  readonly history = new LossHistory();
  /** Replaced on every batch: the chart and the table redraw from it. */
  view = $state.raw<LossView>(EMPTY_VIEW);
  latest = $state.raw<EpochProgress | null>(null);
  samplesPerSecond = $state(0);
  finished = $state.raw<TrainingFinished | null>(null);
  network = $state.raw<NetworkSnapshot | null>(null);

  /** Whether there are trained weights that a change of data or topology would discard. */
  readonly hasWeights = $derived(this.state !== 'idle' || this.latest !== null);
  readonly busy = $derived(this.state === 'running');

  receive(batch: ProgressBatch): void {
    if (batch.points.length > 0) {
      this.history.push(batch.points);
      this.latest = batch.points.at(-1)!;
      this.view = this.history.view();
    }
    this.samplesPerSecond = batch.samplesPerSecond;
    // A batch can trail the finished message; it must not revive a run that has ended.
    if (this.state !== 'finished' || batch.state === 'finished') this.state = batch.state;
  }

  finish(result: TrainingFinished): void {
    this.finished = result;
    this.state = 'finished';
  }

  clear(): void {
    this.history.clear();
    this.view = EMPTY_VIEW;
    this.latest = null;
    this.samplesPerSecond = 0;
    this.finished = null;
    this.network = null;
    this.state = 'idle';
  }
}
