// Every hyperparameter in one table: name, label, type, default, allowed values, help. Defaults,
// validation, the app's settings panel and the model file all derive from it.
import { DTYPES, INIT_SCHEMES, OPTIMIZER_NAMES, type Hyperparameters } from './types';

interface FieldBase<K extends keyof Hyperparameters> {
  key: K;
  label: string;
  help: string;
  default: Hyperparameters[K];
}

export interface NumberField<
  K extends keyof Hyperparameters = keyof Hyperparameters,
> extends FieldBase<K> {
  type: 'number' | 'integer';
  min: number;
  max: number;
  /** The minimum itself is not allowed (e.g. a learning rate must be > 0). */
  minExclusive?: boolean;
  maxExclusive?: boolean;
  /** null is allowed and means "off". */
  nullable?: boolean;
}

export interface ChoiceField<
  K extends keyof Hyperparameters = keyof Hyperparameters,
> extends FieldBase<K> {
  type: 'choice';
  choices: readonly string[];
}

export interface BooleanField<
  K extends keyof Hyperparameters = keyof Hyperparameters,
> extends FieldBase<K> {
  type: 'boolean';
}

export type HyperparameterField = NumberField | ChoiceField | BooleanField;

/**
 * The table. Defaults are the seed's: plain gradient descent on the full batch with learning rate
 * 0.5 (the rate of the seed's worked example, which suits sigmoid layers with mse), file order,
 * float64, uniform ±1/√fan_in initialization. Training stops after 1000 epochs, or earlier once no
 * parameter moves by more than 1e-7 in an epoch (the seed's criterion, set low enough that only a
 * settled network stops).
 */
export const HYPERPARAMETER_FIELDS: readonly HyperparameterField[] = [
  {
    key: 'learningRate',
    label: 'Learning rate',
    type: 'number',
    default: 0.5,
    min: 0,
    max: 100,
    minExclusive: true,
    help: 'Step size η: each update moves a parameter by η times its gradient (or its optimizer step).',
  },
  {
    key: 'optimizer',
    label: 'Optimizer',
    type: 'choice',
    default: 'sgd',
    choices: OPTIMIZER_NAMES,
    help: 'sgd: plain gradient descent. momentum: v ← μv + g, p ← p − ηv. adam: adaptive steps (β₁ 0.9, β₂ 0.999).',
  },
  {
    key: 'momentum',
    label: 'Momentum μ',
    type: 'number',
    default: 0.9,
    min: 0,
    max: 1,
    maxExclusive: true,
    help: 'How much of the previous step the momentum optimizer keeps (ignored by sgd and adam).',
  },
  {
    key: 'l2',
    label: 'L2 penalty λ',
    type: 'number',
    default: 0,
    min: 0,
    max: 10,
    help: 'Adds λ/2 Σ w² over the weights (not the biases) to the cost; 0 = off.',
  },
  {
    key: 'batchSize',
    label: 'Batch size',
    type: 'integer',
    default: 0,
    min: 0,
    max: 1_000_000_000,
    help: 'Samples per update; 0 = the whole training set (full batch), 1 = one sample at a time.',
  },
  {
    key: 'shuffle',
    label: 'Shuffle',
    type: 'boolean',
    default: false,
    help: 'Visit the samples in a new seeded random order every epoch (otherwise in file order).',
  },
  {
    key: 'maxEpochs',
    label: 'Max epochs',
    type: 'integer',
    default: 1000,
    min: 1,
    max: 100_000_000,
    help: 'Training stops after this many passes over the training data.',
  },
  {
    key: 'threshold',
    label: 'Change threshold ε',
    type: 'number',
    default: 1e-7,
    min: 0,
    max: 1e6,
    help: 'Stop after the first epoch in which no weight or bias moved by more than ε; 0 = off.',
  },
  {
    key: 'targetLoss',
    label: 'Target loss',
    type: 'number',
    default: null,
    min: 0,
    max: Number.MAX_VALUE,
    nullable: true,
    help: 'Stop once the training loss is at or below this value; empty = off.',
  },
  {
    key: 'patience',
    label: 'Patience',
    type: 'integer',
    default: null,
    min: 1,
    max: 1_000_000,
    nullable: true,
    help: 'Early stopping: stop after this many epochs without a better validation loss, and keep the best parameters; empty = off.',
  },
  {
    key: 'seed',
    label: 'Seed',
    type: 'integer',
    default: 1,
    min: 0,
    max: 4294967295,
    help: 'Seeds the initial parameters, the shuffling and the data split: same seed, same run.',
  },
  {
    key: 'dtype',
    label: 'Precision',
    type: 'choice',
    default: 'float64',
    choices: DTYPES,
    help: 'float64 is exact enough to compare with any reference; float32 is faster and uses half the memory.',
  },
  {
    key: 'initScheme',
    label: 'Initialization',
    type: 'choice',
    default: 'uniform',
    choices: INIT_SCHEMES,
    help: 'uniform: ±1/√fan_in. xavier: ±√(6/(fan_in + fan_out)). he: normal with variance 2/fan_in.',
  },
];

export const DEFAULT_HYPERPARAMETERS: Hyperparameters = Object.freeze(
  Object.fromEntries(
    HYPERPARAMETER_FIELDS.map((f) => [f.key, f.default]),
  ) as unknown as Hyperparameters,
);

function describeRange(f: NumberField): string {
  const lo = `${f.minExclusive ? '>' : '≥'} ${f.min}`;
  const hi = f.max >= Number.MAX_VALUE ? '' : ` and ${f.maxExclusive ? '<' : '≤'} ${f.max}`;
  const kind = f.type === 'integer' ? 'a whole number' : 'a number';
  return `${kind} ${lo}${hi}${f.nullable ? ' (or empty for off)' : ''}`;
}

/** Why one field's value is not allowed, or null when it is. */
export function validateField(f: HyperparameterField, value: unknown): string | null {
  if (f.type === 'boolean') {
    return typeof value === 'boolean'
      ? null
      : `${f.key} must be true or false, got ${JSON.stringify(value)}`;
  }
  if (f.type === 'choice') {
    return typeof value === 'string' && f.choices.includes(value)
      ? null
      : `${f.key} must be one of ${f.choices.join(', ')}, got ${JSON.stringify(value)}`;
  }
  if (value === null && f.nullable) return null;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (f.type !== 'integer' || Number.isInteger(value)) &&
    (f.minExclusive ? value > f.min : value >= f.min) &&
    (f.maxExclusive ? value < f.max : value <= f.max);
  return ok ? null : `${f.key} must be ${describeRange(f)}, got ${JSON.stringify(value)}`;
}

/** Every problem with a set of hyperparameters (empty when all is well). */
export function validateHyperparameters(hp: Hyperparameters): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  const record = hp as unknown as Record<string, unknown>;
  for (const f of HYPERPARAMETER_FIELDS) {
    const message = validateField(f, record[f.key]);
    if (message) errors.push({ field: f.key, message });
  }
  const known = new Set<string>(HYPERPARAMETER_FIELDS.map((f) => f.key));
  for (const key of Object.keys(record)) {
    if (!known.has(key)) errors.push({ field: key, message: `${key} is not a hyperparameter` });
  }
  return errors;
}

/** Throws one Error listing every problem, or returns the hyperparameters unchanged. */
export function assertHyperparameters(hp: Hyperparameters): Hyperparameters {
  const errors = validateHyperparameters(hp);
  if (errors.length > 0)
    throw new Error(`Invalid hyperparameters: ${errors.map((e) => e.message).join('; ')}`);
  return hp;
}
