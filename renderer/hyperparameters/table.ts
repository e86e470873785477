// The engine's table of hyperparameters (core/hyperparameters.ts) as the panel shows it. The
// table gives every field, its type, default, range and help; the panel only renames two labels
// so that the visible label is the accessible name the app's vocabulary promises.
import {
  DEFAULT_HYPERPARAMETERS,
  HYPERPARAMETER_FIELDS,
  validateField,
  type HyperparameterField,
} from '../../core/hyperparameters';
import type { Hyperparameters } from '../../core/types';

export type HyperparameterKey = keyof Hyperparameters;
export type { HyperparameterField };

export const DEFAULTS: Hyperparameters = DEFAULT_HYPERPARAMETERS;
export const FIELDS: readonly HyperparameterField[] = HYPERPARAMETER_FIELDS;

const LABELS: Partial<Record<HyperparameterKey, string>> = {
  maxEpochs: 'Epochs',
  threshold: 'Threshold',
};

export function labelOf(field: HyperparameterField): string {
  return LABELS[field.key] ?? field.label;
}

/** Field → what is wrong with its value, in words for the panel ("must be a number > 0 …"). */
export function validate(h: Hyperparameters): Partial<Record<HyperparameterKey, string>> {
  const errors: Partial<Record<HyperparameterKey, string>> = {};
  for (const f of FIELDS) {
    const message = validateField(f, h[f.key]);
    if (message) errors[f.key] = message.replace(`${f.key} `, '').replace(/, got .*$/, '');
  }
  return errors;
}
