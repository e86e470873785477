// The training session: one dataset, one configuration, one network, and the Trainer that trains
// it, driven by the messages of app/shared/ipc.ts. It knows no host: the utility process (Node,
// app/utility/index.ts) and the web build's Web Worker both create one and pass it
//   post(message)       how a message goes back to main (or to the page),
//   now()               a millisecond clock,
//   schedule(task)      "run this soon, after pending messages" (setImmediate / a MessageChannel),
//   open(path)          a dataset's text as chunks: { name, size, chunks }.
// Training runs in slices of `sliceMs` between which the host's event loop delivers messages, so
// pause and stop take effect within one slice; so does a Step of an epoch (EpochStep), whose reply
// comes when its epoch is done or it is interrupted. Commands run one after another, in arrival
// order, except that the commands after a Step do not wait for its reply. Progress goes out as
// batches of whole epochs and, while an epoch takes long, as reports of how far into it the run
// is (ProgressThrottle).
//
// What the session holds of a run (its losses, why it stopped, what it goes on with) is one
// RunRecord (run.ts), which checkpoint.ts and project.ts save and read back whole; the dataset is
// session-dataset.ts, a stopped run's results results.ts, and a failed command's reply
// command-failure.ts. This file coordinates: the commands, the Trainer and its slices.
import { COST_CHUNK_ROWS } from '../../core/backprop';
import { DataError } from '../../core/data-error';
import { GradientChecker } from '../../core/gradient-check';
import { lossLogCsv } from '../../core/loss-log';
import { applyNormalization } from '../../core/normalization';
import { plainKernels, type Kernels } from '../../core/matrix';
import { Random } from '../../core/random';
import { takeRows } from '../../core/split';
import { cancelledDetail, partialEpochAt, Trainer, type PartialEpoch } from '../../core/train';
import type { Network, StopReason } from '../../core/types';
import type {
  EpochInside,
  ExampleId,
  GradientCheckResult,
  SessionConfig,
  SessionState,
  TrainingFinished,
  TrainingState,
} from '../shared/api';
import {
  packProgress,
  parseTrainingRequest,
  type Checkpoint,
  type CommandError,
  type CommandPayload,
  type CommandResult,
  type DatasetRef,
  type TrainingCommand,
  type TrainingMessage,
  type TrainingRequest,
} from '../shared/ipc';
import { checkpointNetwork, checkpointOf, checkpointRun } from './checkpoint';
import { CommandFailure, describeFailure } from './command-failure';
import { EpochStep } from './epoch-step';
import { EXAMPLES } from './examples';
import { CHECK_PROGRESS_MS, GradientCheckRun } from './gradient-check-run';
import { exportModel } from './export';
import { inspectRow } from './inspect';
import { predictTable } from './predictions';
import { snapshot } from './snapshot';
import { ConfigError, prepare, type Encoding, type Prepared } from './prepare';
import {
  checkRoles,
  parseProject,
  projectEncoding,
  projectFile,
  projectNetwork,
  projectRun,
  type ProjectDataset,
  type ProjectFile,
} from './project';
import { LossesInSteps } from './losses-in-steps';
import { ResultsComputation, runResults } from './results';
import {
  emptyRun,
  epochsDone,
  NO_CONTINUATION,
  type Continuation,
  type RunRecord,
  type Stopped,
} from './run';
import { decisionSurface } from './surface';
import {
  exampleSource,
  initialNetwork,
  projectDataset,
  readDataset,
  type Dataset,
} from './session-dataset';
import { readTable, SourceMissingError, type TextSource } from './text-source';
import { ProgressThrottle } from './progress-throttle';

export type { TextSource } from './text-source';
export { SourceMissingError } from './text-source';

/** Commands that work in slices and reply when done; the commands after them do not wait. */
const SLICED: ReadonlySet<TrainingCommand> = new Set(['step', 'gradient-check']);

/**
 * Counts in the stop details as the app writes every count (the status line, the loss curve, the
 * Results: 12,000 epochs).
 */
const formatCount = (n: number): string => n.toLocaleString('en-US');

export interface SessionHost {
  post(message: TrainingMessage): void;
  now(): number;
  schedule(task: () => void): void;
  /** The text of the dataset at `path`; rejects with SourceMissingError if it is not there. */
  open(path: string): Promise<TextSource>;
}

/** The largest share of the training time that checkpoints take (see SessionOptions.checkpointMs). */
const CHECKPOINT_SHARE = 0.05;

export interface SessionOptions {
  /** Milliseconds of training per slice (default 12). */
  sliceMs?: number;
  /**
   * Least time between checkpoints while training runs (default 2000 ms), and at least
   * CHECKPOINT_SHARE⁻¹ times what the last one took: a wide network's parameters and optimizer
   * state (hundreds of MB) are copied and posted in a good part of a second.
   */
  checkpointMs?: number;
  /** Least time between dataset-progress messages (default 50 ms). */
  loadProgressMs?: number;
  /** Least time between a gradient check's progress messages (default CHECK_PROGRESS_MS). */
  checkProgressMs?: number;
  /** The matrix kernels of each new Trainer (default: the plain TypeScript ones). */
  kernels?: () => Kernels;
  /**
   * The kernels to evaluate with outside training: a finished or reopened run's results, the
   * exported losses, predictions (default: the plain ones). Of the same arithmetic as `kernels`,
   * so that a reopened run's numbers are its own to the last digit (float32 sums differ in order
   * between kernels), and allocating nothing that stays (made once, used for every evaluation).
   */
  evaluationKernels?: () => Kernels;
}

type Handlers = {
  [C in TrainingCommand]: (
    payload: CommandPayload<C>,
  ) => CommandResult<C> | Promise<CommandResult<C>>;
};

export class TrainingSession {
  readonly #host: SessionHost;
  readonly #sliceMs: number;
  readonly #checkpointMs: number;
  readonly #loadProgressMs: number;
  readonly #checkProgressMs: number;
  readonly #kernels: () => Kernels;
  readonly #makeEvaluationKernels: () => Kernels;
  #evaluationKernelsMade: Kernels | null = null;
  readonly #throttle: ProgressThrottle;
  #queue: Promise<void> = Promise.resolve();

  #dataset: Dataset | null = null;
  #config: SessionConfig | null = null;
  #prepared: Prepared | null = null;
  /** The current parameters while no Trainer holds them. */
  #network: Network | null = null;
  /** The run's Trainer, live or stopped (null: none yet, or the run was restored or put back). */
  #trainer: Trainer | null = null;
  /**
   * Epochs the run had done when the current Trainer started (a Trainer counts from 1): set with
   * each new Trainer, read while it trains.
   */
  #epochOffset = 0;
  /** What the run did: its losses, why it stopped, what a restored run goes on with. */
  #run: RunRecord = emptyRun();
  /**
   * The run is a project's opened on a dataset of other content than it was trained on (the user
   * chose to use it as it is); cleared with the run.
   */
  #otherData = false;
  #state: TrainingState = 'idle';
  /** A Step of an epoch under way (the state is 'running' while it trains), or null. */
  #stepping: EpochStep | null = null;
  #scheduled = false;
  #lastCheckpoint = -Infinity;
  /** Time between checkpoints while training: checkpointMs, or more after an expensive one. */
  #checkpointGap: number;
  /** The last gradient check, saved in the project file; cleared when the network changes. */
  #gradientCheck: GradientCheckResult | null = null;
  /** The gradient check under way, or null. */
  #checking: GradientCheckRun | null = null;
  /**
   * The evaluation under way in slices (a pause's losses, a stopped run's results: see
   * #evaluateInSlices), or null. Whatever changes the state drops it, which cancels it.
   */
  #evaluation: object | null = null;
  /**
   * A stopped run's results once computed, with what they are of (its record, the data and the
   * parameters): a page that asks again (a reload) gets them without a second evaluation.
   */
  #finished: {
    stopped: Stopped;
    prepared: Prepared | null;
    net: Network | null;
    result: TrainingFinished;
  } | null = null;
  /** The evaluations of a stopped run's results and of a pause's losses last started. */
  #resultsEvaluation: object | null = null;
  #insideEvaluation: object | null = null;

  constructor(host: SessionHost, options: SessionOptions = {}) {
    this.#host = host;
    this.#sliceMs = options.sliceMs ?? 12;
    this.#checkpointMs = options.checkpointMs ?? 2000;
    this.#checkpointGap = this.#checkpointMs;
    this.#loadProgressMs = options.loadProgressMs ?? 50;
    this.#checkProgressMs = options.checkProgressMs ?? CHECK_PROGRESS_MS;
    this.#kernels = options.kernels ?? (() => plainKernels);
    this.#makeEvaluationKernels = options.evaluationKernels ?? (() => plainKernels);
    this.#throttle = new ProgressThrottle(host.now, (batch) =>
      host.post({ kind: 'progress', batch: packProgress(batch) }),
    );
  }

  get state(): TrainingState {
    return this.#state;
  }

  /**
   * One message as it arrived (validated here: an invalid one is answered with an error naming
   * the field). A ping is answered at once; other commands wait for the ones before them.
   */
  receive(raw: unknown): void {
    const parsed = parseTrainingRequest(raw);
    if (!parsed.ok) {
      const error: CommandError = {
        message: `Refused an invalid message: ${parsed.error}`,
        scope: 'process',
        code: 'invalid-message',
      };
      if (parsed.id !== null) this.#host.post({ kind: 'failure', id: parsed.id, error });
      else this.#host.post({ kind: 'error', error: { message: error.message, scope: 'process' } });
      return;
    }
    const request = parsed.value;
    if (request.type === 'ping') {
      this.#host.post({ kind: 'result', id: request.id, value: 'pong' });
      return;
    }
    this.#queue = this.#queue.then(() => {
      const replied = this.#answer(request);
      // A Step replies once its epoch is done, a gradient check once every parameter is checked,
      // but they work in slices: the commands after them (Stop, Pause, a closing window's save)
      // run between those instead of waiting for the reply.
      return SLICED.has(request.type) ? undefined : replied;
    });
  }

  /** Runs one command directly (the same path as a message, minus the envelope). */
  async execute<C extends TrainingCommand>(
    type: C,
    payload: CommandPayload<C>,
  ): Promise<CommandResult<C>> {
    const handler = this.#handlers[type] as (
      p: CommandPayload<C>,
    ) => CommandResult<C> | Promise<CommandResult<C>>;
    return handler(payload);
  }

  async #answer(request: TrainingRequest): Promise<void> {
    try {
      const value = await this.execute(request.type, request.payload as never);
      this.#host.post({ kind: 'result', id: request.id, value });
    } catch (error) {
      this.#host.post({
        kind: 'failure',
        id: request.id,
        error: describeFailure(error, request.type),
      });
    }
  }

  // -------------------------------------------------------------------------------------------
  // Commands

  readonly #handlers: Handlers = {
    'load-dataset': async ({ path }) => {
      const source = await this.#host.open(path);
      return (await this.#load({ kind: 'path', path }, source, null)).summary;
    },
    'open-example': async ({ id }) => this.#openExample(id),
    configure: ({ config }) => {
      this.#configure(config);
      return null;
    },
    start: () => {
      this.#start();
      return null;
    },
    pause: () => {
      if (this.#state === 'running') this.#setState('paused');
      return null;
    },
    resume: () => {
      if (this.#state === 'paused') this.#start();
      return null;
    },
    step: async ({ unit }) => {
      await this.#step(unit);
      return null;
    },
    stop: () => {
      this.#stop();
      return null;
    },
    reset: () => {
      this.#reset();
      return null;
    },
    'export-model': () => {
      const { prepared, config } = this.#ready('export the weights');
      return exportModel({
        network: this.#current()!,
        prepared,
        config,
        stopReason: this.#run.stopped?.reason ?? null,
        stopDetail: this.#run.stopped?.detail ?? '',
        history: this.#run.history,
        kernels: this.#evaluationKernels(),
      });
    },
    'export-losses': () => {
      if (this.#run.history.length === 0)
        throw new CommandFailure('Train at least one epoch to export the loss history', 'export');
      return { csv: lossLogCsv(this.#run.history) };
    },
    'save-project': () => this.#saveProject(),
    'open-project': async ({ project, datasetPath }) => this.#openProject(project, datasetPath),
    network: ({ maxUnits }) => {
      const net = this.#current();
      return net ? snapshot(net, this.#prepared?.schema, maxUnits) : null;
    },
    inspect: ({ request }) => {
      const { prepared, config } = this.#ready('inspect a row');
      const hp = config.hyperparameters;
      return inspectRow(
        {
          net: this.#current()!,
          X: prepared.train.X,
          Y: prepared.train.Y,
          learningRate: hp.learningRate,
          batchSize: hp.batchSize,
          l2: hp.l2,
        },
        request,
      );
    },
    'gradient-check': () => this.#checkGradients(),
    'cancel-gradient-check': () => {
      this.#cancelCheck();
      return null;
    },
    surface: ({ request }) => {
      const { prepared } = this.#ready('draw the decision surface');
      return decisionSurface(
        {
          net: this.#current()!,
          rawX: takeRows(prepared.encoded.X, prepared.split.train),
          Y: prepared.train.Y,
          labels: prepared.labels,
          normalize: (X) => applyNormalization(prepared.normalization, X),
        },
        request,
      );
    },
    predict: async ({ path }) => {
      const { prepared } = this.#ready('predict');
      const source = await this.#host.open(path);
      const { table } = await readTable(source, () => {});
      return predictTable(this.#current()!, prepared, table, this.#evaluationKernels());
    },
    restore: async ({ checkpoint }) => this.#restore(checkpoint),
    ping: () => 'pong',
    current: () => (this.#dataset ? this.#held(this.#dataset) : null),
  };

  // -------------------------------------------------------------------------------------------
  // Dataset and configuration

  async #load(ref: DatasetRef, source: TextSource, initial: Dataset['initial']): Promise<Dataset> {
    const dataset = await readDataset(ref, source, initial, {
      now: this.#host.now,
      everyMs: this.#loadProgressMs,
      report: (progress) => this.#host.post({ kind: 'dataset-progress', progress }),
    });
    // Only now, with the file read: a file that cannot be read leaves a run as it was.
    this.#halt();
    this.#cancelCheck();
    this.#dataset = dataset;
    this.#config = null;
    this.#prepared = null;
    this.#network = null;
    this.#clearTraining();
    this.#checkpoint(true);
    return dataset;
  }

  /** Loads a built-in example's dataset. */
  async #loadExample(id: ExampleId): Promise<Dataset> {
    const { ref, source, initial } = exampleSource(id);
    return this.#load(ref, source, initial);
  }

  async #openExample(id: ExampleId) {
    const dataset = await this.#loadExample(id);
    const { config } = EXAMPLES[id];
    this.#configure(config);
    return { summary: dataset.summary, config };
  }

  /**
   * Applies a configuration; the same one again changes nothing (the network is kept).
   * `encoding`: a project's, for its saved weights (see prepare).
   */
  #configure(config: SessionConfig, encoding?: Encoding): void {
    const dataset = this.#dataset;
    if (!dataset) throw new CommandFailure('Load a dataset before choosing the network', 'config');
    if (this.#config && JSON.stringify(this.#config) === JSON.stringify(config)) return;
    this.#gradientCheck = null;
    let prepared: Prepared;
    try {
      prepared = prepare(dataset.table, config, encoding);
    } catch (error) {
      if (error instanceof DataError || error instanceof ConfigError) throw error;
      throw new ConfigError((error as Error).message);
    }
    this.#halt();
    this.#cancelCheck();
    this.#config = config;
    this.#prepared = prepared;
    this.#network = initialNetwork(prepared, config, dataset);
    this.#clearTraining();
    this.#checkpoint(true);
  }

  #ready(what: string): { prepared: Prepared; config: SessionConfig; dataset: Dataset } {
    if (!this.#dataset) throw new CommandFailure(`Load a dataset to ${what}`, 'dataset');
    if (!this.#prepared || !this.#config || !this.#current()) {
      throw new CommandFailure(`Choose the columns and the network to ${what}`, 'config');
    }
    return { prepared: this.#prepared, config: this.#config, dataset: this.#dataset };
  }

  /** The live parameters: the Trainer's while one exists. */
  #current(): Network | null {
    return this.#trainer ? this.#trainer.network : this.#network;
  }

  // -------------------------------------------------------------------------------------------
  // Training

  /** A Trainer that continues from the current parameters (creating one if needed). */
  #ensureTrainer(): Trainer {
    if (this.#trainer && !this.#trainer.stopReason) return this.#trainer;
    const { prepared, config } = this.#ready('train');
    const net = this.#current()!;
    this.#network = net;
    // A restored run's Trainer counts on from the epochs its run had done, to the same maxEpochs;
    // a run continued after it stopped trains maxEpochs more.
    const { history, resume } = this.#run;
    const epochOffset = (this.#epochOffset =
      epochsDone(this.#run) - (resume?.position?.epoch ?? 0));
    // Training milliseconds of the run before this Trainer (its clock starts at 0).
    let elapsedBefore = 0;
    const hp = config.hyperparameters;
    // A restored run goes on with its optimizer's state, its place in the epoch and its best.
    const trainer = new Trainer(net, prepared.train, hp, {
      optimizerState: resume?.optimizer ?? undefined,
      position: resume?.position ?? undefined,
      best: resume?.best ?? undefined,
      validation: prepared.validation ?? undefined,
      kernels: this.#kernels(),
      clock: this.#host.now,
      formatCount,
      onEpoch: (progress) => {
        const point = {
          ...progress,
          epoch: progress.epoch + epochOffset,
          elapsedMs: progress.elapsedMs + elapsedBefore,
        };
        this.#run.history.push(point);
        this.#throttle.add(point);
      },
    });
    if (history.length === 0) {
      // Epoch 0: the losses of the initial parameters, the first point of the loss curve.
      history.push(trainer.initial);
      this.#throttle.add(trainer.initial);
    }
    elapsedBefore = history[history.length - 1].elapsedMs;
    this.#trainer = trainer;
    // The Trainer holds what the run goes on with now, and it has not stopped; it trains on this
    // data, and what it reports is of this data.
    this.#run = { history, stopped: null, resume: null };
    this.#otherData = false;
    return trainer;
  }

  #start(): void {
    if (this.#state === 'running') return;
    this.#ensureTrainer();
    this.#setState('running');
    this.#scheduleSlice();
  }

  #scheduleSlice(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.#host.schedule(() => {
      this.#scheduled = false;
      this.#slice();
    });
  }

  /** One slice of training, then yield to the host (which may deliver pause or stop). */
  #slice(): void {
    const trainer = this.#trainer;
    if (this.#state !== 'running' || !trainer) return;
    const before = trainer.samplesSeen;
    const step = this.#stepping;
    let over: boolean;
    try {
      over = step ? step.slice(trainer, this.#sliceMs) : trainer.run(this.#sliceMs) !== null;
    } catch (error) {
      const message = `Training failed: ${(error as Error).message}`;
      // A Step's sender hears of it in the step's reply; a run's, as an error of its own.
      if (step) step.end(new CommandFailure(message, 'training'));
      else this.#host.post({ kind: 'error', error: { scope: 'training', message } });
      this.#setState('paused');
      return;
    }
    this.#throttle.count(trainer.samplesSeen - before);
    if (trainer.stopReason) {
      this.#finish();
      return;
    }
    if (over) {
      // The Step's epoch is done.
      this.#setState('paused');
      return;
    }
    this.#throttle.flush('running');
    // A long epoch (a large dataset): how far into it the run is, the next epoch of the run, and
    // into the batch under way if it trains in chunks (a full batch of a large data set).
    const partial = trainer.partialEpoch;
    const rows = trainer.batchUnderway;
    if (partial || rows) {
      this.#throttle.underway({
        epoch: epochsDone(this.#run) + 1,
        ...(partial ?? { batches: 0, of: trainer.batchesPerEpoch }),
        ...(rows ? { rows } : {}),
      });
    }
    this.#checkpoint(false);
    this.#scheduleSlice();
  }

  /**
   * One batch (at once), or the rest of the current epoch in slices as a run (state 'running'
   * meanwhile): resolves when the epoch is done, training stops (Stop keeps the batches done, as
   * for a run), or Pause ends it after the current batch (the next Step trains the epoch's rest).
   * A Step while one is under way resolves with it; one while a run trains turns the run into the
   * Step of its current epoch.
   */
  #step(unit: 'batch' | 'epoch'): Promise<void> | void {
    if (this.#stepping) return this.#stepping.done;
    const trainer = this.#ensureTrainer();
    if (unit === 'epoch') {
      const step = (this.#stepping = new EpochStep(this.#host.now));
      if (this.#state !== 'running') this.#setState('running');
      this.#scheduleSlice();
      return step.done;
    }
    if (this.#state === 'running') this.#setState('paused');
    const before = trainer.samplesSeen;
    trainer.step();
    this.#throttle.count(trainer.samplesSeen - before);
    if (trainer.stopReason) {
      this.#finish();
      return;
    }
    this.#setState('paused');
  }

  /**
   * Checks the current parameters' gradients (a copy of them) against finite differences on up to
   * 32 training rows, in slices of `sliceMs` (a wide network has thousands of parameters, each
   * two evaluations), reporting how far it is. Replies null if it is cancelled: by
   * cancel-gradient-check, by a newer check (which checks the weights as they are then), or
   * because the network is replaced (other settings, a dataset, a project). A result is kept for
   * the project; a cancelled check leaves the last one.
   */
  #checkGradients(): Promise<GradientCheckResult | null> {
    const { prepared, config } = this.#ready('check the gradients');
    this.#cancelCheck();
    const rows = Math.min(prepared.train.X.rows, 32);
    const checker = new GradientChecker(this.#current()!, prepared.train.X, prepared.train.Y, {
      l2: config.hyperparameters.l2,
      rows,
      random: new Random(config.hyperparameters.seed),
    });
    const run = new GradientCheckRun(
      checker,
      rows,
      {
        now: this.#host.now,
        schedule: (task) => this.#host.schedule(task),
        report: (progress) => this.#host.post({ kind: 'gradient-check-progress', progress }),
      },
      { sliceMs: this.#sliceMs, progressMs: this.#checkProgressMs },
    );
    this.#checking = run;
    run.start();
    return run.done
      .then((result) => {
        if (result && this.#config === config) this.#gradientCheck = result;
        return result;
      })
      .finally(() => {
        if (this.#checking === run) this.#checking = null;
      });
  }

  /** Stops the gradient check under way, if any: it replies null, the last result stays. */
  #cancelCheck(): void {
    this.#checking?.cancel();
    this.#checking = null;
  }

  /** The Step under way (if any) is over: it replies (`error`: it failed). */
  #endStep(error?: Error): void {
    this.#stepping?.end(error);
    this.#stepping = null;
  }

  /**
   * Stops between batches, keeping every batch trained: a run stopped inside an epoch ends with
   * the parameters after its last whole epoch and the batches of the next one, and its results,
   * its exported weights and the loss the status line reports are all of those parameters.
   */
  #stop(): void {
    const trainer = this.#trainer;
    let partial: PartialEpoch | null;
    if (trainer && !trainer.stopReason) {
      trainer.cancel();
      partial = trainer.partialEpoch;
    } else if (this.#state === 'paused' && this.#current()) {
      // Paused without a live Trainer (a restored project or checkpoint): its place in the epoch.
      const row = this.#run.resume?.position?.row ?? 0;
      const { prepared, config } = this.#ready('stop');
      partial = partialEpochAt(row, prepared.train.X.rows, config.hyperparameters.batchSize);
    } else return;
    // The epochs of the whole run (a Trainer counts those since it started).
    this.#finish(
      'cancelled',
      cancelledDetail(epochsDone(this.#run), partial, formatCount),
      partial,
    );
  }

  /** Training ended (a criterion fired or the user stopped it): report and evaluate. */
  #finish(
    reason: StopReason = this.#trainer!.stopReason!,
    detail: string = this.#trainer!.stopDetail,
    partial: PartialEpoch | null = null,
  ): void {
    this.#network = this.#current()!;
    // Early stopping's best epoch, or the lowest training loss's that divergence keeps (when it is
    // not the last whole epoch), counted over the whole run (a Trainer counts from its start).
    const trainer = this.#trainer;
    const restoredEpoch = !trainer
      ? null
      : reason === 'early-stopping'
        ? trainer.bestEpoch + this.#epochOffset
        : reason === 'diverged' && trainer.lowestEpoch < trainer.epoch
          ? trainer.lowestEpoch + this.#epochOffset
          : null;
    const stopped = { reason, detail, partial, restoredEpoch };
    this.#run = { history: this.#run.history, stopped, resume: null };
    this.#state = 'finished';
    this.#evaluation = null;
    this.#throttle.flush('finished', true);
    this.#computeResults(stopped);
    this.#checkpoint(true);
    this.#endStep();
  }

  /**
   * The stopped run's results, as #results makes them, computed in slices (a chunk of rows at a
   * time: seconds on a large dataset, during which commands are answered); posted when done. The
   * first slice runs at once (small data gets its results with the state).
   */
  #computeResults(stopped: Stopped): void {
    const { prepared } = this.#ready('evaluate');
    const computation = new ResultsComputation(
      this.#current()!,
      prepared,
      stopped,
      epochsDone(this.#run),
      this.#evaluationKernels(),
    );
    this.#resultsEvaluation = this.#evaluateInSlices(
      'finished',
      () => computation.step(),
      () => {
        const result = this.#remember(stopped, computation.result());
        this.#host.post({ kind: 'finished', result });
      },
      true,
    );
  }

  /** Remembers a stopped run's results (see #finished); returns them. */
  #remember(stopped: Stopped, result: TrainingFinished): TrainingFinished {
    this.#finished = { stopped, prepared: this.#prepared, net: this.#current(), result };
    return result;
  }

  /** The stopped run's results if they were computed for it, on these data and parameters. */
  #remembered(stopped: Stopped): TrainingFinished | null {
    const kept = this.#finished;
    const same =
      kept?.stopped === stopped && kept.prepared === this.#prepared && kept.net === this.#current();
    return same ? kept.result : null;
  }

  /** Whether `evaluation` is under way in slices now (what it computes comes when done). */
  #underway(evaluation: object | null): boolean {
    return evaluation !== null && this.#evaluation === evaluation;
  }

  /**
   * Runs `step` (true when done) in slices of `sliceMs` the host schedules, then `done`, as long
   * as the state stays `state` with the same data and parameters and no newer evaluation starts:
   * anything that changes the state (Start, Resume, Stop, a Step, a reset, new data or settings, a
   * run put back) cancels it, and nothing about old parameters goes out. The first slice runs now
   * or (`now` false) once the host schedules it, after the messages already waiting; run now on
   * small data (every split one chunk of rows) it computes everything, whatever the clock says, so
   * that what it computes goes out with the state it follows. Returns the evaluation's token
   * (this.#evaluation while it is under way).
   */
  #evaluateInSlices(
    state: TrainingState,
    step: () => boolean,
    done: () => void,
    now: boolean,
  ): object {
    const token = {};
    this.#evaluation = token;
    const prepared = this.#prepared;
    const net = this.#current();
    const live = () =>
      this.#evaluation === token &&
      this.#state === state &&
      this.#prepared === prepared &&
      this.#current() === net;
    const slice = (whole = false) => {
      if (!live()) return;
      const start = this.#host.now();
      let finished = step();
      while (!finished && (whole || this.#host.now() - start < this.#sliceMs)) finished = step();
      if (!finished) return this.#host.schedule(slice);
      this.#evaluation = null;
      done();
    };
    if (now) slice(this.#fitsOneChunk());
    else this.#host.schedule(slice);
    return token;
  }

  /** The kernels results, exported losses and predictions are computed with (made once). */
  #evaluationKernels(): Kernels {
    return (this.#evaluationKernelsMade ??= this.#makeEvaluationKernels());
  }

  /**
   * The stopped run's results: the current parameters evaluated on every split (with the batches
   * of an unfinished epoch they include, `stopped.partial`).
   */
  #results(stopped: Stopped): TrainingFinished {
    const remembered = this.#remembered(stopped);
    if (remembered) return remembered;
    const { prepared } = this.#ready('evaluate');
    const kernels = this.#evaluationKernels();
    const result = runResults(this.#current()!, prepared, stopped, epochsDone(this.#run), kernels);
    return this.#remember(stopped, result);
  }

  #setState(state: TrainingState): void {
    this.#state = state;
    this.#evaluation = null;
    // Paused inside an epoch: where, at once, with its losses computed in slices after (they
    // evaluate every training and validation row: seconds on a large dataset, which Pause must not
    // wait for).
    const where = state === 'paused' ? this.#where() : undefined;
    this.#throttle.flush(state, true, where?.pending);
    if (state !== 'running') {
      this.#checkpoint(true);
      this.#endStep();
    }
    if (where) this.#computeInside(where.pending);
  }

  /**
   * Paused inside an epoch (a Step of a batch, or Pause between a run's batches): where, with
   * losses still to compute (trainLoss null). Undefined at an epoch's boundary.
   */
  #where(): { pending: EpochInside } | undefined {
    const position = this.#trainer ? this.#trainer.position : this.#run.resume?.position;
    if (!position || !this.#prepared || !this.#config) return undefined;
    // A live Trainer's place, or a restored run's (a project or checkpoint saved paused there).
    const { prepared, config } = this.#ready('evaluate');
    const partial = this.#trainer
      ? this.#trainer.partialEpoch
      : partialEpochAt(position.row, prepared.train.X.rows, config.hyperparameters.batchSize);
    if (!partial) return undefined;
    const pending: EpochInside = {
      epochs: epochsDone(this.#run),
      ...partial,
      trainLoss: null,
      validationLoss: null,
      maxChange: position.maxChange,
    };
    return { pending };
  }

  /**
   * Paused inside an epoch: where, and the parameters' losses as they are and their largest change
   * in that epoch's batches, for the status line (the last whole epoch's are no longer theirs).
   * One evaluation of the training and validation rows, as Stop's results make. Undefined at an
   * epoch's boundary. At once, for a page that asks (a reload) when they are not being computed:
   * a pause, live or put back from a project or checkpoint, computes them in slices
   * (#computeInside).
   */
  #inside(): EpochInside | undefined {
    const where = this.#where();
    if (!where) return undefined;
    const losses = this.#lossesInSteps();
    while (!losses.step());
    return { ...where.pending, ...losses.losses() };
  }

  /**
   * The paused parameters' losses (`pending` says where), the same sums as #inside's in slices;
   * posted as a paused report when done (cancelled by Resume, Stop, a Step, a reset, new data or
   * settings). The first slice runs now or (`now` false) once the host schedules it.
   */
  #computeInside(pending: EpochInside, now = false): void {
    const losses = this.#lossesInSteps();
    this.#insideEvaluation = this.#evaluateInSlices(
      'paused',
      () => losses.step(),
      () => this.#throttle.flush('paused', true, { ...pending, ...losses.losses() }),
      now,
    );
  }

  /** The current parameters' losses on the training and validation rows, a chunk a step. */
  #lossesInSteps(): LossesInSteps {
    const { prepared } = this.#ready('evaluate');
    return new LossesInSteps(this.#current()!, prepared, this.#evaluationKernels());
  }

  /** Cancels a running Trainer without reporting (the data or settings are being replaced). */
  #halt(): void {
    if (this.#trainer && !this.#trainer.stopReason) this.#trainer.cancel();
    if (this.#trainer) this.#network = this.#trainer.network;
  }

  #clearTraining(): void {
    this.#trainer = null;
    this.#run = emptyRun();
    this.#otherData = false;
    this.#throttle.clear();
    this.#state = 'idle';
    this.#evaluation = null;
    this.#throttle.flush('idle', true);
    this.#endStep();
  }

  #reset(): void {
    this.#halt();
    const dataset = this.#dataset;
    if (dataset && this.#prepared && this.#config) {
      this.#network = initialNetwork(this.#prepared, this.#config, dataset);
    }
    this.#clearTraining();
    this.#checkpoint(true);
  }

  // -------------------------------------------------------------------------------------------
  // Checkpoints, projects and recovery

  #checkpoint(force: boolean): void {
    const t = this.#host.now();
    if (!force && t - this.#lastCheckpoint < this.#checkpointGap) return;
    this.#lastCheckpoint = t;
    const checkpoint = checkpointOf({
      dataset: this.#dataset?.ref ?? null,
      config: this.#config,
      prepared: this.#prepared,
      network: this.#current(),
      run: this.#saved(),
    });
    this.#host.post({ kind: 'checkpoint', checkpoint });
    // Checkpoints take at most CHECKPOINT_SHARE of the training time.
    const took = this.#host.now() - t;
    this.#checkpointGap = Math.max(this.#checkpointMs, took / CHECKPOINT_SHARE);
  }

  /**
   * The optimizer state and epoch position a resumed run goes on with: the live Trainer's, or
   * those restored for the next. A stopped Trainer's are not continued (its parameters may be
   * the best or last finite ones, not those its optimizer state belongs to; going on starts a
   * fresh optimizer and a fresh epoch).
   */
  #continued(): Continuation {
    const trainer = this.#trainer;
    if (!trainer) return this.#run.resume ?? NO_CONTINUATION;
    if (trainer.stopReason) return NO_CONTINUATION;
    return {
      optimizer: trainer.optimizerState,
      position: trainer.position,
      best: trainer.bestSoFar,
    };
  }

  /** The run as it stands, to save: with what it goes on with (#continued). */
  #saved(): RunRecord {
    return { ...this.#run, resume: this.#continued() };
  }

  #saveProject(): ProjectFile {
    const { dataset, config, prepared } = this.#ready('save a project');
    return projectFile({
      dataset: projectDataset(dataset),
      config,
      prepared,
      network: this.#current()!,
      run: this.#saved(),
      gradientCheck: this.#gradientCheck,
    });
  }

  /**
   * Re-creates a session from a project file. `datasetPath`: the user located the dataset. If it
   * fails (its dataset changed, lacks its columns, or its weights do not fit), the session is put
   * back as it was: the page still shows that run, and the user may cancel the question.
   */
  async #openProject(value: unknown, datasetPath: string | null) {
    const putBack = this.#keep();
    try {
      return await this.#openProjectFile(value, datasetPath);
    } catch (error) {
      putBack();
      throw error;
    }
  }

  /**
   * What a session holds, to put back (the function returned). A live run comes back paused, to
   * go on from its optimizer state and place in the epoch: loading a dataset cancels its Trainer.
   */
  #keep(): () => void {
    const live = this.#trainer && !this.#trainer.stopReason;
    const held = {
      dataset: this.#dataset,
      config: this.#config,
      prepared: this.#prepared,
      network: this.#current(),
      trainer: live ? null : this.#trainer,
      // A live Trainer's optimizer state and place in the epoch, as a restored run's.
      run: this.#saved(),
      otherData: this.#otherData,
      state: this.#state === 'running' ? ('paused' as const) : this.#state,
      gradientCheck: this.#gradientCheck,
    };
    return () => {
      this.#dataset = held.dataset;
      this.#config = held.config;
      this.#prepared = held.prepared;
      this.#network = held.network;
      this.#trainer = held.trainer;
      this.#run = held.run;
      this.#otherData = held.otherData;
      this.#gradientCheck = held.gradientCheck;
      this.#state = held.state;
      this.#throttle.flush(held.state, true);
      this.#checkpoint(true);
    };
  }

  async #openProjectFile(value: unknown, datasetPath: string | null) {
    const project = parseProject(value);
    const saved = project.dataset;
    const dataset =
      saved.kind === 'example'
        ? await this.#loadExample(saved.id)
        : await this.#loadProjectFile(saved, datasetPath);
    const encoding = projectEncoding(project);
    // The roles are by the columns of the file the project was saved with: checked on that content,
    // not on a located or changed file (whose columns may be in another order), read by the
    // encoding's column names alone.
    if (saved.kind === 'example' || dataset.fingerprint === saved.fingerprint) {
      checkRoles(project, dataset.table);
    }
    this.#configure(project.config, encoding ?? undefined);
    this.#restoreTraining(projectRun(project), projectNetwork(project, this.#prepared!.spec));
    // Used as it is: what is evaluated now (results, a paused run's losses) is of this data.
    this.#otherData = saved.kind === 'path' && dataset.fingerprint !== saved.fingerprint;
    this.#gradientCheck = project.gradientCheck ?? null;
    return { ...this.#held(dataset), config: project.config };
  }

  /**
   * Loads a project's dataset file: at its saved path, unless the user located it (`datasetPath`).
   * Missing, or changed since the project was saved (and not located), it is a failure whose code
   * makes the host ask the user to locate it.
   */
  async #loadProjectFile(
    saved: Extract<ProjectDataset, { kind: 'path' }>,
    datasetPath: string | null,
  ): Promise<Dataset> {
    const path = datasetPath ?? saved.path;
    let source: TextSource;
    try {
      source = await this.#host.open(path);
    } catch (error) {
      if (error instanceof SourceMissingError) {
        throw new CommandFailure(
          `The project's dataset ${saved.path} is missing (moved, renamed or deleted): locate it to open the project`,
          'project',
          'dataset-missing',
        );
      }
      throw error;
    }
    const dataset = await this.#load({ kind: 'path', path }, source, null);
    if (datasetPath === null && dataset.fingerprint !== saved.fingerprint) {
      throw new CommandFailure(
        `The project's dataset ${saved.path} changed since the project was saved (its content is different): locate the original, or use it as it is`,
        'project',
        'dataset-changed',
      );
    }
    return dataset;
  }

  /** What the session holds: the dataset, settings, losses, why the run stopped, its results. */
  #held(dataset: Dataset): SessionState {
    const { history, stopped } = this.#run;
    // Paused inside an epoch: where, with the losses if they are not being computed in slices now
    // (a paused report brings them when done).
    const inside =
      this.#state !== 'paused'
        ? undefined
        : this.#underway(this.#insideEvaluation)
          ? this.#where()?.pending
          : this.#inside();
    return {
      summary: dataset.summary,
      config: this.#config,
      history,
      stopReason: stopped?.reason ?? null,
      // Being computed in slices: none yet (the page shows them computing; they come when done).
      result: stopped && !this.#underway(this.#resultsEvaluation) ? this.#results(stopped) : null,
      ...(inside ? { inside } : {}),
      ...(this.#otherData ? { otherData: true } : {}),
    };
  }

  /**
   * Puts a saved run back (after configure): its history, why it stopped (a stopped run goes on
   * with nothing: its parameters may be the best or last finite ones, not its optimizer's) or what
   * it goes on with, and its parameters (`network`; null: the configured initial ones).
   */
  #restoreTraining(run: RunRecord, network: Network | null): void {
    if (network) this.#network = network;
    this.#cancelCheck();
    this.#trainer = null;
    const { history, stopped } = run;
    this.#run = { history: [...history], stopped, resume: stopped ? null : run.resume };
    const state: TrainingState = history.length === 0 ? 'idle' : stopped ? 'finished' : 'paused';
    this.#state = state;
    this.#evaluation = null;
    // Paused inside an epoch, it says where; with its losses at once where every split is one
    // chunk of rows (small data: they are in the reply), else once computed in slices, as the live
    // run's pause does. A stopped run's results the same way, as after Stop.
    const where = state === 'paused' ? this.#where() : undefined;
    const atOnce = this.#fitsOneChunk();
    this.#throttle.flush(state, true, where && atOnce ? this.#inside() : where?.pending);
    this.#checkpoint(true);
    if (atOnce) return;
    if (where) this.#computeInside(where.pending, true);
    if (stopped) this.#computeResults(stopped);
  }

  /** Whether every split of the data is one chunk of rows for an evaluation (small data). */
  #fitsOneChunk(): boolean {
    const prepared = this.#prepared;
    if (!prepared) return true;
    const splits = [prepared.train, prepared.validation, prepared.test];
    return splits.every((split) => !split || split.X.rows <= COST_CHUNK_ROWS);
  }

  /** After a crash: the fresh process takes over the last checkpoint of the one that died. */
  async #restore(checkpoint: Checkpoint) {
    const ref = checkpoint.dataset;
    if (!ref) return null;
    const dataset =
      ref.kind === 'example'
        ? await this.#loadExample(ref.id)
        : await this.#load(ref, await this.#host.open(ref.path), null);
    const config = checkpoint.config;
    if (!config) return { summary: dataset.summary, config: null };
    this.#configure(config, checkpoint.encoding ?? undefined);
    const { parameters } = checkpoint;
    const dtype = config.hyperparameters.dtype;
    this.#restoreTraining(
      checkpointRun(checkpoint),
      parameters && checkpointNetwork(this.#network!, parameters, dtype),
    );
    return { summary: dataset.summary, config };
  }
}
