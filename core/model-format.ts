// The model file: one JSON document that holds a trained network and everything needed to use it
// on a raw CSV row (the input columns and their encoding, the normalization, the target columns or
// class labels), plus how it was trained. Validated on load with a zod schema; every error names
// the field (`weights[1][2]: expected 3 numbers, got 2`). Numbers are written in their shortest
// round-trip form (and -0 as -0), so loading a model and saving it again changes no bit.
import { dsvFormat } from 'd3-dsv';
import { z } from 'zod';
import { DataError } from './data-error';
import { jsonPieces, numberText } from './json-pieces';
import { JsonSyntaxError, parseJsonChunks, parseJsonText } from './json-stream';
import { featureNames, outputNames, type DataSchema } from './dataset';
import { inputEncodingSchema, targetEncodingSchema } from './encoding-schema';
import { networkFromArrays, networkToArrays, validateSpec } from './network';
import { normalizationProblem, type Normalization } from './normalization';
import {
  ACTIVATION_NAMES,
  DTYPES,
  INIT_SCHEMES,
  LOSS_NAMES,
  NORMALIZATION_NAMES,
  OPTIMIZER_NAMES,
  STOP_REASONS,
  type Hyperparameters,
  type Network,
} from './types';

export const MODEL_FORMAT = 'backprop-studio.model';
export const MODEL_VERSION = 1;

const number = z.number();
const activation = z.enum(ACTIVATION_NAMES);
const stopReason = z.enum(STOP_REASONS);

const hyperparameters = z.strictObject({
  learningRate: number.positive(),
  optimizer: z.enum(OPTIMIZER_NAMES),
  momentum: number.min(0).max(1),
  l2: number.min(0),
  batchSize: z.int().min(0),
  shuffle: z.boolean(),
  maxEpochs: z.int().min(0),
  threshold: number.min(0),
  targetLoss: number.nullable(),
  patience: z.int().min(1).nullable(),
  seed: z.int(),
  dtype: z.enum(DTYPES),
  initScheme: z.enum(INIT_SCHEMES),
});

const loss = number.nullable();

/** The document, as zod checks its types; shapes are checked against each other afterwards. */
export const modelSchema = z.strictObject({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_VERSION),
  dtype: z.enum(DTYPES),
  topology: z.array(z.int().min(1)).min(2),
  activations: z.array(activation),
  loss: z.enum(LOSS_NAMES),
  weights: z.array(z.array(z.array(number))),
  biases: z.array(z.array(number)),
  inputs: z.strictObject({
    columns: z.array(inputEncodingSchema).min(1),
    normalization: z.strictObject({
      method: z.enum(NORMALIZATION_NAMES),
      offset: z.array(number),
      scale: z.array(number),
    }),
  }),
  target: targetEncodingSchema,
  hyperparameters: hyperparameters.nullable(),
  training: z
    .strictObject({
      validationFraction: number.min(0).max(1),
      testFraction: number.min(0).max(1),
      epochs: z.int().min(0),
      stopReason: stopReason.nullable(),
      stopDetail: z.string(),
      finalLoss: z.strictObject({ train: loss, validation: loss, test: loss }),
    })
    .nullable(),
});

export type ModelFile = z.infer<typeof modelSchema>;
export type TrainingRecord = NonNullable<ModelFile['training']>;

/** `weights[1][2]`, `inputs.columns[0].kind`: a zod path as a reader would write it. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) =>
      typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`,
    )
    .join('');
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  // JSON.parse reads 1e400 as Infinity, which JSON.stringify would spell null.
  if (typeof value === 'number' && !Number.isFinite(value)) return `${value} (beyond a float64)`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** One zod issue in words. */
function issueMessage(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'missing';
      return `expected ${issue.expected === 'int' ? 'a whole number' : issue.expected}, got ${describe(input)}`;
    case 'invalid_value':
      if (input === undefined) return 'missing';
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describe(input)}`;
    case 'invalid_union': {
      // A discriminated union whose discriminator ("kind") has no known value.
      const { options = [], discriminator = '' } = issue as {
        options?: unknown[];
        discriminator?: string;
      };
      const got = (input as Record<string, unknown> | undefined)?.[discriminator];
      if (got === undefined) return 'missing';
      return `expected ${options.map((v) => JSON.stringify(v)).join(' or ')}, got ${describe(got)}`;
    }
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `expected at least ${issue.minimum} entries, got ${describe(input)}`
        : `must be ${issue.inclusive ? '≥' : '>'} ${issue.minimum}, got ${describe(input)}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `expected at most ${issue.maximum} entries, got ${describe(input)}`
        : `must be ${issue.inclusive ? '≤' : '<'} ${issue.maximum}, got ${describe(input)}`;
    default:
      return issue.message;
  }
}

/**
 * `[field, problem]` for the first entry of `list` equal to an earlier one, or null; `at(k)` is
 * entry k's field (`target.labels[3]`).
 */
function repeated(list: string[], at: string | ((k: number) => string)): [string, string] | null {
  const field = typeof at === 'string' ? (k: number) => `${at}[${k}]` : at;
  const first = new Map<string, number>();
  for (const [k, v] of list.entries()) {
    const i = first.get(v);
    if (i !== undefined) return [field(k), `${JSON.stringify(v)} is already ${field(i)}`];
    first.set(v, k);
  }
  return null;
}

/**
 * An input column, a category of one, or a class label named twice, as [field, problem]
 * (`inputs.columns[2].column`), or null: each is found by its name, so two with one name cannot
 * both be meant. The model file's check, and a project's for its encoding.
 */
export function repeatedName(
  encoding: Pick<ModelFile, 'inputs' | 'target'>,
): [string, string] | null {
  const { columns } = encoding.inputs;
  const column = repeated(
    columns.map((c) => c.column),
    (k) => `inputs.columns[${k}].column`,
  );
  if (column) return column;
  for (const [k, c] of columns.entries()) {
    const twice = c.kind === 'one-hot' && repeated(c.categories, `inputs.columns[${k}].categories`);
    if (twice) return twice;
  }
  const { target } = encoding;
  return (target.kind === 'classes' && repeated(target.labels, 'target.labels')) || null;
}

/** Shape checks between fields; returns [field, problem] or null. */
function checkShapes(m: ModelFile): [string, string] | null {
  const { topology } = m;
  const L = topology.length;
  if (m.activations.length !== L - 1) {
    return [
      'activations',
      `expected ${L - 1} (one per layer after the input), got ${m.activations.length}`,
    ];
  }
  if (m.weights.length !== L - 1) {
    return [
      'weights',
      `expected ${L - 1} matrices (one per layer after the input), got ${m.weights.length}`,
    ];
  }
  if (m.biases.length !== L - 1) {
    return [
      'biases',
      `expected ${L - 1} vectors (one per layer after the input), got ${m.biases.length}`,
    ];
  }
  for (let l = 0; l < L - 1; l++) {
    const [rows, cols] = [topology[l], topology[l + 1]];
    if (m.weights[l].length !== rows) {
      return [
        `weights[${l}]`,
        `expected ${rows} rows (topology[${l}]), got ${m.weights[l].length}`,
      ];
    }
    for (let i = 0; i < rows; i++) {
      if (m.weights[l][i].length !== cols) {
        return [`weights[${l}][${i}]`, `expected ${cols} numbers, got ${m.weights[l][i].length}`];
      }
    }
    if (m.biases[l].length !== cols) {
      return [
        `biases[${l}]`,
        `expected ${cols} numbers (topology[${l + 1}]), got ${m.biases[l].length}`,
      ];
    }
  }
  const twice = repeatedName(m);
  if (twice) return twice;
  const schema = dataSchemaOf(m);
  const features = featureNames(schema).length;
  if (features !== topology[0]) {
    return [
      'topology[0]',
      `the input columns give ${features} features, but the topology has ${topology[0]} inputs`,
    ];
  }
  const normalization = normalizationProblem(m.inputs.normalization, features);
  if (normalization) return [`inputs.normalization.${normalization[0]}`, normalization[1]];
  const outputs = outputNames(schema).length;
  if (outputs !== topology[L - 1]) {
    const what = m.target.kind === 'classes' ? 'class labels' : 'target columns';
    return [
      m.target.kind === 'classes' ? 'target.labels' : 'target.columns',
      `${outputs} ${what} for ${topology[L - 1]} output units (topology[${L - 1}])`,
    ];
  }
  return null;
}

/**
 * Checks a parsed JSON value and returns it as a model; throws a DataError
 * `<file>: <field>: <problem>` for the first problem found.
 */
export function validateModel(value: unknown, fileName: string): ModelFile {
  const fail = (field: string, problem: string): never => {
    throw new DataError(`${fileName}: ${field ? `${field}: ` : ''}${problem}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('', `expected a JSON object (a Backprop Studio model), got ${describe(value)}`);
  }
  const record = value as Record<string, unknown>;
  if (record.format !== MODEL_FORMAT) {
    fail(
      'format',
      `expected "${MODEL_FORMAT}", got ${describe(record.format)}: this is not a Backprop Studio model file`,
    );
  }
  if (typeof record.version === 'number' && record.version > MODEL_VERSION) {
    fail(
      'version',
      `this file is version ${record.version}; this program reads version ${MODEL_VERSION}`,
    );
  }
  const parsed = modelSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(fieldPath(issue.path), issueMessage(issue));
  }
  const model = parsed.data!;
  const [field, problem] = checkShapes(model) ?? ['', ''];
  if (field) fail(field, problem);
  try {
    validateSpec(model);
  } catch (e) {
    fail('', (e as Error).message);
  }
  return model;
}

/** Parses and validates a model file's text. */
export function parseModel(text: string, fileName: string): ModelFile {
  let value: unknown;
  try {
    // Its errors name the line and column, as a large file's streamed parse does (json-stream).
    value = parseJsonText(text);
  } catch (e) {
    throw notJson(e, fileName);
  }
  return validateModel(value, fileName);
}

/**
 * parseModel for a file's bytes as they are read (a model too large for one string); errors of
 * reading (the iterable's) pass through as they are.
 */
export async function parseModelChunks(
  chunks: AsyncIterable<Uint8Array>,
  fileName: string,
): Promise<ModelFile> {
  let value: unknown;
  try {
    value = await parseJsonChunks(chunks);
  } catch (e) {
    throw notJson(e, fileName);
  }
  return validateModel(value, fileName);
}

/** A JsonSyntaxError as the DataError naming the file; any other error as it is. */
function notJson(e: unknown, fileName: string): unknown {
  if (!(e instanceof JsonSyntaxError)) return e;
  return new DataError(`${fileName}: not valid JSON (${e.message})`);
}

/**
 * The model's JSON text (stringifyModel's) in pieces of at most a weight row each, to write a
 * model too large for one string (V8's limit is 2²⁹ − 24 characters, ~540 MB: three layers of
 * 4096 units make ~1 GB) piece by piece.
 */
export function* modelJsonPieces(model: ModelFile): Generator<string> {
  yield* jsonPieces(model);
  yield '\n';
}

/**
 * The model as JSON text: two-space indentation, one weight row per line. Non-finite numbers
 * cannot be written (JSON has none): a loss that is not finite is stored as null.
 */
export function stringifyModel(model: ModelFile): string {
  return Array.from(modelJsonPieces(model)).join('');
}

export interface ModelParts {
  network: Network;
  schema: DataSchema;
  normalization: Normalization;
  hyperparameters: Hyperparameters | null;
  training: TrainingRecord | null;
}

/** The model file's inputs and target (copies): which columns make x, how, and what y is. */
export function modelEncoding(
  schema: DataSchema,
  normalization: Normalization,
): Pick<ModelFile, 'inputs' | 'target'> {
  return {
    inputs: {
      columns: schema.inputs.map((e) => ({ ...e })),
      normalization: {
        method: normalization.method,
        offset: [...normalization.offset],
        scale: [...normalization.scale],
      },
    },
    target: { ...schema.target },
  };
}

/** Assembles a model from a network, its data schema and normalization and how it was trained. */
export function createModel(parts: ModelParts): ModelFile {
  const { network, schema, normalization } = parts;
  const { weights, biases } = networkToArrays(network);
  const finite = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);
  const training = parts.training && {
    ...parts.training,
    finalLoss: {
      train: finite(parts.training.finalLoss.train),
      validation: finite(parts.training.finalLoss.validation),
      test: finite(parts.training.finalLoss.test),
    },
  };
  const model: ModelFile = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    dtype: network.dtype,
    topology: [...network.topology],
    activations: [...network.activations],
    loss: network.loss,
    weights,
    biases,
    ...modelEncoding(schema, normalization),
    hyperparameters: parts.hyperparameters && { ...parts.hyperparameters },
    training,
  };
  return validateModel(model, 'model');
}

/** The network the model describes, in its dtype. */
export function modelNetwork(model: ModelFile): Network {
  return networkFromArrays(model, model.weights, model.biases, model.dtype);
}

/** The model's input and target encoding, to encode a new table the same way. */
export function dataSchemaOf(model: Pick<ModelFile, 'inputs' | 'target'>): DataSchema {
  return { inputs: model.inputs.columns, target: model.target };
}

export function modelNormalization(model: ModelFile): Normalization {
  return { ...model.inputs.normalization };
}

const csvFormat = dsvFormat(',');

/**
 * W⁽ˡ⁾ as CSV, in the app's notation: layer 1 is the input (a⁽¹⁾ = x), so l = 2 … L and W⁽ˡ⁾ joins
 * layer l−1 to layer l (model.weights[l − 2]): one row per neuron i of layer l−1 (input features by
 * name), one column per neuron j of layer l (output units by class or column name).
 */
export function weightsCsv(model: ModelFile, l: number): string {
  const W = model.weights[l - 2];
  if (!W) throw new Error(`weightsCsv: layer ${l} is not in 2..${model.weights.length + 1}`);
  const from = unitNames(model, l - 1);
  const to = unitNames(model, l);
  return (
    csvFormat.formatRows([
      ['from \\ to', ...to],
      ...W.map((r, i) => [from[i], ...r.map(numberText)]),
    ]) + '\n'
  );
}

/** θ⁽ˡ⁾ (l = 2 … L) as CSV: one row per neuron j of layer l. */
export function biasesCsv(model: ModelFile, l: number): string {
  const theta = model.biases[l - 2];
  if (!theta) throw new Error(`biasesCsv: layer ${l} is not in 2..${model.biases.length + 1}`);
  const names = unitNames(model, l);
  return (
    csvFormat.formatRows([['neuron', 'theta'], ...theta.map((t, j) => [names[j], numberText(t)])]) +
    '\n'
  );
}

/** Every layer's W⁽ˡ⁾ and θ⁽ˡ⁾ (l = 2 … L) as files W2.csv, theta2.csv, W3.csv, …. */
export function layerCsvFiles(model: ModelFile): { name: string; text: string }[] {
  return model.weights.flatMap((_, k) => [
    { name: `W${k + 2}.csv`, text: weightsCsv(model, k + 2) },
    { name: `theta${k + 2}.csv`, text: biasesCsv(model, k + 2) },
  ]);
}

/**
 * Names of the units of layer l (1 … L, the input is 1): features for the input, outputs for the
 * last, 1-based numbers between.
 */
function unitNames(model: ModelFile, l: number): string[] {
  const schema = dataSchemaOf(model);
  if (l === 1) return featureNames(schema);
  if (l === model.topology.length) return outputNames(schema);
  return Array.from({ length: model.topology[l - 1] }, (_, j) => String(j + 1));
}
