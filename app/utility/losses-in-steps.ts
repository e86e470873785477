// The mean costs of a network on the training and validation rows, a chunk of rows a step, so
// that a caller can run them at once or spread them over slices (a pause inside an epoch reports
// the paused parameters' losses; on a large dataset they take seconds). The sums are
// CostEvaluator.sum's running totals over its chunks in row order: cost()'s, to the last digit.
import { COST_CHUNK_ROWS, CostEvaluator } from '../../core/backprop';
import type { Kernels } from '../../core/matrix';
import type { Network } from '../../core/types';
import type { Prepared } from './prepare';

export interface Losses {
  trainLoss: number;
  /** Null without validation rows. */
  validationLoss: number | null;
}

export class LossesInSteps {
  readonly #evaluator: CostEvaluator;
  readonly #sets: (Prepared['train'] | null)[];
  readonly #totals = [0, 0];
  #set = 0;
  #row = 0;

  constructor(net: Network, prepared: Prepared, kernels: Kernels) {
    this.#evaluator = new CostEvaluator(net, kernels);
    this.#sets = [prepared.train, prepared.validation];
  }

  /** Adds the next chunk of rows; true once every row is summed. */
  step(): boolean {
    while (this.#set < this.#sets.length) {
      const data = this.#sets[this.#set];
      if (!data || this.#row >= data.X.rows) {
        this.#set++;
        this.#row = 0;
        continue;
      }
      const to = Math.min(this.#row + COST_CHUNK_ROWS, data.X.rows);
      this.#totals[this.#set] = this.#evaluator.sum(
        data.X,
        data.Y,
        this.#row,
        to,
        this.#totals[this.#set],
      );
      this.#row = to;
      return false;
    }
    return true;
  }

  /** The mean costs, once step() has returned true. */
  losses(): Losses {
    const mean = (i: number) => {
      const data = this.#sets[i];
      return data ? (data.X.rows === 0 ? NaN : this.#totals[i] / data.X.rows) : null;
    };
    return { trainLoss: mean(0)!, validationLoss: mean(1) };
  }
}
