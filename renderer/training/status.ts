// The status line's text, from the training state (a pure function, so it is easy to test).
import type {
  EpochInside,
  EpochUnderway,
  TrainingFinished,
  TrainingState,
} from '../../app/shared/api';
import type { EpochProgress, StopReason } from '../../core/types';
import { formatCount, formatCountOf, formatLeftOut, formatRate, formatValue } from './format';
import { STOP_REASON_WORDS } from './training.svelte';

export interface StatusInput {
  state: TrainingState;
  latest: EpochProgress | null;
  samplesPerSecond: number;
  /** How far into a long epoch the run is (shown while running). */
  underway?: EpochUnderway | null;
  /** Where inside an epoch the run paused, with its losses then (shown while paused). */
  inside?: EpochInside | null;
  finished: TrainingFinished | null;
  /** Why a reopened project's run stopped (there is no finished result then). */
  stopReason?: StopReason | null;
  /**
   * A project opened on a dataset of other content than it was trained on: the losses shown are
   * of its weights on this data where the host evaluated them (results, a pause inside an epoch),
   * and the line says the data differs.
   */
  otherData?: boolean;
  /** What stops training from starting (shown when idle). */
  problems: string[];
  sizes: number[];
  /** Rows of the file the run leaves out for an empty or invalid cell (0 or absent: none). */
  leftOut?: number;
}

/** Said after losses of a reopened project's weights on a dataset other than its own. */
export const OTHER_DATA = 'on this dataset, not the one the project was trained on';
/** Said after a reopened project's saved losses (its loss curve's) on a dataset other than its own. */
export const AS_TRAINED = 'as trained, on the dataset the project was saved with';

const STATE_WORDS: Record<TrainingState, string> = {
  idle: 'Ready',
  running: 'Training',
  paused: 'Paused',
  finished: 'Finished',
};

/**
 * The epoch under way, after the last whole one's losses: `epoch 3: 45 % (4,500 of 10,000
 * batches)`; a full batch trained in chunks by its rows, `epoch 3: 40 % (64,000 of 160,000
 * rows)`; a minibatch trained in chunks by both, `… (4 of 10 batches + 2,048 of 5,000 rows)`.
 */
function underwayWords({ epoch, batches, of, rows }: EpochUnderway): string {
  // Never 100 % before the epoch is done
  const percent = Math.floor((100 * (batches + (rows ? rows.done / rows.of : 0))) / of);
  const inBatches = `${formatCount(batches)} of ${formatCountOf(of, 'batch', 'batches')}`;
  const inRows = rows && `${formatCount(rows.done)} of ${formatCountOf(rows.of, 'row', 'rows')}`;
  const where = !inRows ? inBatches : of === 1 ? inRows : `${inBatches} + ${inRows}`;
  return `epoch ${formatCount(epoch)}: ${percent} % (${where})`;
}

export function statusParts({
  state,
  latest,
  samplesPerSecond,
  underway = null,
  inside = null,
  finished,
  stopReason = null,
  otherData = false,
  problems,
  sizes,
  leftOut = 0,
}: StatusInput): string[] {
  // Said last: what the run trains on, after how it goes.
  const rows = leftOut > 0 ? [formatLeftOut(leftOut)] : [];
  if (state === 'idle' && !latest) {
    if (problems.length > 0) return [problems[0]];
    return [`Ready to train a ${sizes.join('–')} network`, ...rows];
  }
  const parts = [STATE_WORDS[state]];
  const partial = state === 'finished' ? finished?.partial : null;
  const restored = state === 'finished' ? (finished?.restoredEpoch ?? null) : null;
  // Opened on other data, a finished run's losses are the results', of its weights on this data:
  // the loss curve's last epoch is of the data it was trained on.
  const evaluated = state === 'finished' && otherData;
  if (finished && (partial || restored !== null || evaluated)) {
    // The parameters are not the last whole epoch's of the loss curve: stopped inside an epoch,
    // they include its first batches; stopped early, they are the best epoch's, restored; diverged,
    // the lowest training loss's, kept. The final losses are then the results' (those of the
    // exported weights), of that epoch.
    parts.push(
      partial
        ? `epoch ${formatCount(finished.epochs)} + ${formatCount(partial.batches)} of ${formatCountOf(partial.of, 'batch', 'batches')}`
        : restored === null
          ? `epoch ${formatCount(finished.epochs)}`
          : finished.reason === 'diverged'
            ? `epoch ${formatCount(restored)} (lowest loss of ${formatCount(finished.epochs)}, kept)`
            : `epoch ${formatCount(restored)} (best of ${formatCount(finished.epochs)}, restored)`,
    );
    parts.push(`train loss ${formatValue(finished.train.loss)}`);
    if (finished.validation) parts.push(`validation loss ${formatValue(finished.validation.loss)}`);
    if (otherData) parts.push(OTHER_DATA);
  } else if (state === 'paused' && inside) {
    // Paused inside an epoch (a Step of a batch, a Pause): the parameters include that epoch's
    // first batches, and the losses and largest change are theirs, not the last whole epoch's.
    parts.push(
      `epoch ${formatCount(inside.epochs)} + ${formatCount(inside.batches)} of ${formatCountOf(inside.of, 'batch', 'batches')}`,
    );
    // The pause is reported at once, its losses when the training process has computed them.
    if (inside.trainLoss === null) parts.push('computing losses…');
    else {
      parts.push(`train loss ${formatValue(inside.trainLoss)}`);
      if (inside.validationLoss !== null)
        parts.push(`validation loss ${formatValue(inside.validationLoss)}`);
    }
    parts.push(`largest change ${formatValue(inside.maxChange)}`);
    if (otherData) parts.push(OTHER_DATA);
  } else if (state === 'finished' && !finished && !stopReason && latest) {
    // Stopped, its results not here yet (a large dataset or network takes seconds): stopped
    // inside an epoch, its parameters are not the last whole epoch's, so that epoch's losses
    // would not be theirs. The results bring the losses, how far it got and why it stopped.
    parts.push(`epoch ${formatCount(latest.epoch)}`, 'computing results…');
  } else if (latest) {
    parts.push(`epoch ${formatCount(latest.epoch)}`);
    parts.push(`train loss ${formatValue(latest.trainLoss)}`);
    if (latest.validationLoss !== null)
      parts.push(`validation loss ${formatValue(latest.validationLoss)}`);
    parts.push(`largest change ${formatValue(latest.maxChange)}`);
    // Paused at an epoch's end on other data: the losses are the loss curve's, as trained.
    if (otherData && state !== 'running') parts.push(AS_TRAINED);
  }
  if (state === 'running' && underway) parts.push(underwayWords(underway));
  if (state === 'running' && samplesPerSecond > 0) parts.push(formatRate(samplesPerSecond));
  const reason = finished?.reason ?? stopReason;
  if (state === 'finished' && reason) {
    // The reason in words; the host's detail (exact numbers) is in the Results view.
    parts.push(`stopped: ${STOP_REASON_WORDS[reason]}`);
  }
  return [...parts, ...rows];
}
