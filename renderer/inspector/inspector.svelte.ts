// The backprop inspector's state: which row and layer, live or frozen, the last two inspections
// (so a Step can show how each quantity changed) and the selection from the network drawing.
// Numbers come only from the host's `inspect` (the engine's forward cache and backprop).
import { untrack } from 'svelte';
import type { BackpropApi, Inspection } from '../../app/shared/api';
import { parseDecimal } from '../fields/decimal';
import { LiveRefresh } from '../state/live-refresh';
import { NetworkSelection } from './selection.svelte';

export type InspectorApi = Pick<BackpropApi, 'inspect' | 'step' | 'onProgress'>;

/** The `layer` value that shows every layer, 2 … L, one after the other. */
export const ALL_LAYERS = 0;

/**
 * Whether two inspections were taken with the same weights and biases: the weights sent (all of
 * a matrix that fits, the first rows and columns of a wider one, with the whole's largest |w|)
 * and every bias.
 */
export function sameParameters(a: Inspection, b: Inspection): boolean {
  const same = (x: number[][], y: number[][]) =>
    x.length === y.length &&
    x.every((row, i) => row.length === y[i].length && row.every((v, j) => v === y[i][j]));
  const n = a.network;
  const m = b.network;
  return (
    n.weights.length === m.weights.length &&
    n.weights.every((W, l) => same(W, m.weights[l])) &&
    same(n.biases, m.biases) &&
    same([a.maxAbs.W], [b.maxAbs.W])
  );
}

/**
 * What is wrong with a row typed in the Row field (empty, negative, fractional, past the last
 * training row once the count is known), or null.
 */
export function rowProblem(row: number | null, trainingRows?: number): string | null {
  const whole = typeof row === 'number' && Number.isInteger(row) && row >= 0;
  if (whole && (trainingRows === undefined || row < trainingRows)) return null;
  return trainingRows === undefined
    ? 'Row must be a whole number, 0 or more.'
    : `Row must be a whole number from 0 to ${trainingRows - 1} (the training rows).`;
}

export class InspectorState {
  /** A training-row index, or the worst-predicted row (re-resolved at every refresh). */
  row = $state<number | 'worst'>(0);
  /** Display layer, 1 = the input (ALL_LAYERS: every one); clamped when an inspection arrives. */
  layer = $state(2);
  /** Follow training (refresh at most every LIVE_INTERVAL_MS) or stay frozen. */
  live = $state(true);
  /** Show the batch-mean gradient instead of this row's. */
  batchMean = $state(false);
  /** Draw the change since the previous inspection instead of the values. */
  showChange = $state(false);
  current = $state.raw<Inspection | null>(null);
  /** The inspection before `current`, kept for changes (same row only). */
  previous = $state.raw<Inspection | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);

  readonly layers = $derived(this.current ? this.current.network.topology.length : 0);

  #api: InspectorApi;
  #live = new LiveRefresh({
    fetch: () => this.#fetch(),
    live: () => this.live,
    subscribe: (listener) => this.#api.onProgress(listener),
  });

  constructor(
    api: InspectorApi,
    readonly selection = new NetworkSelection(),
  ) {
    this.#api = api;
  }

  /** Asks the host for the current row; the old inspection becomes `previous`. */
  refresh(): Promise<void> {
    return this.#live.refresh();
  }

  async #fetch(): Promise<void> {
    this.busy = true;
    try {
      const ins = await this.#api.inspect({ row: this.row, batchMean: this.batchMean });
      // `previous` is the last view of this row with other parameters: refreshing without a
      // step in between (a live tick after Step, Refresh) keeps the changes of the last step.
      if (!this.current || this.current.row !== ins.row) this.previous = null;
      else if (!sameParameters(this.current, ins)) this.previous = this.current;
      this.current = ins;
      const L = ins.network.topology.length;
      if (this.layer !== ALL_LAYERS && (this.layer > L || this.layer < 1)) this.layer = L;
      this.error = null;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.busy = false;
    }
  }

  /**
   * Picks a row (or 'worst') and a fresh inspection; changes start over. A row typed that is no
   * training row is refused with the field's range, and the inspection shown stays.
   */
  async pick(row: number | 'worst'): Promise<void> {
    const problem = row === 'worst' ? null : rowProblem(row, this.current?.trainingRows);
    if (problem) {
      this.error = problem;
      return;
    }
    this.row = row;
    this.previous = null;
    this.current = null;
    await this.refresh();
  }

  /**
   * The host's network became another (a dataset, project or example loaded, the network set up
   * again): what was shown is dropped and the same row inspected again, or row 0 when that row
   * no longer exists (the host refuses it). Layer, live and the other choices stay.
   */
  async reinspect(): Promise<void> {
    this.previous = null;
    this.current = null;
    await this.refresh();
    if (this.error !== null && this.current === null && this.row !== 0) {
      this.row = 0;
      await this.refresh();
    }
  }

  /** A row as typed in the Row field: read as a decimal number, then picked (or refused). */
  async pickTyped(text: string): Promise<void> {
    const read = parseDecimal(text);
    if (!read.ok) {
      this.error = `Row ${read.problem}.`;
      return;
    }
    if (read.value === null) {
      this.error = rowProblem(null, this.current?.trainingRows);
      return;
    }
    await this.pick(read.value);
  }

  /** One batch or one epoch of training, then the inspection that shows what it changed. */
  async step(unit: 'batch' | 'epoch'): Promise<void> {
    try {
      if (!this.current) await this.refresh();
      await this.#api.step(unit);
      await this.refresh();
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  /** A progress report arrived: refresh now, or once the interval has passed. */
  onProgress(): void {
    this.#live.onProgress();
  }

  /**
   * Subscribes to training progress; returns the teardown (use from an $effect). The row shown
   * may be of weights trained since, while nobody followed (the panel was not on screen):
   * following, it is inspected again at once. With nothing shown yet and a network to inspect
   * (`ready`: a dataset is loaded, trained or not), the row is inspected at once, frozen or not.
   */
  follow(ready = false): () => void {
    const stop = this.#live.follow();
    // Untracked: an $effect that follows must not start again on every new inspection.
    const now = untrack(() => (this.current === null ? ready : this.live));
    if (now) void this.refresh();
    return stop;
  }
}
