// One Step of an epoch: the rest of the Trainer's current epoch, trained in slices as a run is (so
// that the host's event loop turns between them and Pause, Stop or a closing window get through),
// and the reply the `step` command owes its sender, which comes once the step is over: its epoch
// done, training stopped by a criterion or by Stop, paused after the current batch, the data or
// settings replaced, or a batch failed.
import type { Trainer } from '../../core/train';

export class EpochStep {
  /** Settles when the step is over: resolves, or rejects with the failure of a batch. */
  readonly done: Promise<void>;
  readonly #clock: () => number;
  #settle: (error?: Error) => void = () => {};
  #over = false;

  constructor(clock: () => number) {
    this.#clock = clock;
    this.done = new Promise<void>((resolve, reject) => {
      this.#settle = (error) => (error ? reject(error) : resolve());
    });
  }

  /** Whether the step has ended (its reply is settled). */
  get over(): boolean {
    return this.#over;
  }

  /**
   * Trains batches of `trainer` until its epoch completes or a stop criterion fires (returns true:
   * the step's training is over), or `budgetMs` of the clock has passed (returns false: call again
   * for the next slice). A slice ends after the batch that spends its budget, or after a chunk of
   * a batch trained in chunks (Trainer.step(over)), whose rest the next slice trains.
   */
  slice(trainer: Trainer, budgetMs: number): boolean {
    const start = this.#clock();
    const over = () => this.#clock() - start >= budgetMs;
    while (!trainer.stopReason) {
      if (trainer.step(over)) return true;
      if (over()) return false;
    }
    return true;
  }

  /** Ends the step: its reply resolves, or rejects with `error`. Only the first call counts. */
  end(error?: Error): void {
    if (this.#over) return;
    this.#over = true;
    this.#settle(error);
  }
}
