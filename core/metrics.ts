// How good the predictions are: accuracy and a confusion matrix for classes, RMSE, MAE and R² of
// each target column for numbers. Outputs and targets are matrices of the same shape, one sample per row.
import { CostEvaluator } from './backprop';
import { predict } from './forward';
import type { Kernels } from './matrix';
import type {
  ClassificationMetrics,
  Matrix,
  Metrics,
  Network,
  RegressionMetrics,
  SplitEvaluation,
} from './types';

function checkSameShape(outputs: Matrix, targets: Matrix): void {
  if (outputs.rows !== targets.rows || outputs.cols !== targets.cols) {
    throw new Error(
      `metrics: outputs are ${outputs.rows}×${outputs.cols} but targets are ${targets.rows}×${targets.cols}`,
    );
  }
}

/**
 * The class of each row: argmax over the columns, or, with a single column (one sigmoid output),
 * 1 when the value is ≥ 0.5 and 0 otherwise. Ties go to the lowest index.
 */
export function classIndices(m: Matrix): Uint32Array {
  const classes = new Uint32Array(m.rows);
  for (let r = 0; r < m.rows; r++) {
    if (m.cols === 1) {
      classes[r] = m.data[r] >= 0.5 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let c = 1; c < m.cols; c++) {
      if (m.data[r * m.cols + c] > m.data[r * m.cols + best]) best = c;
    }
    classes[r] = best;
  }
  return classes;
}

/**
 * Accuracy and confusion[actual][predicted]. `labels` names the classes in column order (for a
 * single output: the classes 0 and 1); default '0', '1', ….
 */
export function classificationMetrics(
  outputs: Matrix,
  targets: Matrix,
  labels?: string[],
): ClassificationMetrics {
  checkSameShape(outputs, targets);
  const k = outputs.cols === 1 ? 2 : outputs.cols;
  const names = labels ?? Array.from({ length: k }, (_, i) => String(i));
  if (names.length !== k) {
    throw new Error(`metrics: ${names.length} class labels for ${k} classes`);
  }
  const predicted = classIndices(outputs);
  const actual = classIndices(targets);
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let correct = 0;
  for (let r = 0; r < outputs.rows; r++) {
    confusion[actual[r]][predicted[r]]++;
    if (actual[r] === predicted[r]) correct++;
  }
  return {
    kind: 'classification',
    accuracy: outputs.rows > 0 ? correct / outputs.rows : NaN,
    labels: [...names],
    confusion,
  };
}

/**
 * For each target column c apart, over its n rows: RMSE_c = √(mean (a − y)²), MAE_c = mean |a − y|
 * and R²_c = 1 − Σ(a − y)² / Σ(y − ȳ_c)², in that column's units (targets are y). Then, as
 * scikit-learn's multioutput='uniform_average', the means of the columns' RMSE, MAE and R² (with
 * one column, that column's: pooling columns of different scales would report the largest's).
 * `columns` names the target columns in order; default '0', '1', ….
 */
export function regressionMetrics(
  outputs: Matrix,
  targets: Matrix,
  columns?: readonly string[],
): RegressionMetrics {
  checkSameShape(outputs, targets);
  const { rows, cols } = targets;
  const names = columns ?? Array.from({ length: cols }, (_, c) => String(c));
  if (names.length !== cols) {
    throw new Error(`metrics: ${names.length} target column names for ${cols} output columns`);
  }
  const perTarget = names.map((column, c) => {
    let mean = 0;
    // ȳ_c = (1/n) Σ_r y_rc
    for (let r = 0; r < rows; r++) mean += targets.data[r * cols + c] / rows;
    let squared = 0;
    let absolute = 0;
    let total = 0;
    // Σ (a − y)², Σ |a − y|, Σ (y − ȳ_c)² down column c
    for (let r = 0; r < rows; r++) {
      const e = outputs.data[r * cols + c] - targets.data[r * cols + c];
      const d = targets.data[r * cols + c] - mean;
      squared += e * e;
      absolute += Math.abs(e);
      total += d * d;
    }
    return {
      column,
      rmse: Math.sqrt(squared / rows),
      mae: absolute / rows,
      // A constant target leaves R² undefined: 1 for a perfect fit, else 0 (as scikit-learn does).
      r2: total > 0 ? 1 - squared / total : squared === 0 ? 1 : 0,
    };
  });
  const meanOf = (key: 'rmse' | 'mae' | 'r2'): number =>
    perTarget.reduce((sum, t) => sum + t[key], 0) / perTarget.length;
  return {
    kind: 'regression',
    rmse: meanOf('rmse'),
    mae: meanOf('mae'),
    r2: meanOf('r2'),
    targets: perTarget,
  };
}

/**
 * Classification metrics when class labels are given (the targets are one-hot or 0/1), else
 * regression metrics, each target named by `columns` (its column) when given.
 */
export function computeMetrics(
  outputs: Matrix,
  targets: Matrix,
  labels: string[] | null,
  columns?: readonly string[],
): Metrics {
  return labels
    ? classificationMetrics(outputs, targets, labels)
    : regressionMetrics(outputs, targets, columns);
}

/**
 * The loss (mean per-sample cost, no L2) and metrics of a network on a data set; `columns` names
 * a regression's target columns.
 */
export function evaluate(
  net: Network,
  X: Matrix,
  Y: Matrix,
  labels: string[] | null,
  kernels?: Kernels,
  columns?: readonly string[],
): SplitEvaluation {
  const outputs = predict(net, X, kernels);
  return {
    loss: new CostEvaluator(net, kernels).cost(X, Y),
    metrics: computeMetrics(outputs, Y, labels, columns),
  };
}
