// `backprop train`: reads a CSV, encodes and splits it, trains a network with the engine and writes
// the model file (and, with --log, the loss per epoch).
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  checkCrossEntropyTargets,
  checkFloat32Range,
  encode,
  inputNames,
  rolesFromNames,
  schemaFromRoles,
  type DataSchema,
} from '../core/dataset';
import { HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS } from '../core/activation';
import { cost } from '../core/backprop';
import {
  DEFAULT_HYPERPARAMETERS,
  HYPERPARAMETER_FIELDS,
  validateField,
} from '../core/hyperparameters';
import { evaluate } from '../core/metrics';
import {
  createModel,
  dataSchemaOf,
  modelNetwork,
  modelNormalization,
  modelJsonPieces,
} from '../core/model-format';
import { createNetwork, MAX_UNITS } from '../core/network';
import { applyNormalization, fitNormalization, type Normalization } from '../core/normalization';
import { columnLabel, decimalNumber, type Table } from '../core/csv';
import { lossLogCsv } from '../core/loss-log';
import { Random } from '../core/random';
import { splitRows, takeRows } from '../core/split';
import { Trainer } from '../core/train';
import { createFastestKernels } from '../core/wasm/wasm-kernels';
import { startKernelThreads } from '../app/utility/kernel-threads';
import {
  DTYPES,
  INIT_SCHEMES,
  LOSS_NAMES,
  NORMALIZATION_NAMES,
  OPTIMIZER_NAMES,
  type ActivationName,
  type Hyperparameters,
  type Matrix,
  type Network,
  type SplitEvaluation,
} from '../core/types';
import { UsageError } from './errors';
import { checkOutputs, readDataFile, readModel, writeFilesAtomically } from './files';
import type { Io } from './io';
import { evaluationTable, jsonLine, num } from './report';
import { choiceOption, HELP, listOption, numberOption, parseOptions } from './usage';

/** The command line's own defaults, where the engine's are not what a small MLP wants here. */
export const CLI_DEFAULTS = {
  layers: [16],
  maxEpochs: 2000,
  test: 0.2,
  validation: 0,
  normalize: 'zscore',
} as const;

/** Flag of each hyperparameter, for messages. */
const FLAG: Partial<Record<keyof Hyperparameters, string>> = {
  learningRate: 'lr',
  momentum: 'momentum',
  l2: 'l2',
  batchSize: 'batch',
  maxEpochs: 'epochs',
  threshold: 'threshold',
  targetLoss: 'target-loss',
  patience: 'patience',
  seed: 'seed',
};

type TrainOptions = ReturnType<typeof parseOptions<'train'>>;

function hyperparametersFrom(
  o: TrainOptions,
  dtypeDefault: Hyperparameters['dtype'],
): Hyperparameters {
  const hp: Hyperparameters = {
    ...DEFAULT_HYPERPARAMETERS,
    maxEpochs: CLI_DEFAULTS.maxEpochs,
    dtype: dtypeDefault,
  };
  const set = <K extends keyof Hyperparameters>(
    key: K,
    value: Hyperparameters[K] | undefined,
  ): void => {
    if (value !== undefined) hp[key] = value;
  };
  set('learningRate', numberOption('lr', o.lr));
  set('optimizer', choiceOption('optimizer', o.optimizer, OPTIMIZER_NAMES));
  set('momentum', numberOption('momentum', o.momentum));
  set('l2', numberOption('l2', o.l2));
  set('batchSize', batchOption(o.batch));
  set('shuffle', o.shuffle);
  set('maxEpochs', numberOption('epochs', o.epochs));
  set('threshold', numberOption('threshold', o.threshold));
  set('targetLoss', numberOption('target-loss', o['target-loss']));
  set('patience', numberOption('patience', o.patience));
  set('seed', numberOption('seed', o.seed));
  set('dtype', choiceOption('dtype', o.dtype, DTYPES));
  set('initScheme', choiceOption('init-scheme', o['init-scheme'], INIT_SCHEMES));
  for (const field of HYPERPARAMETER_FIELDS) {
    const problem = validateField(field, hp[field.key]);
    if (problem) {
      const flag = FLAG[field.key] ?? field.key;
      throw new UsageError(`--${flag}: ${problem.replace(new RegExp(`^${field.key} `), '')}`);
    }
  }
  return hp;
}

/** --batch: 'full' (0, the engine's full batch) or a whole number of rows ≥ 1. */
function batchOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (text.trim() === 'full') return 0;
  const rows = text.trim() === '' ? NaN : decimalNumber(text.trim());
  if (!Number.isInteger(rows) || rows < 1)
    throw new UsageError(`--batch: expected 'full' or a number of rows ≥ 1, got '${text}'`);
  return rows;
}

function fraction(name: string, text: string | undefined, fallback: number): number {
  const f = numberOption(name, text) ?? fallback;
  if (f < 0 || f >= 1)
    throw new UsageError(`--${name}: expected a fraction in [0, 1), got '${text}'`);
  return f;
}

function hiddenLayers(text: string | undefined): number[] {
  if (text === undefined) return [...CLI_DEFAULTS.layers];
  if (text.trim() === '' || text.trim() === 'none') return [];
  // Every entry counts: '4,,3' is a mistake, not 4,3.
  return text.split(',').map((s) => {
    const n = s.trim() === '' ? NaN : decimalNumber(s.trim());
    if (!Number.isInteger(n) || n < 1)
      throw new UsageError(`--layers: expected sizes like 16,8 (whole numbers ≥ 1), got '${text}'`);
    // A wider layer failed only after the data was read, for want of memory, naming no option.
    if (n > MAX_UNITS)
      throw new UsageError(
        `--layers: at most ${MAX_UNITS} units a layer (as in the app), got ${n}`,
      );
    return n;
  });
}

/** Column names from --target or --ignore: the whole text if a column is so named ("weight, kg"). */
function columnList(table: Table, text: string | undefined): string[] | undefined {
  if (text !== undefined && table.columns.some((c) => c.name === text.trim())) return [text.trim()];
  return listOption(text);
}

/** Flags that the model file given to --init decides. */
const SET_BY_INIT = {
  layers: 'the topology',
  activation: 'the activations',
  'output-activation': 'the activations',
  loss: 'the loss',
  normalize: 'the normalization',
  'init-scheme': 'the initial parameters',
  target: 'the target columns',
  ignore: 'the input columns',
  input: 'the input columns',
  classes: 'the target encoding',
} as const;

interface Prepared {
  network: Network;
  schema: DataSchema;
  normalization: Normalization;
  labels: string[] | null;
  sets: { train: [Matrix, Matrix]; validation: [Matrix, Matrix]; test: [Matrix, Matrix] };
  rows: number;
  dropped: number;
  fractions: { validation: number; test: number };
}

/**
 * The columns' roles as the app suggests them (core/dataset ignoreReason), with --target, --ignore
 * and --input over them; one line on stderr names the columns those defaults leave out.
 */
function schemaOf(table: Table, o: TrainOptions): DataSchema {
  const { roles, ignoredByDefault } = rolesFromNames(table, {
    target: columnList(table, o.target),
    ignore: columnList(table, o.ignore),
    input: columnList(table, o.input),
  });
  if (ignoredByDefault.length > 0) {
    const columns = ignoredByDefault.map(({ index, name, reason }) => {
      const column = name === `column ${index + 1}` ? name : columnLabel(index, name);
      return `${column} (${reason})`;
    });
    const them = ignoredByDefault.length === 1 ? 'it' : 'them';
    process.stderr.write(
      `backprop: ${table.fileName}: ignoring ${columns.join(', ')}; --input COL,... uses ${them}\n`,
    );
  }
  return schemaFromRoles(table, roles, { numericClasses: o.classes });
}

/** The values an output activation can give, where they are bounded. */
const OUTPUT_RANGE: Partial<Record<ActivationName, [number, number]>> = {
  sigmoid: [0, 1],
  softmax: [0, 1],
  tanh: [-1, 1],
  relu: [0, Infinity],
};

/**
 * One line on stderr when a numeric target runs beyond what the output activation can give: the
 * default sigmoid on a regression (the diabetes' progression, 25 to 346) saturates at once and
 * stops after 2 epochs with R² −4, with no other word of why.
 */
function noteOutputRange(table: Table, schema: DataSchema, Y: Matrix, output: ActivationName) {
  const range = OUTPUT_RANGE[output];
  if (!range || schema.target.kind !== 'numeric' || Y.rows === 0) return;
  const columns = schema.target.columns;
  for (let c = 0; c < Y.cols; c++) {
    let [min, max] = [Infinity, -Infinity];
    for (let r = 0; r < Y.rows; r++) {
      const y = Y.data[r * Y.cols + c];
      [min, max] = [Math.min(min, y), Math.max(max, y)];
    }
    if (min >= range[0] && max <= range[1]) continue;
    const j = table.columns.findIndex((col) => col.name === columns[c]);
    const gives = range[1] === Infinity ? `from ${range[0]} up` : `from ${range[0]} to ${range[1]}`;
    process.stderr.write(
      `backprop: ${table.fileName}: the target ${columnLabel(j, columns[c])} runs from ${min} to ${max}, but a ${output} output layer gives values ${gives} only; --output-activation identity fits any number\n`,
    );
    return;
  }
}

async function prepare(o: TrainOptions, hp: Hyperparameters, io: Io): Promise<Prepared> {
  const validation = fraction('validation', o.validation, CLI_DEFAULTS.validation);
  const test = fraction('test', o.test, CLI_DEFAULTS.test);
  if (validation + test >= 1)
    throw new UsageError(
      `--validation and --test together must be below 1, got ${validation} + ${test}`,
    );
  if (hp.patience !== null && validation === 0)
    throw new UsageError('--patience needs a validation set: add --validation F (e.g. 0.2)');
  const model = o.init ? await readModel(o.init) : null;
  const normalize =
    choiceOption('normalize', o.normalize, NORMALIZATION_NAMES) ?? CLI_DEFAULTS.normalize;
  const hidden = choiceOption('activation', o.activation, HIDDEN_ACTIVATIONS) ?? 'sigmoid';
  const output =
    choiceOption('output-activation', o['output-activation'], OUTPUT_ACTIVATIONS) ?? 'sigmoid';
  const loss = choiceOption('loss', o.loss, LOSS_NAMES) ?? 'mse';
  const layers = hiddenLayers(o.layers);

  // --out may replace the --init model (it was read, and the write is atomic); --log may not.
  await checkOutputs({ '--out': o.out, '--log': o.log }, { '--data': o.data });
  await checkOutputs({ '--log': o.log }, { '--init': o.init });
  const table = await readDataFile(o.data!, io.progress);
  const schema = model ? dataSchemaOf(model) : schemaOf(table, o);
  const data = encode(table, schema, { dropRows: o['drop-rows'] });
  const split = splitRows(data.X.rows, { validation, test, seed: hp.seed, classes: data.classes });
  const names = inputNames(table, schema, data);
  const normalization = model
    ? modelNormalization(model)
    : fitNormalization(normalize, data.X, split.train, names);
  const X = applyNormalization(normalization, data.X, names);
  const part = (rows: Uint32Array): [Matrix, Matrix] => [takeRows(X, rows), takeRows(data.Y, rows)];

  let network: Network;
  try {
    network = model
      ? modelNetwork(model)
      : createNetwork(
          {
            topology: [data.X.cols, ...layers, data.Y.cols],
            activations: [...layers.map(() => hidden), output],
            loss,
          },
          { dtype: hp.dtype, initScheme: hp.initScheme, random: new Random(hp.seed) },
        );
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if ((o.dtype ? hp.dtype : network.dtype) === 'float32') checkFloat32Range(table, schema, data, X);
  checkCrossEntropyTargets(table, schema, data, network.loss);
  noteOutputRange(table, schema, data.Y, network.activations.at(-1)!);
  return {
    network,
    schema,
    normalization,
    labels: schema.target.kind === 'classes' ? schema.target.labels : null,
    sets: { train: part(split.train), validation: part(split.validation), test: part(split.test) },
    rows: table.rows,
    dropped: data.dropped,
    fractions: { validation, test },
  };
}

export async function train(args: string[], io: Io): Promise<void> {
  const o = parseOptions('train', args);
  if (o.help) return io.out(HELP);
  if (!o.data) throw new UsageError('train needs --data FILE');
  if (!o.out) throw new UsageError('train needs --out MODEL.json (where to write the model)');
  if (o.init) {
    const clash = Object.keys(SET_BY_INIT).find((k) => o[k as keyof TrainOptions] !== undefined);
    if (clash)
      throw new UsageError(
        `--${clash} cannot be used with --init (the model file sets ${SET_BY_INIT[clash as keyof typeof SET_BY_INIT]})`,
      );
  }
  // With --init the model's dtype is the default; it is known only once the model is read.
  const hp0 = hyperparametersFrom(o, 'float64');
  const p = await prepare(o, hp0, io);
  const hp = o.dtype ? hp0 : { ...hp0, dtype: p.network.dtype };
  const [Xtrain, Ytrain] = p.sets.train;
  const [Xval, Yval] = p.sets.validation;
  const [Xtest, Ytest] = p.sets.test;

  // WebAssembly SIMD where Node runs it (it does from Node 20 on), else the plain kernels; large
  // products shared with kernel threads, which run this same script (see backprop.ts).
  const kernels = createFastestKernels();
  const threads = startKernelThreads(kernels, process.argv[1]);
  const initialTest = Xtest.rows > 0 ? cost(p.network, Xtest, Ytest, kernels) : null;
  const started = Date.now();
  const trainer = new Trainer(p.network, { X: Xtrain, Y: Ytrain }, hp, {
    validation: Xval.rows > 0 ? { X: Xval, Y: Yval } : undefined,
    kernels,
    onEpoch: (e) => {
      const seconds = (Date.now() - started) / 1000;
      const rate = seconds > 0 ? `${Math.round(e.epoch / seconds)} epochs/s` : '';
      const val = e.validationLoss === null ? '' : `  validation ${num(e.validationLoss)}`;
      io.progress.update(
        `epoch ${e.epoch}/${hp.maxEpochs}  loss ${num(e.trainLoss)}${val}  ${rate}`,
      );
    },
  });
  const cancel = (): void => trainer.cancel();
  process.once('SIGINT', cancel);
  try {
    while (trainer.run(100) === null) await nextTurn();
  } finally {
    process.off('SIGINT', cancel);
    io.progress.clear();
    await threads?.close();
  }
  const elapsedSeconds = (Date.now() - started) / 1000;

  const net = trainer.network;
  // A regression's metrics are each target column's, named by it.
  const columns = p.schema.target.kind === 'numeric' ? p.schema.target.columns : undefined;
  const results = {
    train: evaluate(net, Xtrain, Ytrain, p.labels, kernels, columns),
    validation: Xval.rows > 0 ? evaluate(net, Xval, Yval, p.labels, kernels, columns) : null,
    test: Xtest.rows > 0 ? evaluate(net, Xtest, Ytest, p.labels, kernels, columns) : null,
  };
  const model = createModel({
    network: net,
    schema: p.schema,
    normalization: p.normalization,
    hyperparameters: hp,
    training: {
      validationFraction: p.fractions.validation,
      testFraction: p.fractions.test,
      epochs: trainer.epoch,
      stopReason: trainer.stopReason,
      stopDetail: trainer.stopDetail,
      finalLoss: {
        train: results.train.loss,
        validation: results.validation?.loss ?? null,
        test: results.test?.loss ?? null,
      },
    },
  });
  const files: { path: string; text: string | Iterable<string> }[] = [
    { path: o.out, text: modelJsonPieces(model) },
  ];
  if (o.log) {
    files.push({ path: o.log, text: lossLogCsv(trainer.history) });
  }
  await writeFilesAtomically(files);

  const initial = trainer.initial;
  if (o.json) {
    const loss = (e: SplitEvaluation | null): number | null => e?.loss ?? null;
    io.out(
      jsonLine({
        epochs: trainer.epoch,
        stopReason: trainer.stopReason,
        stopDetail: trainer.stopDetail,
        initialLoss: {
          train: initial.trainLoss,
          validation: initial.validationLoss,
          test: initialTest,
        },
        finalLoss: {
          train: loss(results.train),
          validation: loss(results.validation),
          test: loss(results.test),
        },
        metrics: {
          train: results.train.metrics,
          validation: results.validation?.metrics ?? null,
          test: results.test?.metrics ?? null,
        },
        elapsedSeconds,
        rows: {
          total: p.rows,
          dropped: p.dropped,
          train: Xtrain.rows,
          validation: Xval.rows,
          test: Xtest.rows,
        },
        model: o.out,
        log: o.log ?? null,
      }),
    );
    return;
  }
  const target = p.schema.target;
  const what =
    target.kind === 'classes'
      ? `${target.column} (${target.labels.length} classes: ${target.labels.join(', ')})`
      : target.columns.join(', ');
  const lines = [
    `${o.data}: ${p.rows} rows${p.dropped ? ` (${p.dropped} dropped for empty or non-numeric cells)` : ''}; ${Xtrain.cols} inputs → ${what}`,
    `split: ${Xtrain.rows} train, ${Xval.rows} validation, ${Xtest.rows} test (seed ${hp.seed})`,
    `network ${net.topology.join('-')} (${net.activations.join(', ')}), ${net.loss}, ${hp.optimizer} lr ${hp.learningRate}, ${hp.batchSize === 0 ? 'full batch' : `batches of ${hp.batchSize}`}, ${hp.dtype}`,
    `stopped after ${trainer.epoch} epoch${trainer.epoch === 1 ? '' : 's'} (${trainer.stopReason}) in ${elapsedSeconds.toFixed(1)} s: ${trainer.stopDetail}`,
    ...evaluationTable([
      ['train', results.train],
      ['validation', results.validation],
      ['test', results.test],
    ]),
    `wrote ${o.out}${o.log ? ` and ${o.log}` : ''}`,
  ];
  io.out(lines.join('\n'));
}
