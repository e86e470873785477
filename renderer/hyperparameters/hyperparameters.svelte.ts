// The training settings as the user edits them; the engine's table says which exist, their
// defaults and ranges, and validates them. A value out of range blocks "Start training".
import type { Hyperparameters } from '../../core/types';
import { DEFAULTS, FIELDS, labelOf, validate, type HyperparameterKey } from './table';

export class HyperparameterState {
  values = $state<Hyperparameters>({ ...DEFAULTS });

  readonly errors = $derived(validate(this.values));
  readonly problems = $derived(
    FIELDS.filter((f) => this.errors[f.key]).map((f) => `${labelOf(f)} ${this.errors[f.key]}.`),
  );
  /** A plain copy, safe to post to a worker or send over IPC. */
  readonly snapshot = $derived($state.snapshot(this.values) as Hyperparameters);

  set<K extends HyperparameterKey>(key: K, value: Hyperparameters[K]): void {
    this.values[key] = value;
  }

  load(values: Hyperparameters): void {
    this.values = { ...values };
  }
}
