// PROVISIONAL until core/hyperparameters.ts lands: the engine's table of hyperparameters
// (name, type, default, range) as the panel reads it.
import type { Hyperparameters } from '../../core/types';

export type HyperparameterKey = keyof Hyperparameters;

export interface HyperparameterField {
  key: HyperparameterKey;
  label: string;
  kind: 'number' | 'integer' | 'choice' | 'boolean';
  min?: number;
  max?: number;
  options?: readonly string[];
  /** Empty means "off" (stored as null). */
  nullable?: boolean;
  help: string;
}

export const DEFAULTS: Hyperparameters = {
  learningRate: 0.1,
  optimizer: 'sgd',
  momentum: 0.9,
  l2: 0,
  batchSize: 16,
  shuffle: true,
  maxEpochs: 1000,
  threshold: 0,
  targetLoss: null,
  patience: null,
  seed: 1,
  dtype: 'float64',
  initScheme: 'xavier',
};

export const FIELDS: HyperparameterField[] = [
  { key: 'learningRate', label: 'Learning rate', kind: 'number', min: 1e-9, max: 10, help: 'η' },
  {
    key: 'optimizer',
    label: 'Optimizer',
    kind: 'choice',
    options: ['sgd', 'momentum', 'adam'],
    help: '',
  },
  { key: 'momentum', label: 'Momentum', kind: 'number', min: 0, max: 0.999, help: 'μ' },
  {
    key: 'batchSize',
    label: 'Batch size',
    kind: 'integer',
    min: 0,
    max: 1e6,
    help: '0 = full batch',
  },
  { key: 'maxEpochs', label: 'Epochs', kind: 'integer', min: 1, max: 1e7, help: '' },
  { key: 'threshold', label: 'Threshold', kind: 'number', min: 0, max: 1, help: '' },
  {
    key: 'targetLoss',
    label: 'Target loss',
    kind: 'number',
    min: 0,
    max: 1e9,
    nullable: true,
    help: '',
  },
  {
    key: 'patience',
    label: 'Patience',
    kind: 'integer',
    min: 1,
    max: 1e6,
    nullable: true,
    help: '',
  },
  { key: 'l2', label: 'L2', kind: 'number', min: 0, max: 10, help: 'λ' },
  { key: 'seed', label: 'Seed', kind: 'integer', min: 0, max: 2 ** 31 - 1, help: '' },
  { key: 'dtype', label: 'Precision', kind: 'choice', options: ['float64', 'float32'], help: '' },
  {
    key: 'initScheme',
    label: 'Initialization',
    kind: 'choice',
    options: ['uniform', 'xavier', 'he'],
    help: '',
  },
  { key: 'shuffle', label: 'Shuffle', kind: 'boolean', help: '' },
];

/** Field → what is wrong with its value (absent when fine). */
export function validate(h: Hyperparameters): Partial<Record<HyperparameterKey, string>> {
  const errors: Partial<Record<HyperparameterKey, string>> = {};
  for (const f of FIELDS) {
    const v = h[f.key];
    if (f.kind !== 'number' && f.kind !== 'integer') continue;
    if (v === null && f.nullable) continue;
    if (typeof v !== 'number' || Number.isNaN(v)) errors[f.key] = 'must be a number';
    else if (f.kind === 'integer' && !Number.isInteger(v)) errors[f.key] = 'must be a whole number';
    else if ((f.min !== undefined && v < f.min) || (f.max !== undefined && v > f.max))
      errors[f.key] = `must be between ${f.min} and ${f.max}`;
  }
  return errors;
}
