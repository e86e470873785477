// The renderer's whole view of its host: the API the preload exposes as `window.backprop` in the
// desktop app, and that the web build's Web Worker adapter provides in a browser. The renderer
// codes against this type only; it never knows which host it runs in. No Electron import here.
import type {
  ActivationName,
  ColumnRole,
  DatasetSummary,
  EpochProgress,
  Hyperparameters,
  LossName,
  NormalizationName,
  SplitEvaluation,
  StopReason,
} from '../../core/types';
import type { GradientVerdict } from '../../core/gradient-check';
import type { PartialEpoch } from '../../core/train';

export type { GradientVerdict };

/** What the user chose in the workspace; sent before training starts (and on every change). */
export interface SessionConfig {
  roles: ColumnRole[];
  /**
   * A numeric target holds classes, each distinct value one (digits 0–9), as a text target does;
   * absent or false: it is a number to regress on.
   */
  targetClasses?: boolean;
  normalization: NormalizationName;
  /** Fractions of the rows held out; the rest trains. Seeded, stratified for classes. */
  validationFraction: number;
  testFraction: number;
  hiddenLayers: { units: number; activation: ActivationName }[];
  outputActivation: ActivationName;
  loss: LossName;
  hyperparameters: Hyperparameters;
  /**
   * Rows with an empty cell, or a cell that is no number a float64 holds, in a column the network
   * uses: 'refuse' (absent: the default) stops with an error naming the first such cell;
   * 'leave-out' leaves those rows out of training, the held-out splits, the inspector's rows, the
   * decision surface and Predict a file (core's encode with dropRows, as `backprop --drop-rows`).
   */
  badRows?: BadRows;
}

/** What happens to rows with an empty or invalid cell (see SessionConfig.badRows). */
export type BadRows = 'refuse' | 'leave-out';

export type TrainingState = 'idle' | 'running' | 'paused' | 'finished';

/**
 * How far a run is into an epoch that takes long (a large dataset): `batches` of the `of` batches
 * of epoch `epoch` (counted over the whole run, as the loss curve counts) are trained.
 */
export interface EpochUnderway extends PartialEpoch {
  epoch: number;
  /**
   * The batch under way, trained in chunks (one too large to hold at once, as the full batch of a
   * large data set): its rows trained so far, of its rows. `batches` counts the whole ones before.
   */
  rows?: { done: number; of: number };
}

/**
 * Epoch reports, batched: at most ~30 of these a second, none of the epochs lost. While an epoch
 * takes longer than about a second, a few a second say how far into it training is (`underway`,
 * with no points, running): no epoch's losses came, and the views that follow training ignore it.
 */
export interface ProgressBatch {
  points: EpochProgress[];
  /** Samples per second over the last interval. */
  samplesPerSecond: number;
  state: TrainingState;
  /** Present only in a report from inside an epoch. */
  underway?: EpochUnderway;
  /** Present only in a paused report from inside an epoch (a Step of a batch, a Pause). */
  inside?: EpochInside;
}

/**
 * Paused inside an epoch: `epochs` whole epochs trained and `batches` of the `of` batches of the
 * next, and of the parameters as they are (those batches included) the training and validation
 * loss and the largest change of a parameter in those batches, as the status line reports them.
 * The pause is reported at once with trainLoss null (and validationLoss null): the losses are
 * being computed (every row evaluated: seconds on a large dataset); a second report brings them.
 */
export interface EpochInside extends PartialEpoch {
  epochs: number;
  trainLoss: number | null;
  validationLoss: number | null;
  maxChange: number;
}

export interface TrainingFinished {
  reason: StopReason;
  /** Human-readable detail, e.g. the loss that diverged. */
  detail: string;
  /** Whole epochs trained. */
  epochs: number;
  /**
   * A run stopped inside an epoch (Stop between batches): the batches of epoch `epochs + 1` that
   * its parameters include; null at an epoch's boundary. The losses and metrics below, the
   * exported weights and their final losses are all of those parameters.
   */
  partial: PartialEpoch | null;
  /**
   * Early stopping restored the parameters of this epoch, the one with the lowest validation loss,
   * or a run that diverged kept those of the epoch with the lowest training loss (null or absent:
   * the parameters are those of the last epoch, or of `partial`). The losses and metrics below,
   * the exported weights and their final losses are all of that epoch's parameters.
   */
  restoredEpoch?: number | null;
  train: SplitEvaluation;
  validation: SplitEvaluation | null;
  test: SplitEvaluation | null;
  /**
   * Numeric targets only: predicted against actual, for the results view's scatter plot, one a
   * target column in output order (all of the same split and rows).
   */
  predictions?: PredictedActual[] | null;
  /**
   * Rows of the file left out for an empty or invalid cell (SessionConfig.badRows 'leave-out');
   * absent when none was.
   */
  leftOut?: number;
}

/**
 * Predicted against actual values of one target column, in that column's own units, on the
 * held-out rows (test, else validation, else train): the first 1000 of them at most.
 */
export interface PredictedActual {
  split: 'train' | 'validation' | 'test';
  column: string;
  /** The split's rows, of which `actual` and `predicted` hold the first (all when few enough). */
  totalRows: number;
  actual: number[];
  predicted: number[];
}

/** The trained network as the renderer draws it (weights for colour/width). */
export interface NetworkSnapshot {
  topology: number[];
  activations: ActivationName[];
  /**
   * weights[l][i][j] = w_{i,j} from neuron i of layer l to neuron j of layer l+1; biases[l][j] = θ_j
   * of layer l+1. When `units` is there (a network sent for drawing, a layer wider than the
   * drawing's units), only the units it lists are: weights[l][r][c] joins units[l][r] to
   * units[l+1][c], biases[l][c] is that of units[l+1][c].
   */
  weights: number[][][];
  biases: number[][];
  units?: number[][];
  /**
   * What the input and output units stand for in the encoding the weights were trained with
   * (core's featureNames and outputNames): "petal_length", "colour=red"; "setosa" or a target
   * column. Absent where the training process does not know it.
   */
  names?: { inputs: string[]; outputs: string[] };
}

/** What the backprop inspector asks for. */
export interface InspectRequest {
  /** A training-row index, or 'worst': the training row with the largest cost right now. */
  row: number | 'worst';
  /** Also return the mean gradient over the batch holding the row (see Inspection.batchMean). */
  batchMean: boolean;
  /**
   * Rows and columns sent of each weight-shaped matrix (see Inspection.maxShown): 1 to
   * INSPECT_MAX_SHOWN_LIMIT (app/shared/shown-block.ts). @default INSPECT_MAX_SHOWN, what a heat
   * map shows
   */
  maxShown?: number;
}

/**
 * Largest finite |value| (0 when there is none) of each whole weight-shaped matrix, by weight
 * layer as dW: the heat maps colour the block they get on the scale of the whole matrix.
 * `update` is that of W − α∂C/∂W, the step plain gradient descent would take.
 */
export interface WeightMaxAbs {
  dW: number[];
  update: number[];
}

/** One row's forward and backward pass, for the backprop inspector (layer 0 is the input). */
export interface Inspection {
  /** The training-row index inspected (resolved when 'worst' was asked for). */
  row: number;
  /** Training rows there are (valid indices are 0..trainingRows-1). */
  trainingRows: number;
  loss: LossName;
  x: number[];
  y: number[];
  /** z[l], a[l], gPrime[l], delta[l] for l = 1..L-1; index 0 holds the input (z, δ empty). */
  z: number[][];
  a: number[][];
  gPrime: number[][];
  delta: number[][];
  /**
   * dW[l][i][j] = ∂C/∂w_{i,j} of W joining layer l to l+1; dTheta[l][j]. Like every weight-shaped
   * matrix here (network.weights[l], batchMean.dW[l]) dW[l] holds the first
   * min(topology[l], maxShown) rows and min(topology[l + 1], maxShown) columns of the whole
   * topology[l] × topology[l + 1] matrix: all of it when it fits. Vectors are whole.
   */
  dW: number[][][];
  dTheta: number[][];
  cost: number;
  /**
   * Mean gradient (with the L2 term) over the batch holding this row, batches taken in
   * training-row order (full batch: every row); same layout as dW, dTheta. Null unless asked for.
   * dW and dTheta above are this row's alone, without L2: exactly a⁽ˡ⁻¹⁾δ⁽ˡ⁾ᵀ and δ⁽ˡ⁾.
   */
  batchMean: { rows: number; dW: number[][][]; dTheta: number[][]; maxAbs: WeightMaxAbs } | null;
  /** The parameters the row went through; weights[l] is a block as dW[l], biases are whole. */
  network: NetworkSnapshot;
  learningRate: number;
  /** The bound the blocks were cut to (the request's maxShown or its default). */
  maxShown: number;
  /** Of the whole matrices: W (network.weights), this row's ∂C/∂W and W − α∂C/∂W. */
  maxAbs: WeightMaxAbs & { W: number[] };
}

export interface GradientCheckResult {
  epsilon: number;
  rowsUsed: number;
  /**
   * Per weight layer (core/gradient-check.ts's LayerCheck): `layer` is the layer the parameters
   * feed (1 … L−1, the input is 0), i.e. W[layer − 1] and θ[layer − 1]; the largest relative error
   * between backprop and the centred difference D(ε); and the verdict, with the counts of
   * parameters within and beyond the finite differences' own error bound and the largest such
   * bound. The last four are absent in a result saved before they were (a fixed 1e-6 judged it).
   */
  layers: {
    layer: number;
    maxRelativeError: number;
    verdict?: GradientVerdict;
    withinFdAccuracy?: number;
    failed?: number;
    maxFdError?: number;
  }[];
}

/**
 * How far a gradient check is: `checked` of its `total` parameters (every weight and bias, each
 * two evaluations of the cost). Sent a few times a second while a check takes longer than a slice.
 */
export interface GradientCheckProgress {
  checked: number;
  total: number;
}

/** A project as it was saved: the dataset, the settings, every epoch's losses, why it stopped. */
export interface OpenedProject {
  summary: DatasetSummary;
  config: SessionConfig;
  history: EpochProgress[];
  /** Null when the project was saved before training, or while paused. */
  stopReason: StopReason | null;
  /** A finished run's results, its saved weights evaluated again (null unless stopReason). */
  result: TrainingFinished | null;
  /** Saved paused inside an epoch: where, and its parameters' losses (SessionState.inside). */
  inside?: EpochInside | null;
  /** Opened on a dataset of other content than it was saved with (SessionState.otherData). */
  otherData?: boolean;
}

/**
 * What the training process holds now: its dataset, the settings (null until sent), every epoch's
 * losses, why the run stopped and its results. A page that reloaded while the process went on (a
 * crash of the page, Reload) shows it again from this.
 */
export interface SessionState {
  summary: DatasetSummary;
  config: SessionConfig | null;
  history: EpochProgress[];
  stopReason: StopReason | null;
  result: TrainingFinished | null;
  /**
   * Paused inside an epoch (a run saved or left after a Step of a batch or a Pause): where, and
   * the losses of its parameters as they are, as the paused report of a live run says (absent or
   * null: at an epoch's boundary, or not paused).
   */
  inside?: EpochInside | null;
  /**
   * The run's project was opened on a dataset of other content than the one it was trained on
   * (the user chose to use it as it is): its results and `inside` are of its weights on this data,
   * while its loss curve is of the data it was trained on.
   */
  otherData?: boolean;
}

/** A user-facing error: what is wrong and where (file, row, column, field). */
export interface AppError {
  message: string;
  /** Which part of the UI it belongs to, so it can be shown next to what caused it. */
  scope: 'dataset' | 'config' | 'training' | 'export' | 'project' | 'process';
}

/** The model's output over a grid of two inputs (the others held at their means). */
export interface SurfaceRequest {
  /** Indices among the input features (after encoding) for the horizontal and vertical axes. */
  xFeature: number;
  yFeature: number;
  /** Grid cells per side. */
  resolution: number;
  /** Also return every hidden neuron's activation over the grid (small multiples). */
  hidden: boolean;
  /**
   * For a numeric target: the output unit whose values colour the plane and whose targets the
   * points carry (0, the first, for one output or a classifier).
   */
  output: number;
}

export interface SurfaceResult {
  xRange: [number, number];
  yRange: [number, number];
  resolution: number;
  /** outputs[k][cell]: output unit k at cell (row-major, y from top); in raw input units. */
  outputs: number[][];
  /** hidden[l][j][cell] for each hidden layer l and neuron j (empty unless requested). */
  hidden: number[][][];
  /**
   * Training points in the same units: x, y and class index (or the value of `output`). All of
   * them up to SURFACE_MAX_POINTS (app/shared/sample-rows.ts), else that many, evenly spaced
   * within each class (every class keeps some), in row order.
   */
  points: { x: number; y: number; target: number }[];
  /** Training rows in all; more than points.length when the points are a sample. */
  totalPoints: number;
  /** Class labels, or empty for a numeric target. */
  labels: string[];
  /** The output unit drawn for a numeric target (as requested). */
  output: number;
}

/** The built-in examples: the utility process holds their data and settings, the menu their titles. */
export const EXAMPLE_IDS = ['seed-3-3-2', 'xor', 'spirals', 'iris'] as const;
export type ExampleId = (typeof EXAMPLE_IDS)[number];

export type Unsubscribe = () => void;

/** While a dataset streams in: bytes read so far of the file's size, and rows parsed. */
export interface DatasetProgress {
  name: string;
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

export interface BackpropApi {
  /** Shows the host's open dialog; null if cancelled. */
  openDatasetDialog(): Promise<DatasetSummary | null>;
  /** A file the user dropped or picked in the page. */
  openDatasetFile(file: File): Promise<DatasetSummary>;
  configure(config: SessionConfig): Promise<void>;
  start(): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  step(unit: 'batch' | 'epoch'): Promise<void>;
  stop(): Promise<void>;
  reset(): Promise<void>;
  /** Writes the model file (JSON) and per-layer CSV files; returns where, or null if cancelled. */
  exportWeights(): Promise<{ location: string } | null>;
  /** Writes the loss of every epoch as CSV (as `backprop train --log`); where, or null if cancelled. */
  exportLosses(): Promise<{ location: string } | null>;
  saveProject(): Promise<{ location: string } | null>;
  /** Restores data, settings, weights and the training so far (its losses and why it stopped). */
  openProject(): Promise<OpenedProject | null>;
  /**
   * Opens the dataset of an open-recent menu command, once the page agreed to replace what it
   * shows; the host refuses a path that is not in its own Open Recent list.
   */
  openRecentDataset(path: string): Promise<DatasetSummary>;
  /** The same for a recent project (null: the user cancelled locating its moved dataset). */
  openRecentProject(path: string): Promise<OpenedProject | null>;
  network(): Promise<NetworkSnapshot | null>;
  inspect(request: InspectRequest): Promise<Inspection>;
  /**
   * Checks the current weights' gradients against finite differences; null if it was cancelled
   * (cancelGradientCheck, a newer check, or the network it checked was replaced meanwhile).
   */
  gradientCheck(): Promise<GradientCheckResult | null>;
  /**
   * Stops the gradient check under way between two of its slices (its request resolves null; the
   * last result is kept). Harmless when none runs.
   */
  cancelGradientCheck(): Promise<void>;
  /** Opens a built-in example project (data, topology, initial weights, settings). */
  openExample(id: ExampleId): Promise<{ summary: DatasetSummary; config: SessionConfig }>;
  decisionSurface(request: SurfaceRequest): Promise<SurfaceResult>;
  /**
   * Asks for a CSV, predicts every row with the current model, saves the predictions. With
   * SessionConfig.badRows 'leave-out', rows with an empty or invalid cell are left out (`leftOut`
   * of them, absent when none) and the file's first column, `rowColumn` ("row", or "file row"
   * when the file has a column "row"), gives each line's row in the file; else such a row is an
   * error naming it.
   */
  predictDialog(): Promise<{
    location: string;
    rows: number;
    leftOut?: number;
    rowColumn?: string;
  } | null>;
  /** What the training process holds (null: no dataset), asked when the page loads. */
  current(): Promise<SessionState | null>;
  onProgress(listener: (batch: ProgressBatch) => void): Unsubscribe;
  onFinished(listener: (result: TrainingFinished) => void): Unsubscribe;
  onError(listener: (error: AppError) => void): Unsubscribe;
  /** How far the gradient check under way is (a few times a second while it takes long). */
  onGradientCheckProgress(listener: (progress: GradientCheckProgress) => void): Unsubscribe;
  /** Menu commands from the host (File ▸ Open dataset… and so on). */
  onMenu(listener: (command: MenuCommand) => void): Unsubscribe;
  /**
   * What the page can do now, for the host's menu (its items enabled by it); sent whenever it
   * changes. A host without a native menu (the web build) resolves and does nothing.
   */
  setMenuState(state: MenuState): Promise<void>;
  /** Loading progress of a large dataset (optional: a host may load too fast to report it). */
  onDatasetProgress?(listener: (progress: DatasetProgress) => void): Unsubscribe;
  /**
   * Opens a project file the user dropped on the page (null: cancelled while its dataset was
   * asked for), as Open project… opens the file it picks. Optional: a host may open projects
   * through its own dialog only.
   */
  openProjectFile?(file: File): Promise<OpenedProject | null>;
  /**
   * Where the host asks the user something in the page, the answer being the listener's (the web
   * build, which has no native message box, asks which file a project's dataset is). Optional:
   * the desktop app asks in main's message boxes. One listener; with none, every answer is cancel.
   */
  onQuestion?(listener: (question: HostQuestion) => Promise<HostAnswer>): Unsubscribe;
}

/** A question with two or three answers, asked in a modal dialog (the page's ConfirmDialog). */
export interface HostQuestion {
  title: string;
  message: string;
  /** The button that goes ahead ("Discard weights", "Choose iris.csv…"). */
  confirm: string;
  /** The button that leaves everything as it is ("Keep weights", "Cancel"). */
  cancel: string;
  /** A third way, when there is one ("Use it as it is"). */
  alternative?: string;
}

/** The button the user chose; Escape is 'cancel'. */
export type HostAnswer = 'cancel' | 'alternative' | 'confirm';

export type MenuCommand =
  | 'open-dataset'
  | 'export-weights'
  | 'export-losses'
  | 'save-project'
  | 'open-project'
  | TrainingMenuCommand
  /** Help ▸ Keyboard Shortcuts: the page shows its list of shortcuts. */
  | 'show-shortcuts'
  | OpenRecentCommand;

/** Training ▸ …: what the Training bar's buttons of the same names do. */
export type TrainingMenuCommand =
  | 'training-start'
  | 'training-pause'
  | 'training-resume'
  | 'training-step'
  | 'training-stop'
  | 'training-reset';

/**
 * What the page can do now, as its buttons show it: the desktop app's menu enables the same items
 * (Training ▸ Start, Pause or Resume follows `training`). The page reports it whenever it changes;
 * until then the menu offers only what needs nothing (MENU_STATE_BEFORE_PAGE in app/main/menu.ts).
 */
export interface MenuState {
  training: TrainingState;
  start: boolean;
  pause: boolean;
  resume: boolean;
  /** Step One Epoch. */
  step: boolean;
  stop: boolean;
  reset: boolean;
  saveProject: boolean;
  exportWeights: boolean;
  exportLosses: boolean;
}

/**
 * File ▸ Open Recent ▸ a file. The page asks first what it would discard (as for Open Dataset…),
 * then opens exactly this file with openRecentDataset / openRecentProject; declined, nothing is
 * left waiting in the host.
 */
export interface OpenRecentCommand {
  command: 'open-recent';
  kind: 'dataset' | 'project';
  path: string;
}

/** A request's outcome as a value: its result, or the error and where it belongs. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: AppError };

/**
 * `window.backprop` in the desktop app: BackpropApi with every request settled as a value instead
 * of rejected. Electron's contextBridge copies only the message of an Error that crosses it, so a
 * rejection would reach the page without its scope; renderer/host.ts turns a failure back into a
 * rejection with `error.scope` (app/shared/settled.ts), as the web build's CommandFailure has it.
 */
export type PreloadApi = {
  [K in keyof BackpropApi]: NonNullable<BackpropApi[K]> extends (
    ...args: infer A
  ) => Promise<infer R>
    ? (...args: A) => Promise<Settled<R>>
    : BackpropApi[K];
};
