// A stopped run's results: its parameters evaluated on every split (loss and metrics), and for a
// numeric target the predictions against the actual values the Results panel plots.
import { predict } from '../../core/forward';
import type { Kernels } from '../../core/matrix';
import { evaluate } from '../../core/metrics';
import type { Network } from '../../core/types';
import type { PredictedActual, TrainingFinished } from '../shared/api';
import type { Prepared } from './prepare';
import type { Stopped } from './run';

/**
 * The results of a run stopped after `epochs` whole epochs: `net`, its parameters (with the
 * batches of an unfinished epoch they include, `stopped.partial`), evaluated on every split.
 */
export function runResults(
  net: Network,
  prepared: Prepared,
  stopped: Stopped,
  epochs: number,
  kernels: Kernels,
): TrainingFinished {
  const split = (data: Prepared['test']) =>
    data ? evaluate(net, data.X, data.Y, prepared.labels, kernels) : null;
  return {
    reason: stopped.reason,
    detail: stopped.detail,
    epochs,
    partial: stopped.partial,
    restoredEpoch: stopped.restoredEpoch,
    train: split(prepared.train)!,
    validation: split(prepared.validation),
    test: split(prepared.test),
    predictions: predictedAgainstActual(net, prepared, kernels),
    ...(prepared.encoded.dropped > 0 ? { leftOut: prepared.encoded.dropped } : {}),
  };
}

/** At most this many rows are plotted predicted against actual. */
const PREDICTED_ACTUAL_MAX_ROWS = 1000;

/**
 * For a numeric target: the first target column's predictions on the first rows of the held-out
 * split (at most PREDICTED_ACTUAL_MAX_ROWS), and how many rows the split has.
 */
function predictedAgainstActual(
  net: Network,
  prepared: Prepared,
  kernels?: Kernels,
): PredictedActual | null {
  if (prepared.labels !== null || prepared.schema.target.kind !== 'numeric') return null;
  const [split, data] = prepared.test
    ? (['test', prepared.test] as const)
    : prepared.validation
      ? (['validation', prepared.validation] as const)
      : (['train', prepared.train] as const);
  const rows = Math.min(data.X.rows, PREDICTED_ACTUAL_MAX_ROWS);
  const X = { rows, cols: data.X.cols, data: data.X.data.subarray(0, rows * data.X.cols) };
  const outputs = predict(net, X, kernels);
  const actual: number[] = [];
  const predicted: number[] = [];
  for (let r = 0; r < rows; r++) {
    actual.push(data.Y.data[r * data.Y.cols]);
    predicted.push(outputs.data[r * outputs.cols]);
  }
  const column = prepared.schema.target.columns[0];
  return { split, column, totalRows: data.X.rows, actual, predicted };
}
