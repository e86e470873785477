// The loaded dataset as the workspace sees it: its summary from the host, the role the user gave
// each column, normalization and the held-out fractions, and what the network's input and output
// layers must therefore be.
import type {
  ColumnRole,
  ColumnSummary,
  DatasetSummary,
  NormalizationName,
} from '../../core/types';

/** Units a column takes in a layer: one for a number, one per distinct value for text (one-hot). */
export function unitsOf(column: ColumnSummary): number {
  return column.kind === 'numeric' ? 1 : column.distinct;
}

export class DatasetState {
  summary = $state.raw<DatasetSummary | null>(null);
  roles = $state<ColumnRole[]>([]);
  normalization = $state<NormalizationName>('zscore');
  /** Percentages of the rows held out for validation and test (seeded, stratified by the host). */
  validationPercent = $state(20);
  testPercent = $state(10);

  readonly columns = $derived(this.summary?.columns ?? []);
  readonly inputColumns = $derived(this.columns.filter((_, i) => this.roles[i] === 'input'));
  readonly targetColumns = $derived(this.columns.filter((_, i) => this.roles[i] === 'target'));
  readonly inputUnits = $derived(this.inputColumns.reduce((n, c) => n + unitsOf(c), 0));
  readonly outputUnits = $derived(this.targetColumns.reduce((n, c) => n + unitsOf(c), 0));
  /** A text target makes this a classification problem (softmax + cross-entropy by default). */
  readonly classification = $derived(this.targetColumns.some((c) => c.kind === 'text'));

  /** What stops training from starting, each naming the field it concerns. */
  readonly problems = $derived.by(() => {
    const out: { field: 'roles' | 'split'; message: string }[] = [];
    if (!this.summary) return out;
    if (this.inputColumns.length === 0)
      out.push({ field: 'roles', message: 'Choose at least one input column.' });
    if (this.targetColumns.length === 0)
      out.push({ field: 'roles', message: 'Choose a target column.' });
    if (this.targetColumns.length > 1 && this.classification)
      out.push({ field: 'roles', message: 'A text target must be the only target column.' });
    const v = this.validationPercent;
    const t = this.testPercent;
    if (!(v >= 0 && v < 100) || !(t >= 0 && t < 100) || v + t > 90)
      out.push({
        field: 'split',
        message: 'Validation and test must each be 0–99 % and leave at least 10 % to train.',
      });
    return out;
  });

  load(summary: DatasetSummary): void {
    this.summary = summary;
    this.roles = [...summary.suggestedRoles];
  }

  clear(): void {
    this.summary = null;
    this.roles = [];
  }
}
