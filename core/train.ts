// Training in steps the host controls: `step()` runs one batch, `runEpoch()` the rest of an epoch,
// `run(budgetMs)` goes on until a stop criterion fires or the time budget is spent. No I/O and no
// timers here: the host schedules the calls (so it can pause, resume or cancel between batches)
// and passes the clock. Buffers are allocated once per batch size; a batch allocates nothing.
import {
  addChunkL2,
  backpropChunkInto,
  backpropDescendInto,
  backpropInto,
  checkTargets,
  COST_CHUNK_ROWS,
  CostEvaluator,
  createGradients,
  fusesDescent,
  type DescentKernels,
  type GradientSums,
  type Gradients,
} from './backprop';
import {
  checkInputs,
  createForwardCache,
  forwardInto,
  weightViews,
  type ForwardCache,
} from './forward';
import { assertHyperparameters } from './hyperparameters';
import { constantCost } from './loss';
import {
  allocatorOf,
  convertMatrix,
  createMatrix,
  dtypeOf,
  gatherRows,
  plainKernels,
  type Kernels,
} from './matrix';
import { cloneNetwork, copyParameters, parameterArrays, validateSpec } from './network';
import { createOptimizer, SGD, type Optimizer, type OptimizerState } from './optimizer';
import { formatValue } from './number-format';
import { Random } from './random';
import type {
  EpochProgress,
  FloatArray,
  Hyperparameters,
  LossName,
  Matrix,
  Network,
  StopReason,
} from './types';

export interface DataSet {
  X: Matrix;
  Y: Matrix;
}

export interface TrainerOptions {
  /**
   * Held-out rows: their loss is reported each epoch and drives early stopping (without them,
   * `patience` has nothing to watch and is ignored).
   */
  validation?: DataSet;
  /** Overrides the network's loss. */
  loss?: LossName;
  /** Milliseconds from any origin (default Date.now); only differences are used. */
  clock?: () => number;
  /** Called after every epoch, once the stop criteria have been checked. */
  onEpoch?: (progress: EpochProgress) => void;
  /**
   * How stopDetail writes a count of epochs or batches (default String, as the command line
   * writes them: 12000; the desktop app passes its own way, 12,000).
   */
  formatCount?: (n: number) => string;
  kernels?: Kernels;
  /** The shuffling's generator (default: a Random seeded with hp.seed). */
  random?: Random;
  /**
   * The optimizer's state to start from (an earlier Trainer's `optimizerState`), so that a
   * resumed run's momentum or Adam moments and step count go on where they were.
   */
  optimizerState?: OptimizerState;
  /**
   * Where in its epoch an earlier run stopped (its Trainer's `position`): this one draws the same
   * order of rows and goes on from that row, so that a resumed run trains as one without a break.
   */
  position?: EpochPosition;
  /**
   * Early stopping's memory of an earlier run (its Trainer's `bestSoFar`): this one starts from
   * that best epoch, loss and parameters, so that a resumed run's patience and the parameters it
   * restores are those of the run as a whole. Ignored without validation data.
   */
  best?: BestSoFar;
  /** The most rows a batch trains at once (default: batchChunkRows of the network). */
  chunkRows?: number;
}

/**
 * The most a batch's activations and deltas may take, in bytes: a larger batch (the full batch
 * of a large data set, the default) trains in chunks of rows that fit, its gradient summed over
 * them before the step. 200,000 rows through two layers of 1,024 units took 5 GB at once, more
 * than WebAssembly's 4 GiB of memory.
 */
export const BATCH_CHUNK_BYTES = 64 * 2 ** 20;

/**
 * Rows of a chunk: what BATCH_CHUNK_BYTES holds of a row's input and target copies and its z, a
 * and δ of every layer after the input, and at least COST_CHUNK_ROWS (a narrow network's batches
 * of under ~100,000 rows train at once).
 */
export function batchChunkRows(net: Pick<Network, 'topology' | 'dtype'>): number {
  const { topology } = net;
  const values =
    topology[0] + topology[topology.length - 1] + 3 * topology.slice(1).reduce((a, b) => a + b, 0);
  const bytes = net.dtype === 'float32' ? 4 : 8;
  return Math.max(COST_CHUNK_ROWS, Math.floor(BATCH_CHUNK_BYTES / (values * bytes)));
}

/** The epoch with the lowest validation loss so far, that loss, and that epoch's parameters. */
export interface BestSoFar {
  epoch: number;
  loss: number;
  W: FloatArray[];
  theta: FloatArray[];
}

/** How far a run is through its epoch: what a resumed Trainer needs to go on exactly. */
export interface EpochPosition {
  /**
   * Epochs the run has completed: the resumed Trainer counts on from there, so that it stops at
   * the same maxEpochs (absent, as in files saved before it was kept: 0, maxEpochs more).
   */
  epoch?: number;
  /** Rows of the epoch already trained (0: the next epoch is yet to begin). */
  row: number;
  /** The shuffling generator's state (Random.state) before it drew this epoch's order. */
  random: number[];
  /** The largest change of a parameter in the epoch so far. */
  maxChange: number;
}

/**
 * The batches of an unfinished epoch that the parameters already include: a run stopped between
 * batches has trained `batches` of the `of` batches of the epoch after its last whole one.
 */
export interface PartialEpoch {
  batches: number;
  of: number;
}

/**
 * The batches `row` rows into an epoch of `rows` training rows make, in batches of `batchSize`
 * rows (0: the full batch); null at the epoch's start. Every batch but an epoch's last is whole,
 * so a row inside the epoch ends a batch.
 */
export function partialEpochAt(row: number, rows: number, batchSize: number): PartialEpoch | null {
  if (row <= 0 || row >= rows) return null;
  const size = batchSize === 0 ? rows : Math.min(batchSize, rows);
  return { batches: Math.ceil(row / size), of: Math.ceil(rows / size) };
}

/**
 * Why a cancelled run stopped, in words: its whole epochs and, when it stopped inside an epoch,
 * the batches of the next one that its parameters include.
 */
export function cancelledDetail(
  epochs: number,
  partial: PartialEpoch | null,
  count: (n: number) => string = String,
): string {
  const whole = `${count(epochs)} epoch${epochs === 1 ? '' : 's'}`;
  if (!partial) return `Cancelled after ${whole}.`;
  return `Cancelled after ${whole} and ${count(partial.batches)} of the ${count(partial.of)} batches of epoch ${count(epochs + 1)} (the parameters include those batches).`;
}

/** The buffers of one batch size. */
export interface Workspace {
  X: Matrix;
  Y: Matrix;
  cache: ForwardCache;
  grads: Gradients;
  dW: Matrix[];
  /** dW then dTheta: the order of parameterArrays(net), for the optimizer. */
  gradArrays: FloatArray[];
}

/** Whether trainBatch takes the optimizer's step inside backprop (backpropDescendInto). */
export function fusesStep(optimizer: Optimizer, kernels: Kernels): kernels is DescentKernels {
  return optimizer instanceof SGD && fusesDescent(kernels);
}

/**
 * The buffers of batches of `rows` rows, from the kernels' allocator (W: weightViews(net)). No
 * ∂C/∂W when the optimizer's step is taken inside backprop: training then holds the parameters
 * and one batch's activations and deltas, and no gradient of every weight.
 */
export function createWorkspace(
  net: Network,
  rows: number,
  kernels: Kernels,
  optimizer: Optimizer,
  W: Matrix[] = weightViews(net),
): Workspace {
  const alloc = allocatorOf(kernels);
  const grads = createGradients(net, rows, alloc, !fusesStep(optimizer, kernels));
  return {
    X: createMatrix(rows, net.topology[0], net.dtype, alloc),
    Y: createMatrix(rows, net.topology[net.topology.length - 1], net.dtype, alloc),
    cache: createForwardCache(net, rows, alloc),
    grads,
    dW: grads.dW.map((data, l) => ({ rows: W[l].rows, cols: W[l].cols, data })),
    gradArrays: [...grads.dW, ...grads.dTheta],
  };
}

/**
 * One batch of training in `ws`: forward, backprop and the optimizer's step, which plain gradient
 * descent takes inside backprop where the kernels can (backpropDescendInto). Returns the largest
 * |Δp|, or NaN, with the parameters unchanged, when the batch's cost (ws.grads.cost) is not finite.
 */
export function trainBatch(
  net: Network,
  X: Matrix,
  Y: Matrix,
  ws: Workspace,
  optimizer: Optimizer,
  l2: number,
  kernels: Kernels,
  W: Matrix[] = weightViews(net),
): number {
  forwardInto(net, X, ws.cache, kernels, W);
  if (fusesStep(optimizer, kernels)) {
    const change = backpropDescendInto(
      net,
      ws.cache,
      Y,
      ws.grads,
      optimizer.learningRate,
      l2,
      kernels,
      W,
    );
    if (Number.isFinite(ws.grads.cost)) optimizer.steps++;
    return change;
  }
  backpropInto(net, ws.cache, Y, ws.grads, l2, kernels, W, ws.dW);
  if (!Number.isFinite(ws.grads.cost)) return NaN;
  return optimizer.step(ws.gradArrays);
}

function toDtype(m: Matrix, net: Network): Matrix {
  return dtypeOf(m.data) === net.dtype ? m : convertMatrix(m, net.dtype);
}

function checkData(net: Network, data: DataSet, name: string): void {
  checkInputs(net, data.X, `${name} X`);
  checkTargets(net, data.X, data.Y, `${name} Y`);
  for (const [label, m] of [
    ['X', data.X],
    ['Y', data.Y],
  ] as const) {
    const i = m.data.findIndex((v) => !Number.isFinite(v));
    if (i >= 0) {
      const row = Math.floor(i / m.cols);
      throw new Error(
        `${name} ${label} row ${row}, column ${i - row * m.cols} is ${m.data[i]}, not a finite number`,
      );
    }
  }
}

/**
 * Training has diverged when its loss is above EXPLODED times the one it started from (or that of
 * predicting the targets' means, if higher) for EXPLODED_EPOCHS epochs in a row.
 */
export const EXPLODED = 1000;
export const EXPLODED_EPOCHS = 3;

export class Trainer {
  readonly hyperparameters: Hyperparameters;
  readonly #net: Network;
  readonly #W: Matrix[];
  readonly #train: DataSet;
  readonly #validation: DataSet | null;
  readonly #clock: () => number;
  readonly #onEpoch: ((progress: EpochProgress) => void) | undefined;
  readonly #count: (n: number) => string;
  readonly #kernels: Kernels;
  readonly #random: Random;
  /** The generator's state before it drew the current epoch's order. */
  #epochRandom: number[];
  readonly #optimizer: Optimizer;
  readonly #evaluator: CostEvaluator;
  readonly #batchSize: number;
  readonly #order: Uint32Array;
  readonly #workspaces = new Map<number, Workspace>();
  /** The most rows a batch trains at once; a larger one trains in chunks (#trainInChunks). */
  readonly #chunkRows: number;
  /** A batch trained in chunks sums its gradients here (allocated with the first such batch). */
  #sums: { sums: GradientSums; arrays: FloatArray[] } | null = null;
  /**
   * A batch trained in chunks that step(over) left between two chunks: its rows done and their
   * summed costs (their gradients are in #sums). Nothing of it is in the parameters yet.
   */
  #underway: { done: number; costs: number } | null = null;
  /** The parameters with the lowest training loss so far (from the start): kept if training diverges. */
  readonly #lowest: Network;
  #lowestLoss: number;
  #lowestEpoch = 0;
  /** Above EXPLODED · this, an epoch's training loss is exploding (see #exploded). */
  readonly #explodedAbove: number;
  /** What #explodedAbove is a multiple of, in words. */
  readonly #explodedOver: string;
  /** Epochs in a row whose training loss was exploding. */
  #exploding = 0;
  readonly #best: Network | null;
  #bestLoss = Infinity;
  #bestEpoch = 0;
  #position = 0;
  #epoch = 0;
  #epochMaxChange = 0;
  #elapsedMs = 0;
  #samplesSeen = 0;
  #stopReason: StopReason | null = null;
  #stopDetail = '';
  readonly #history: EpochProgress[] = [];
  readonly #initial: EpochProgress;

  constructor(net: Network, train: DataSet, hp: Hyperparameters, options: TrainerOptions = {}) {
    this.hyperparameters = { ...assertHyperparameters(hp) };
    this.#kernels = options.kernels ?? plainKernels;
    // The parameters live where the kernels work fastest (WebAssembly memory for wasm kernels).
    const clone = cloneNetwork(net, hp.dtype, allocatorOf(this.#kernels));
    this.#net = options.loss ? { ...clone, loss: options.loss } : clone;
    validateSpec(this.#net);
    this.#W = weightViews(this.#net);
    checkData(this.#net, train, 'training data:');
    if (train.X.rows === 0) throw new Error('training data: there are no rows to train on');
    this.#train = { X: toDtype(train.X, this.#net), Y: toDtype(train.Y, this.#net) };
    if (options.validation) checkData(this.#net, options.validation, 'validation data:');
    this.#validation =
      options.validation && options.validation.X.rows > 0
        ? {
            X: toDtype(options.validation.X, this.#net),
            Y: toDtype(options.validation.Y, this.#net),
          }
        : null;
    this.#clock = options.clock ?? Date.now;
    this.#onEpoch = options.onEpoch;
    this.#count = options.formatCount ?? String;
    this.#random = options.random ?? new Random(hp.seed);
    this.#optimizer = createOptimizer(
      parameterArrays(this.#net),
      hp,
      this.#net.dtype,
      this.#kernels,
    );
    if (options.optimizerState) this.#optimizer.importState(options.optimizerState);
    this.#evaluator = new CostEvaluator(this.#net, this.#kernels);
    const n = train.X.rows;
    this.#batchSize = hp.batchSize === 0 ? n : Math.min(hp.batchSize, n);
    this.#chunkRows = options.chunkRows ?? batchChunkRows(this.#net);
    if (!(Number.isInteger(this.#chunkRows) && this.#chunkRows >= 1)) {
      throw new Error(`chunkRows: ${this.#chunkRows} is not a whole number ≥ 1`);
    }
    this.#order = new Uint32Array(n);
    this.#epochRandom = this.#random.state;
    if (options.position) this.#resume(options.position);
    this.#lowest = cloneNetwork(this.#net);
    this.#best = this.#validation ? cloneNetwork(this.#net) : null;
    // Preallocate both batch sizes of an epoch: the full one and a short last one, if any (or
    // their chunks' sizes, those of a batch trained in chunks).
    for (const rows of new Set([this.#batchSize, n % this.#batchSize])) {
      if (rows === 0) continue;
      if (rows <= this.#chunkRows) this.#workspace(rows);
      else for (const r of [this.#chunkRows, rows % this.#chunkRows]) if (r > 0) this.#workspace(r);
    }

    // The losses of the initial parameters (not counted as training time).
    const [trainLoss, validationLoss] = this.#losses();
    this.#initial = { epoch: this.#epoch, trainLoss, validationLoss, maxChange: 0, elapsedMs: 0 };
    this.#lowestLoss = Number.isFinite(trainLoss) ? trainLoss : Infinity;
    this.#lowestEpoch = this.#epoch;
    // The loss it started from, or that of predicting the targets' means if that is higher
    const { loss, activations } = this.#net;
    const baseline = constantCost(loss, activations.at(-1)!, this.#train.Y);
    this.#explodedAbove = EXPLODED * Math.max(this.#lowestLoss, baseline);
    this.#explodedOver =
      baseline > this.#lowestLoss ? "that of predicting the targets' means" : 'its initial loss';
    if (validationLoss !== null && Number.isFinite(validationLoss)) this.#bestLoss = validationLoss;
    if (options.best && this.#best) this.#resumeBest(options.best, this.#best);
  }

  /** Takes over an earlier run's best epoch, loss and parameters (options.best) into `best`. */
  #resumeBest({ epoch, loss, W, theta }: BestSoFar, best: Network): void {
    if (!Number.isInteger(epoch) || epoch < 0 || epoch > this.#epoch) {
      throw new Error(`best: epoch ${epoch} is not a whole number from 0 to ${this.#epoch}`);
    }
    if (!Number.isFinite(loss)) throw new Error(`best: loss ${loss} is not a finite number`);
    for (const [name, arrays, into] of [
      ['W', W, best.W],
      ['theta', theta, best.theta],
    ] as const) {
      if (arrays.length !== into.length) {
        throw new Error(`best: ${name} has ${arrays.length} layers, the network ${into.length}`);
      }
      arrays.forEach((a, l) => {
        if (a.length !== into[l].length) {
          throw new Error(
            `best: ${name}[${l}] has ${a.length} values, the network ${into[l].length}`,
          );
        }
      });
    }
    W.forEach((w, l) => best.W[l].set(w));
    theta.forEach((t, l) => best.theta[l].set(t));
    this.#bestEpoch = epoch;
    this.#bestLoss = loss;
  }

  /**
   * Goes on from an earlier run's position: the same order of rows, from the same row on, the
   * epochs counted on from its own (patience from the resumed epoch unless options.best gives
   * the earlier run's best).
   */
  #resume({ epoch = 0, row, random, maxChange }: EpochPosition): void {
    const n = this.#order.length;
    if (!Number.isInteger(epoch) || epoch < 0) {
      throw new Error(`position: epoch ${epoch} is not a whole number ≥ 0`);
    }
    this.#epoch = epoch;
    this.#bestEpoch = epoch;
    if (!Number.isInteger(row) || row < 0 || row >= n) {
      throw new Error(`position: row ${row} is not a row of the ${n} training rows`);
    }
    if (!(maxChange >= 0 && maxChange < Infinity)) {
      throw new Error(`position: maxChange ${maxChange} is not a finite number ≥ 0`);
    }
    try {
      this.#random.restore(random);
    } catch (e) {
      throw new Error(`position: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (row === 0) return;
    this.#epochRandom = this.#random.state;
    this.#drawOrder();
    this.#position = row;
    this.#epochMaxChange = maxChange;
  }

  /** The epoch's order of rows: file order, shuffled with the generator when asked. */
  #drawOrder(): void {
    const order = this.#order;
    for (let i = 0; i < order.length; i++) order[i] = i;
    // Shuffling a full batch would change only the order of a sum: skip it.
    if (this.hyperparameters.shuffle && this.#batchSize < order.length) this.#random.shuffle(order);
  }

  /** How far the run is through its epoch, for a Trainer that goes on with it (`position`). */
  get position(): EpochPosition {
    const start = this.#position === 0;
    return {
      epoch: this.#epoch,
      row: this.#position,
      random: start ? this.#random.state : [...this.#epochRandom],
      maxChange: start ? 0 : this.#epochMaxChange,
    };
  }

  /** Epochs completed. */
  get epoch(): number {
    return this.#epoch;
  }
  get stopReason(): StopReason | null {
    return this.#stopReason;
  }
  /** Why training stopped, in words ('' while it runs). */
  get stopDetail(): string {
    return this.#stopDetail;
  }
  /** One report per completed epoch. */
  get history(): readonly EpochProgress[] {
    return this.#history;
  }
  /** Losses of the initial parameters (epoch 0). */
  get initial(): EpochProgress {
    return this.#initial;
  }
  /** A copy of the optimizer's state (momentum's v, Adam's m, v and t), to resume from later. */
  get optimizerState(): OptimizerState {
    return this.#optimizer.exportState();
  }
  /** The kernels it trains with (also the fastest for evaluating its network). */
  get kernels(): Kernels {
    return this.#kernels;
  }
  /** The current parameters (the best ones after early stopping). Trained in place: clone to keep. */
  get network(): Network {
    return this.#net;
  }
  /** The epoch whose parameters have had the lowest training loss (0: the initial ones). */
  get lowestEpoch(): number {
    return this.#lowestEpoch;
  }
  /** The parameters with the lowest validation loss so far (null without validation data). */
  get bestNetwork(): Network | null {
    return this.#best;
  }
  /** The epoch of bestNetwork (0 = the initial parameters). */
  get bestEpoch(): number {
    return this.#bestEpoch;
  }
  /** A copy of early stopping's memory, to resume from later (null without validation data). */
  get bestSoFar(): BestSoFar | null {
    const best = this.#best;
    // No finite validation loss yet: nothing to remember.
    if (!best || !Number.isFinite(this.#bestLoss)) return null;
    return {
      epoch: this.#bestEpoch,
      loss: this.#bestLoss,
      W: best.W.map((w) => w.slice()),
      theta: best.theta.map((t) => t.slice()),
    };
  }
  get elapsedMs(): number {
    return this.#elapsedMs;
  }
  /** Training samples processed so far (for a samples-per-second rate). */
  get samplesSeen(): number {
    return this.#samplesSeen;
  }
  /** Samples per batch (the whole training set for full batch). */
  get batchSize(): number {
    return this.#batchSize;
  }
  /**
   * The batches of the current epoch already trained into the parameters (null at an epoch's
   * boundary): what a run stopped now includes beyond its last whole epoch.
   */
  get partialEpoch(): PartialEpoch | null {
    return partialEpochAt(this.#position, this.#order.length, this.#batchSize);
  }
  /** Batches an epoch has (1 for the full batch). */
  get batchesPerEpoch(): number {
    return Math.ceil(this.#order.length / this.#batchSize);
  }
  /**
   * The batch that step(over) left between two chunks: its rows trained so far, of its rows (null
   * when there is none). Not yet in the parameters, nor in partialEpoch.
   */
  get batchUnderway(): { done: number; of: number } | null {
    if (!this.#underway) return null;
    const of = Math.min(this.#batchSize, this.#order.length - this.#position);
    return { done: this.#underway.done, of };
  }

  #workspace(rows: number): Workspace {
    let ws = this.#workspaces.get(rows);
    if (!ws) {
      ws = createWorkspace(this.#net, rows, this.#kernels, this.#optimizer, this.#W);
      this.#workspaces.set(rows, ws);
    }
    return ws;
  }

  #losses(): [number, number | null] {
    const trainLoss = this.#evaluator.cost(this.#train.X, this.#train.Y);
    const validationLoss = this.#validation
      ? this.#evaluator.cost(this.#validation.X, this.#validation.Y)
      : null;
    return [trainLoss, validationLoss];
  }

  #stop(reason: StopReason, detail: string): void {
    this.#stopReason = reason;
    this.#stopDetail = detail;
  }

  /**
   * Keeps the parameters of the epoch with the lowest training loss (those after the last whole
   * epoch when the loss fell until it diverged). `epoch`: the one it diverged in.
   */
  #diverge(what: string, epoch = this.#epoch + 1): void {
    copyParameters(this.#lowest, this.#net);
    const count = this.#count;
    const lowest = this.#lowestEpoch;
    const which =
      lowest === 0 ? 'the initial parameters' : `the parameters after epoch ${count(lowest)}`;
    // Said when they are not simply the last whole epoch's
    const why =
      lowest < this.#epoch ? ` (training loss ${formatValue(this.#lowestLoss)}, the lowest)` : '';
    this.#stop(
      'diverged',
      `Training diverged: ${what} in epoch ${count(epoch)}; ${which}${why} are kept. Try a smaller learning rate.`,
    );
  }

  /**
   * Whether the training loss has been exploding for EXPLODED_EPOCHS epochs in a row: each above
   * EXPLODED times the loss it started from (or that of predicting the targets' means, if higher).
   * A run that learns never comes near that; one whose steps are too large grows geometrically
   * (×9 an epoch on the diabetes at learning rate 1) and is stopped long before it overflows.
   */
  #exploded(trainLoss: number): boolean {
    this.#exploding = trainLoss > this.#explodedAbove ? this.#exploding + 1 : 0;
    return this.#exploding >= EXPLODED_EPOCHS;
  }

  /**
   * Runs one batch. Returns true when it completed an epoch. With `over` (whether the caller's time
   * is up), a batch trained in chunks (a full batch of a large data set can take minutes) may end
   * the call between two chunks while `over()`, unfinished: the next call goes on with it, and
   * until its last chunk it changes nothing, so stopping or pausing meanwhile loses nothing.
   */
  step(over?: () => boolean): boolean {
    if (this.#stopReason)
      throw new Error(`Training has stopped (${this.#stopReason}); start a new Trainer`);
    const t0 = this.#clock();
    const completed = this.#step(over);
    this.#elapsedMs += this.#clock() - t0;
    if (completed) this.#finishEpoch();
    return completed;
  }

  #step(over?: () => boolean): boolean {
    const n = this.#train.X.rows;
    if (this.#position === 0 && !this.#underway) {
      this.#epochMaxChange = 0;
      this.#epochRandom = this.#random.state;
      this.#drawOrder();
    }
    const rows = Math.min(this.#batchSize, n - this.#position);
    const trained =
      rows > this.#chunkRows ? this.#trainInChunks(rows, over) : this.#trainAtOnce(rows);
    if (!trained) return false;
    const { change, cost } = trained;
    if (!Number.isFinite(cost)) {
      this.#diverge(`a batch's loss became ${cost}`);
      return false;
    }
    if (!Number.isFinite(change)) {
      this.#diverge(`a parameter update became ${change}`);
      return false;
    }
    this.#epochMaxChange = Math.max(this.#epochMaxChange, change);
    this.#position += rows;
    this.#samplesSeen += rows;
    if (this.#position < n) return false;
    this.#position = 0;
    return true;
  }

  /** The batch of `rows` rows from #position on, in one pass: its largest change and mean cost. */
  #trainAtOnce(rows: number): { change: number; cost: number } {
    const { X, Y } = this.#train;
    const ws = this.#workspace(rows);
    let Xb = X;
    let Yb = Y;
    if (rows < X.rows) {
      gatherRows(X, this.#order, this.#position, ws.X);
      gatherRows(Y, this.#order, this.#position, ws.Y);
      Xb = ws.X;
      Yb = ws.Y;
    }
    const { l2 } = this.hyperparameters;
    const change = trainBatch(this.#net, Xb, Yb, ws, this.#optimizer, l2, this.#kernels, this.#W);
    return { change, cost: ws.grads.cost };
  }

  /**
   * The batch of `rows` rows from #position on, chunk by chunk (it is larger than #chunkRows):
   * each chunk's forward pass and backprop adds its share to the batch's gradients, then the
   * optimizer takes the step. The same step as #trainAtOnce but for the order of the sums (and
   * plain gradient descent's step, taken after the product instead of inside it). Null when it
   * left the batch after a chunk, `over()` being true, to go on with it at the next call.
   */
  #trainInChunks(rows: number, over?: () => boolean): { change: number; cost: number } | null {
    const net = this.#net;
    const { X, Y } = this.#train;
    const kernels = this.#kernels;
    if (!this.#sums) {
      const alloc = allocatorOf(kernels);
      const dW = this.#W.map((w) => createMatrix(w.rows, w.cols, net.dtype, alloc));
      const dTheta = net.theta.map((t) => alloc(net.dtype, t.length));
      this.#sums = { sums: { dW, dTheta }, arrays: [...dW.map((m) => m.data), ...dTheta] };
    }
    const { sums, arrays } = this.#sums;
    const batch = this.#underway ?? { done: 0, costs: 0 };
    this.#underway = null;
    while (batch.done < rows) {
      const chunk = Math.min(this.#chunkRows, rows - batch.done);
      const ws = this.#workspace(chunk);
      gatherRows(X, this.#order, this.#position + batch.done, ws.X);
      gatherRows(Y, this.#order, this.#position + batch.done, ws.Y);
      forwardInto(net, ws.X, ws.cache, kernels, this.#W);
      const first = batch.done === 0;
      const W = this.#W;
      batch.costs += backpropChunkInto(
        net,
        ws.cache,
        ws.Y,
        ws.grads.delta,
        sums,
        rows,
        first,
        kernels,
        W,
      );
      batch.done += chunk;
      if (batch.done < rows && over?.()) {
        this.#underway = batch;
        return null;
      }
    }
    const cost = batch.costs / rows;
    if (!Number.isFinite(cost)) return { change: NaN, cost };
    addChunkL2(net, sums, this.hyperparameters.l2);
    return { change: this.#optimizer.step(arrays), cost };
  }

  #finishEpoch(): void {
    const t0 = this.#clock();
    const [trainLoss, validationLoss] = this.#losses();
    this.#elapsedMs += this.#clock() - t0;
    if (!Number.isFinite(trainLoss)) {
      this.#diverge(`the training loss became ${trainLoss}`);
      return;
    }
    this.#epoch++;
    const epoch = this.#epoch;
    const hp = this.hyperparameters;
    const count = this.#count;
    const epochs = (n: number) => `${count(n)} epoch${n === 1 ? '' : 's'}`;
    const progress: EpochProgress = {
      epoch,
      trainLoss,
      validationLoss,
      maxChange: this.#epochMaxChange,
      elapsedMs: this.#elapsedMs,
    };
    this.#history.push(progress);
    if (trainLoss < this.#lowestLoss) {
      copyParameters(this.#net, this.#lowest);
      this.#lowestLoss = trainLoss;
      this.#lowestEpoch = epoch;
    }
    if (this.#exploded(trainLoss)) {
      this.#diverge(
        `the training loss stayed above ${formatValue(this.#explodedAbove)} (${count(EXPLODED)} times ${this.#explodedOver}) for ${count(EXPLODED_EPOCHS)} epochs, up to ${formatValue(trainLoss)}`,
        epoch,
      );
      this.#onEpoch?.(progress);
      return;
    }

    if (this.#best && validationLoss !== null && validationLoss < this.#bestLoss) {
      copyParameters(this.#net, this.#best);
      this.#bestLoss = validationLoss;
      this.#bestEpoch = epoch;
    }
    if (hp.targetLoss !== null && trainLoss <= hp.targetLoss) {
      this.#stop(
        'target-loss',
        `The training loss ${formatValue(trainLoss)} reached the target ${hp.targetLoss} in epoch ${count(epoch)}.`,
      );
    } else if (hp.threshold > 0 && this.#epochMaxChange <= hp.threshold) {
      this.#stop(
        'threshold',
        `No weight or bias moved by more than ${hp.threshold} in epoch ${count(epoch)} (largest change ${formatValue(this.#epochMaxChange)}).`,
      );
    } else if (this.#best && hp.patience !== null && epoch - this.#bestEpoch >= hp.patience) {
      copyParameters(this.#best, this.#net);
      this.#stop(
        'early-stopping',
        `The validation loss did not improve for ${epochs(hp.patience)}; the parameters of epoch ${count(this.#bestEpoch)} (validation loss ${formatValue(this.#bestLoss)}) are restored.`,
      );
    } else if (epoch >= hp.maxEpochs) {
      this.#stop('max-epochs', `Reached the maximum of ${epochs(hp.maxEpochs)}.`);
    }
    this.#onEpoch?.(progress);
  }

  /** Runs the rest of the current epoch (or stops early); returns the latest epoch's report. */
  runEpoch(): EpochProgress {
    while (!this.#stopReason && !this.step());
    return this.#history[this.#history.length - 1] ?? this.#initial;
  }

  /**
   * Runs batches until a stop criterion fires (returns it) or `budgetMs` of the host's clock has
   * passed (returns null; call again to continue).
   */
  run(budgetMs?: number): StopReason | null {
    const start = this.#clock();
    const over = () => budgetMs !== undefined && this.#clock() - start >= budgetMs;
    while (!this.#stopReason) {
      this.step(over);
      if (over()) break;
    }
    return this.#stopReason;
  }

  /**
   * Stops between batches; the current parameters are kept, with the batches of an unfinished
   * epoch (stopDetail says how many).
   */
  cancel(): void {
    if (this.#stopReason) return;
    // A batch left between chunks never reached the parameters.
    this.#underway = null;
    this.#stop('cancelled', cancelledDetail(this.#epoch, this.partialEpoch, this.#count));
  }
}
