// The vocabulary every part of Backprop Studio shares: the engine, the training process, the
// renderer and the command line. Plain data only (no classes), so each value can cross a process
// border as it is (structured clone keeps typed arrays).

// Each set of names is listed once, as a constant its type is read from, so that the engine's
// checks, the IPC schemas, the file formats and the app's menus accept the same words.

/** Numeric precision of parameters and activations. */
export const DTYPES = ['float64', 'float32'] as const;
export type DType = (typeof DTYPES)[number];
export type FloatArray = Float64Array | Float32Array;

/** g of a layer. `softmax` is for the output layer only. */
export const ACTIVATION_NAMES = [
  'sigmoid',
  'tanh',
  'relu',
  'leaky-relu',
  'identity',
  'softmax',
] as const;
export type ActivationName = (typeof ACTIVATION_NAMES)[number];
/** `mse`: ½‖a − y‖² per sample. `cross-entropy`: −Σ y log a (softmax) or binary per output (sigmoid). */
export const LOSS_NAMES = ['mse', 'cross-entropy'] as const;
export type LossName = (typeof LOSS_NAMES)[number];
export const INIT_SCHEMES = ['uniform', 'xavier', 'he'] as const;
export type InitScheme = (typeof INIT_SCHEMES)[number];
export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];
export const NORMALIZATION_NAMES = ['none', 'zscore', 'minmax'] as const;
export type NormalizationName = (typeof NORMALIZATION_NAMES)[number];
export const COLUMN_ROLES = ['input', 'target', 'ignored'] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];

/** Why training ended; the result always names the criterion that fired. */
export const STOP_REASONS = [
  'max-epochs',
  'threshold',
  'target-loss',
  'early-stopping',
  'diverged',
  'cancelled',
] as const;
export type StopReason = (typeof STOP_REASONS)[number];

/** A row-major matrix: element (r, c) is data[r * cols + c]. */
export interface Matrix {
  rows: number;
  cols: number;
  data: FloatArray;
}

/** The shape of a network: units per layer (input first), g per layer after the input, the cost. */
export interface NetworkSpec {
  topology: number[];
  activations: ActivationName[];
  loss: LossName;
}

/**
 * The parameters, in the notation of the app: W[l] joins layer l to layer l+1 (layer 0 is the
 * input), stored row-major n_l × n_{l+1}, so W[l][i * n_{l+1} + j] = w_{i,j}; theta[l][j] = θ_j of
 * layer l+1.
 */
export interface Parameters {
  dtype: DType;
  W: FloatArray[];
  theta: FloatArray[];
}

export interface Network extends NetworkSpec, Parameters {}

/** Every training setting a user can change. Defaults and ranges: core/hyperparameters.ts. */
export interface Hyperparameters {
  learningRate: number;
  optimizer: OptimizerName;
  /** μ of momentum (ignored by plain sgd and adam). */
  momentum: number;
  /** λ: adds λ/2 Σ w² over the weights (not the biases) to every batch cost. */
  l2: number;
  /** Samples per batch; 0 = the whole training set (full-batch gradient descent). */
  batchSize: number;
  shuffle: boolean;
  maxEpochs: number;
  /** Stop after the first epoch in which no parameter moved by more than this; 0 = off. */
  threshold: number;
  /** Stop once the training loss is at or below this; null = off. */
  targetLoss: number | null;
  /** Early stopping: epochs without a better validation loss; null = off. */
  patience: number | null;
  seed: number;
  dtype: DType;
  initScheme: InitScheme;
}

/** One epoch's report, as the engine sends it to whoever hosts it. */
export interface EpochProgress {
  epoch: number;
  trainLoss: number;
  validationLoss: number | null;
  /** Largest |Δ| of any weight or bias during the epoch. */
  maxChange: number;
  /** Milliseconds of training so far (measured with the host's clock). */
  elapsedMs: number;
}

export type ColumnKind = 'numeric' | 'text';

export interface ColumnSummary {
  name: string;
  kind: ColumnKind;
  /**
   * Cells a network cannot take as they are: empty ones, and in a numeric column also those that
   * hold no number a float64 holds (`empty` and `invalid` count them apart).
   */
  missing: number;
  /** Empty cells: how many, and the first one's row. Absent when there are none. */
  empty?: CellProblems;
  /**
   * Numeric columns: cells that are no number a float64 holds ("oops", "1e999"): how many, and the
   * first one's row and what is wrong with it. Absent when there are none. (Taken for classes, a
   * numeric column's text cells are classes of their own.)
   */
  invalid?: CellProblems & {
    /** As encoding says it after the column: `has "1e999", which is too large for a float64 …`. */
    problem: string;
  };
  /** Numeric columns only. */
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Distinct values (text columns; for numeric columns up to a small cap). */
  distinct: number;
  /**
   * A text column with few enough values to be a one-hot input (at most 20): its categories in
   * the order one-hot encoding gives them units (first appearance). Absent for other columns.
   */
  categories?: string[];
  /**
   * Rows of each distinct non-empty value: the classes this column makes as a class target, whose
   * sizes decide how many rows a stratified split keeps for training. A text column's in the order
   * of its first appearances (of `categories`); a numeric one's by its numbers, then any cells of
   * other text. Absent for a column with DISTINCT_CAP distinct values or more.
   */
  classSizes?: number[];
}

/**
 * Cells of one kind of problem in a column: how many, the first one's row (header = row 1), and
 * the table rows that have one, to count the rows several columns' cells leave out exactly.
 */
export interface CellProblems {
  count: number;
  row: number;
  rows: RowSet;
}

/**
 * Rows of a table (0-based, the header not counted): listed in ascending order while they are
 * few, else as bits, row r being bit r % 32 of word ⌊r / 32⌋ (core/row-set.ts).
 */
export type RowSet = { rows: number[] } | { bits: number[] };

export interface DatasetSummary {
  /** File name as the user knows it (no directories in the web build). */
  name: string;
  rows: number;
  columns: ColumnSummary[];
  /** The first rows as text, for the preview table. */
  preview: string[][];
  suggestedRoles: ColumnRole[];
  /** What the user should know about how the file was read (not as UTF-8); absent if nothing. */
  warnings?: string[];
}

export interface ClassificationMetrics {
  kind: 'classification';
  accuracy: number;
  labels: string[];
  /** confusion[actual][predicted] counts. */
  confusion: number[][];
}

/** How well one target column is predicted, in that column's own units. */
export interface TargetRegressionMetrics {
  /** The target column (or the output unit's number, '0', '1', …, when no names were given). */
  column: string;
  rmse: number;
  mae: number;
  r2: number;
}

/**
 * Regression metrics, one set per target column (`targets`, in output order). With one target,
 * `rmse`, `mae` and `r2` are that target's; with several, they are the means of the targets'
 * (scikit-learn's multioutput='uniform_average'): `r2` the mean of the targets' R², while a
 * mean RMSE or MAE mixes the targets' units, so read `targets` for those.
 */
export interface RegressionMetrics {
  kind: 'regression';
  rmse: number;
  mae: number;
  r2: number;
  targets: TargetRegressionMetrics[];
}

export type Metrics = ClassificationMetrics | RegressionMetrics;

export interface SplitEvaluation {
  loss: number;
  metrics: Metrics;
}
