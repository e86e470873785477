// How good the predictions are: accuracy and a confusion matrix for classes, RMSE, MAE and R² for
// numbers. Outputs and targets are matrices of the same shape, one sample per row.
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
 * Over every output value: RMSE = √(mean (a − y)²), MAE = mean |a − y|, and
 * R² = 1 − Σ(a − y)² / Σ(y − ȳ)², with ȳ the mean of each target column (targets are y).
 */
export function regressionMetrics(outputs: Matrix, targets: Matrix): RegressionMetrics {
  checkSameShape(outputs, targets);
  const { rows, cols } = targets;
  const count = rows * cols;
  const mean = new Float64Array(cols);
  // ȳ_c = (1/rows) Σ_r y_rc
  for (let i = 0; i < count; i++) mean[i % cols] += targets.data[i] / rows;
  let squared = 0;
  let absolute = 0;
  let total = 0;
  // Σ (a − y)², Σ |a − y|, Σ (y − ȳ)²
  for (let i = 0; i < count; i++) {
    const e = outputs.data[i] - targets.data[i];
    const d = targets.data[i] - mean[i % cols];
    squared += e * e;
    absolute += Math.abs(e);
    total += d * d;
  }
  return {
    kind: 'regression',
    rmse: Math.sqrt(squared / count),
    mae: absolute / count,
    // Constant targets leave R² undefined: 1 for a perfect fit, else 0 (as scikit-learn does).
    r2: total > 0 ? 1 - squared / total : squared === 0 ? 1 : 0,
  };
}

/** Classification metrics when class labels are given (the targets are one-hot or 0/1), else regression. */
export function computeMetrics(outputs: Matrix, targets: Matrix, labels: string[] | null): Metrics {
  return labels
    ? classificationMetrics(outputs, targets, labels)
    : regressionMetrics(outputs, targets);
}

/** The loss (mean per-sample cost, no L2) and metrics of a network on a data set. */
export function evaluate(
  net: Network,
  X: Matrix,
  Y: Matrix,
  labels: string[] | null,
  kernels?: Kernels,
): SplitEvaluation {
  const outputs = predict(net, X, kernels);
  return {
    loss: new CostEvaluator(net, kernels).cost(X, Y),
    metrics: computeMetrics(outputs, Y, labels),
  };
}
