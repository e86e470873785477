// What a run did, as one record: the loss of every epoch, why and where it stopped, and what a
// paused run goes on with. The session holds one; a project file and a checkpoint save it, and
// opening or restoring one, or putting a session back after a failed open, puts it back whole.
import type { OptimizerState } from '../../core/optimizer';
import type { BestSoFar, EpochPosition, PartialEpoch } from '../../core/train';
import type { EpochProgress, StopReason } from '../../core/types';

/** Why and where a run stopped: what its results, the status line and its files say. */
export interface Stopped {
  reason: StopReason;
  /** Why, in words ('' in a run restored from a checkpoint, which does not keep it). */
  detail: string;
  /**
   * Stopped inside an epoch: the batches of it that the parameters include (null: at an epoch's
   * boundary).
   */
  partial: PartialEpoch | null;
  /** Early stopping restored the parameters of this epoch of the run (null: it did not). */
  restoredEpoch: number | null;
}

/**
 * What a paused run goes on with: its optimizer's state, its place in the epoch and early
 * stopping's best so far.
 */
export interface Continuation {
  optimizer: OptimizerState | null;
  position: EpochPosition | null;
  best: BestSoFar | null;
}

/** Nothing to go on with: no paused run. */
export const NO_CONTINUATION: Continuation = { optimizer: null, position: null, best: null };

export interface RunRecord {
  /** The losses after every epoch, counted over the whole run; epoch 0 is the initial parameters. */
  history: EpochProgress[];
  /** Why and where the run stopped (null: it has not). */
  stopped: Stopped | null;
  /**
   * What a paused run goes on with while no live Trainer holds it (a restored project or
   * checkpoint, a run put back); null: nothing, the next Trainer starts afresh.
   */
  resume: Continuation | null;
}

/** No run: nothing trained. */
export function emptyRun(): RunRecord {
  return { history: [], stopped: null, resume: null };
}

/** The last epoch of a run's history (0: none trained). */
export function epochsDone(run: RunRecord): number {
  return run.history.at(-1)?.epoch ?? 0;
}
