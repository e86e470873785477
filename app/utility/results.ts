// A stopped run's results: its parameters evaluated on every split (loss and metrics), and for a
// numeric target the predictions against the actual values the Results panel plots.
import { COST_CHUNK_ROWS, CostEvaluator } from '../../core/backprop';
import { PREDICT_CHUNK_ROWS, predict } from '../../core/forward';
import { createMatrix, type Kernels } from '../../core/matrix';
import { computeMetrics } from '../../core/metrics';
import type { Matrix, Network, SplitEvaluation } from '../../core/types';
import type { PredictedActual, TrainingFinished } from '../shared/api';
import type { Prepared } from './prepare';
import type { Stopped } from './run';

/**
 * The results of a run stopped after `epochs` whole epochs: `net`, its parameters (with the
 * batches of an unfinished epoch they include, `stopped.partial`), evaluated on every split, at
 * once (ResultsComputation spread over slices computes the same).
 */
export function runResults(
  net: Network,
  prepared: Prepared,
  stopped: Stopped,
  epochs: number,
  kernels: Kernels,
): TrainingFinished {
  const computation = new ResultsComputation(net, prepared, stopped, epochs, kernels);
  while (!computation.step());
  return computation.result();
}

/** The rows one step() of ResultsComputation evaluates (a whole chunk of predict and of the costs). */
const STEP_ROWS = PREDICT_CHUNK_ROWS;
if (STEP_ROWS % COST_CHUNK_ROWS !== 0) throw new Error('results: steps must be whole cost chunks');

type Split = Prepared['train'];

/**
 * A stopped run's results computed a chunk of rows at a time, so a caller can spread them over
 * slices: step() until it returns true, then result(). The same numbers as core evaluate() on each
 * split, to the last digit: the costs are CostEvaluator.sum's running total over the same chunks in
 * row order, and each chunk's outputs are predict's (its chunks are these), gathered so the metrics
 * are computed once over every row as evaluate computes them.
 */
export class ResultsComputation {
  readonly #net: Network;
  readonly #prepared: Prepared;
  readonly #kernels: Kernels;
  readonly #evaluator: CostEvaluator;
  readonly #splits: (Split | null)[];
  readonly #totals: number[];
  readonly #outputs: (Matrix | null)[];
  #split = 0;
  #row = 0;
  #result: TrainingFinished | null = null;
  readonly #finish: (splits: (SplitEvaluation | null)[]) => TrainingFinished;

  constructor(
    net: Network,
    prepared: Prepared,
    stopped: Stopped,
    epochs: number,
    kernels: Kernels,
  ) {
    this.#net = net;
    this.#prepared = prepared;
    this.#kernels = kernels;
    this.#evaluator = new CostEvaluator(net, kernels);
    this.#splits = [prepared.train, prepared.validation, prepared.test];
    this.#totals = this.#splits.map(() => 0);
    this.#outputs = this.#splits.map((data) =>
      data ? createMatrix(data.X.rows, net.topology.at(-1)!, net.dtype) : null,
    );
    this.#finish = ([train, validation, test]) => ({
      reason: stopped.reason,
      detail: stopped.detail,
      epochs,
      partial: stopped.partial,
      restoredEpoch: stopped.restoredEpoch,
      train: train!,
      validation,
      test,
      predictions: predictedAgainstActual(prepared, this.#outputs),
      ...(prepared.encoded.dropped > 0 ? { leftOut: prepared.encoded.dropped } : {}),
    });
  }

  /** Evaluates the next chunk of rows (the last step: the metrics and predicted against actual); true when done. */
  step(): boolean {
    if (this.#result) return true;
    while (this.#split < this.#splits.length) {
      const data = this.#splits[this.#split];
      if (!data || this.#row >= data.X.rows) {
        this.#split++;
        this.#row = 0;
        continue;
      }
      const from = this.#row;
      const to = Math.min(from + STEP_ROWS, data.X.rows);
      const { cols } = data.X;
      const X = { rows: to - from, cols, data: data.X.data.subarray(from * cols, to * cols) };
      const outputs = predict(this.#net, X, this.#kernels);
      this.#outputs[this.#split]!.data.set(outputs.data, from * outputs.cols);
      this.#totals[this.#split] = this.#evaluator.sum(
        data.X,
        data.Y,
        from,
        to,
        this.#totals[this.#split],
      );
      this.#row = to;
      return false;
    }
    const labels = this.#prepared.labels;
    const { target } = this.#prepared.schema;
    const columns = target.kind === 'numeric' ? target.columns : undefined;
    this.#result = this.#finish(
      this.#splits.map((data, i) =>
        data
          ? {
              loss: data.X.rows === 0 ? NaN : this.#totals[i] / data.X.rows,
              metrics: computeMetrics(this.#outputs[i]!, data.Y, labels, columns),
            }
          : null,
      ),
    );
    return true;
  }

  /** The results, once step() has returned true. */
  result(): TrainingFinished {
    if (!this.#result) throw new Error('results: not computed yet (step() until it returns true)');
    return this.#result;
  }
}

/** At most this many rows are plotted predicted against actual. */
const PREDICTED_ACTUAL_MAX_ROWS = 1000;

/**
 * For a numeric target: each target column's predictions on the first rows of the held-out split
 * (at most PREDICTED_ACTUAL_MAX_ROWS), taken from the outputs gathered for each split (train,
 * validation, test), and how many rows the split has.
 */
function predictedAgainstActual(
  prepared: Prepared,
  outputs: readonly (Matrix | null)[],
): PredictedActual[] | null {
  const { target } = prepared.schema;
  if (prepared.labels !== null || target.kind !== 'numeric') return null;
  const [split, data, out] = prepared.test
    ? (['test', prepared.test, outputs[2]!] as const)
    : prepared.validation
      ? (['validation', prepared.validation, outputs[1]!] as const)
      : (['train', prepared.train, outputs[0]!] as const);
  const rows = Math.min(data.X.rows, PREDICTED_ACTUAL_MAX_ROWS);
  return target.columns.map((column, c) => {
    const actual: number[] = [];
    const predicted: number[] = [];
    for (let r = 0; r < rows; r++) {
      actual.push(data.Y.data[r * data.Y.cols + c]);
      predicted.push(out.data[r * out.cols + c]);
    }
    return { split, column, totalRows: data.X.rows, actual, predicted };
  });
}
