// What closing the app now would lose, followed from the training process's reports: a run under
// way, or trained weights not saved since. The desktop's main process asks before the window closes
// (app/main/close-guard.ts); the web build's page asks before it unloads (renderer/web/web-api.ts).
// One rule for both.
import type { TrainingState } from './api';

/** What closing now would lose: a run under way, or trained weights not saved since. */
export type Risk = 'training' | 'unsaved';

/** A report of the training process (its progress and finished messages count; others pass by). */
export interface NotedEvent {
  readonly kind: string;
  readonly batch?: { readonly state: TrainingState; readonly points: ArrayLike<number> };
}

/** Follows the training process's reports to know what closing the app would lose. */
export class WorkAtRisk {
  #state: TrainingState = 'idle';
  #trainedSinceSave = false;

  note(event: NotedEvent): void {
    if (event.kind === 'progress' && event.batch) {
      this.#state = event.batch.state;
      // An idle report: reset, new data, an example: no trained weights.
      if (this.#state === 'idle') this.#trainedSinceSave = false;
      // Epochs reported, or a run under way (its batches change the weights before an epoch ends).
      else if (this.#state === 'running' || event.batch.points.length > 0)
        this.#trainedSinceSave = true;
    } else if (event.kind === 'finished') {
      // A stopped run's results: its training was reported before them. They may come after the
      // run was saved, or after an opened project's reply (computed in slices on large data).
      this.#state = 'finished';
    }
  }

  /** The weights as they are were saved (a project, the exported model) or opened from a project. */
  saved(): void {
    this.#trainedSinceSave = false;
  }

  /**
   * The page's Step trained the weights: a Step of one batch reports no run under way and, inside
   * an epoch, no new epoch, so only the request that asked for it tells.
   */
  stepped(): void {
    this.#trainedSinceSave = true;
  }

  get risk(): Risk | null {
    if (this.#state === 'running') return 'training';
    return this.#state !== 'idle' && this.#trainedSinceSave ? 'unsaved' : null;
  }
}
