// The training settings as the user edits them; the engine's table says which exist, their
// defaults and ranges, and validates them. A value out of range blocks "Start training".
import type { Hyperparameters } from '../../core/types';
import { parseDecimal } from '../fields/decimal';
import {
  DEFAULTS,
  FIELDS,
  labelOf,
  validate,
  type HyperparameterField,
  type HyperparameterKey,
} from './table';

/**
 * A number field's text as a value: its decimal number, null when empty (a field that may be
 * off), NaN when empty otherwise (the range says what it needs); or what is wrong with the text.
 */
export function readField(
  field: HyperparameterField,
  text: string,
): { value: number | null } | { problem: string } {
  const read = parseDecimal(text);
  if (!read.ok) return { problem: read.problem };
  if (read.value !== null) return { value: read.value };
  const nullable = (field.type === 'number' || field.type === 'integer') && field.nullable === true;
  return { value: nullable ? null : Number.NaN };
}

export class HyperparameterState {
  values = $state<Hyperparameters>({ ...DEFAULTS });
  /** Fields whose text is no decimal number ("0x10"): what is wrong with it, in words. */
  unreadable = $state<Partial<Record<HyperparameterKey, string>>>({});

  readonly errors = $derived({ ...validate(this.values), ...this.unreadable });
  readonly problems = $derived(
    FIELDS.filter((f) => this.errors[f.key]).map((f) => `${labelOf(f)} ${this.errors[f.key]}.`),
  );
  /** A plain copy, safe to post to a worker or send over IPC. */
  readonly snapshot = $derived($state.snapshot(this.values) as Hyperparameters);

  set<K extends HyperparameterKey>(key: K, value: Hyperparameters[K]): void {
    this.values[key] = value;
    delete this.unreadable[key];
  }

  /** A number field's text as typed; text that is no decimal number keeps the field invalid. */
  enter(field: HyperparameterField, text: string): void {
    const read = readField(field, text);
    if ('value' in read) return this.set(field.key, read.value as never);
    (this.values as unknown as Record<string, unknown>)[field.key] = Number.NaN;
    this.unreadable[field.key] = read.problem;
  }

  load(values: Hyperparameters): void {
    this.values = { ...values };
    this.unreadable = {};
  }
}
