// A BackpropApi for component tests: it records every call and lets the test play the host's
// part (a dataset to return, progress, the finished message, errors, menu commands).
import type {
  AppError,
  BackpropApi,
  DatasetProgress,
  GradientCheckProgress,
  GradientCheckResult,
  MenuCommand,
  MenuState,
  NetworkSnapshot,
  OpenedProject,
  ProgressBatch,
  SessionConfig,
  SessionState,
  TrainingFinished,
} from '../../app/shared/api';
import { DEFAULT_HYPERPARAMETERS } from '../../core/hyperparameters';
import type { DatasetSummary, EpochProgress } from '../../core/types';

type Listener<T> = (value: T) => void;

export const IRIS_SUMMARY: DatasetSummary = {
  name: 'iris.csv',
  rows: 150,
  columns: [
    {
      name: 'sepal_length_cm',
      kind: 'numeric',
      missing: 0,
      min: 4.3,
      max: 7.9,
      mean: 5.843,
      distinct: 35,
    },
    {
      name: 'sepal_width_cm',
      kind: 'numeric',
      missing: 0,
      min: 2,
      max: 4.4,
      mean: 3.057,
      distinct: 23,
    },
    {
      name: 'petal_length_cm',
      kind: 'numeric',
      missing: 0,
      min: 1,
      max: 6.9,
      mean: 3.758,
      distinct: 43,
    },
    {
      name: 'petal_width_cm',
      kind: 'numeric',
      missing: 0,
      min: 0.1,
      max: 2.5,
      mean: 1.199,
      distinct: 22,
    },
    { name: 'species', kind: 'text', missing: 0, min: null, max: null, mean: null, distinct: 3 },
  ],
  preview: [
    ['5.1', '3.5', '1.4', '0.2', 'setosa'],
    ['4.9', '3', '1.4', '0.2', 'setosa'],
  ],
  suggestedRoles: ['input', 'input', 'input', 'input', 'target'],
};

/** Iris as the workspace sets it up by default: no hidden layer, a fifth of it for validation. */
export const IRIS_CONFIG: SessionConfig = {
  roles: IRIS_SUMMARY.suggestedRoles,
  normalization: 'zscore',
  validationFraction: 0.2,
  testFraction: 0,
  hiddenLayers: [],
  outputActivation: 'softmax',
  loss: 'cross-entropy',
  hyperparameters: DEFAULT_HYPERPARAMETERS,
};

export function epochs(from: number, n: number): EpochProgress[] {
  return Array.from({ length: n }, (_, k) => ({
    epoch: from + k,
    trainLoss: 1 / (from + k),
    validationLoss: 1.2 / (from + k),
    maxChange: 0.01 / (from + k),
    elapsedMs: (from + k) * 2,
  }));
}

export const FINISHED: TrainingFinished = {
  reason: 'threshold',
  detail: 'largest change 9.8e-5 < 1e-4',
  epochs: 40,
  partial: null,
  train: {
    loss: 0.05,
    metrics: {
      kind: 'classification',
      accuracy: 0.975,
      labels: ['setosa', 'versicolor', 'virginica'],
      confusion: [
        [40, 0, 0],
        [0, 38, 2],
        [0, 1, 39],
      ],
    },
  },
  validation: {
    loss: 0.08,
    metrics: {
      kind: 'classification',
      accuracy: 0.9333,
      labels: ['setosa', 'versicolor', 'virginica'],
      confusion: [
        [10, 0, 0],
        [0, 9, 1],
        [0, 1, 9],
      ],
    },
  },
  test: null,
};

export class FakeApi implements BackpropApi {
  readonly calls: string[] = [];
  configured: SessionConfig | null = null;
  /** What the next openDatasetDialog / openDatasetFile answers (an Error rejects). */
  dataset: DatasetSummary | Error | null = IRIS_SUMMARY;
  snapshot: NetworkSnapshot | null = null;
  /** What the next openProject answers (null: the user cancelled). */
  project: OpenedProject | null = null;
  readonly #progress = new Set<Listener<ProgressBatch>>();
  readonly #finished = new Set<Listener<TrainingFinished>>();
  readonly #errors = new Set<Listener<AppError>>();
  readonly #menu = new Set<Listener<MenuCommand>>();
  readonly #checkProgress = new Set<Listener<GradientCheckProgress>>();
  readonly #datasetProgress = new Set<Listener<DatasetProgress>>();

  #record(call: string) {
    this.calls.push(call);
  }

  async #answerDataset(): Promise<DatasetSummary | null> {
    const d = this.dataset;
    if (d instanceof Error) throw d;
    return d;
  }

  openDatasetDialog = async () => (this.#record('openDatasetDialog'), this.#answerDataset());
  openDatasetFile = async (file: File) => {
    this.#record(`openDatasetFile:${file.name}`);
    const d = await this.#answerDataset();
    if (!d) throw new Error('no dataset');
    return d;
  };
  configure = async (config: SessionConfig) => {
    this.#record('configure');
    this.configured = structuredClone(config);
  };
  start = async () => this.#record('start');
  pause = async () => this.#record('pause');
  resume = async () => this.#record('resume');
  step = async (unit: 'batch' | 'epoch') => this.#record(`step:${unit}`);
  stop = async () => this.#record('stop');
  reset = async () => this.#record('reset');
  exportWeights = async (): Promise<{ location: string } | null> => (
    this.#record('exportWeights'),
    { location: '/tmp/iris.model.json' }
  );
  exportLosses = async (): Promise<{ location: string } | null> => (
    this.#record('exportLosses'),
    { location: '/tmp/iris-loss.csv' }
  );
  saveProject = async () => (this.#record('saveProject'), { location: '/tmp/iris.backprop.json' });
  openProject = async () => (this.#record('openProject'), structuredClone(this.project));
  openRecentDataset = async (path: string) => {
    this.#record(`openRecentDataset:${path}`);
    const d = await this.#answerDataset();
    if (!d) throw new Error('no dataset');
    return d;
  };
  openRecentProject = async (path: string) => (
    this.#record(`openRecentProject:${path}`),
    structuredClone(this.project)
  );
  network = async () => (this.#record('network'), this.snapshot);
  inspect = async (): Promise<never> => {
    throw new Error('not in this fake');
  };
  /** The gradient check under way: the test ends it (finishCheck), or a cancel does with null. */
  #check: ((outcome: GradientCheckResult | null | Error) => void) | null = null;
  gradientCheck = (): Promise<GradientCheckResult | null> => {
    this.#record('gradientCheck');
    return new Promise((resolve, reject) => {
      this.#check = (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome));
    });
  };
  cancelGradientCheck = async () => {
    this.#record('cancelGradientCheck');
    this.finishCheck(null);
  };
  openExample: BackpropApi['openExample'] = async () => {
    throw new Error('not in this fake');
  };
  decisionSurface: BackpropApi['decisionSurface'] = async () => {
    throw new Error('not in this fake');
  };
  predictDialog = async () => null;
  /** What current() answers: what the training process holds when the page loads. */
  session: SessionState | null = null;
  current = async () => this.session;

  onProgress = (l: Listener<ProgressBatch>) => this.#listen(this.#progress, l);
  onFinished = (l: Listener<TrainingFinished>) => this.#listen(this.#finished, l);
  onError = (l: Listener<AppError>) => this.#listen(this.#errors, l);
  onMenu = (l: Listener<MenuCommand>) => this.#listen(this.#menu, l);
  onGradientCheckProgress = (l: Listener<GradientCheckProgress>) =>
    this.#listen(this.#checkProgress, l);
  onDatasetProgress = (l: Listener<DatasetProgress>) => this.#listen(this.#datasetProgress, l);
  /** Every menu state the page reported, in order (not recorded in `calls`). */
  readonly menuStates: MenuState[] = [];
  setMenuState = async (state: MenuState) => void this.menuStates.push(structuredClone(state));

  emitProgress(batch: ProgressBatch) {
    this.#progress.forEach((l) => l(batch));
  }
  emitFinished(result: TrainingFinished) {
    this.#finished.forEach((l) => l(result));
  }
  emitError(error: AppError) {
    this.#errors.forEach((l) => l(error));
  }
  emitMenu(command: MenuCommand) {
    this.#menu.forEach((l) => l(command));
  }
  emitCheckProgress(progress: GradientCheckProgress) {
    this.#checkProgress.forEach((l) => l(progress));
  }
  emitDatasetProgress(progress: DatasetProgress) {
    this.#datasetProgress.forEach((l) => l(progress));
  }
  /** Ends the gradient check under way, if any: its result, null (cancelled) or a failure. */
  finishCheck(outcome: GradientCheckResult | null | Error) {
    const end = this.#check;
    this.#check = null;
    end?.(outcome);
  }

  #listen<T>(set: Set<Listener<T>>, l: Listener<T>) {
    set.add(l);
    return () => void set.delete(l);
  }
}
