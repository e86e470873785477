// The loaded dataset as the workspace sees it: its summary from the host, the role the user gave
// each column, normalization and the held-out fractions, and what the network's input and output
// layers must therefore be.
import {
  featureNames,
  outputNames,
  type InputEncoding,
  type TargetEncoding,
} from '../../core/dataset';
import { columnLabel } from '../../core/csv';
import { countRows } from '../../core/row-set';
import { splitCounts } from '../../core/split';
import type { BadRows } from '../../app/shared/api';
import { parseDecimal } from '../fields/decimal';
import { formatCountOf } from '../training/format';
import type {
  CellProblems,
  ColumnRole,
  ColumnSummary,
  DatasetSummary,
  NormalizationName,
  RowSet,
} from '../../core/types';

/** Units a column takes in a layer: one for a number, one per distinct value for text (one-hot). */
export function unitsOf(column: ColumnSummary): number {
  return column.kind === 'numeric' ? 1 : column.distinct;
}

/**
 * How an input column enters the network: its number, or one unit per category (in the order of
 * the host's encoding; numbered when a host did not send them).
 */
export function encodingOf(column: ColumnSummary): InputEncoding {
  if (column.kind === 'numeric') return { column: column.name, kind: 'numeric' };
  const categories =
    column.categories ?? Array.from({ length: column.distinct }, (_, k) => `#${k + 1}`);
  return { column: column.name, kind: 'one-hot', categories };
}

/** The held-out shares of the rows, by their fields' labels. */
export const PERCENT_FIELDS = { validationPercent: 'Validation %', testPercent: 'Test %' } as const;
export type PercentField = keyof typeof PERCENT_FIELDS;

/** Most distinct values a numeric target may have to be taken for classes when it loads. */
export const SUGGESTED_CLASSES_MAX = 10;

/**
 * Whether a numeric target looks like class labels: whole numbers with few distinct values
 * (digits 0–9, a 0/1 diagnosis), which a person would rather classify than regress on.
 */
export function looksLikeClasses(column: ColumnSummary): boolean {
  return (
    column.kind === 'numeric' &&
    column.distinct >= 2 &&
    column.distinct <= SUGGESTED_CLASSES_MAX &&
    Number.isInteger(column.min) &&
    Number.isInteger(column.max)
  );
}

/**
 * Cells of one used column that training cannot take: empty ones, or ones that are no number a
 * float64 holds. `message` is the error Start gives when the first of them is the file's first.
 */
export interface CellProblem {
  /** The column's index in the file. */
  index: number;
  name: string;
  kind: 'empty' | 'invalid';
  count: number;
  /** The first such cell's row in the file (the header is row 1). */
  row: number;
  /** The table rows of all of them. */
  rows: RowSet;
  /** "is empty", or what is wrong with the first cell ('has "1e999", which is too large …'). */
  what: string;
  message: string;
}

/** "1 empty cell (row 3)", "2 invalid cells (row 5 has "oops", which is not a number)". */
export function describeCells(p: CellProblem): string {
  const cells = formatCountOf(p.count, `${p.kind} cell`);
  return p.kind === 'empty' ? `${cells} (row ${p.row})` : `${cells} (row ${p.row} ${p.what})`;
}

export class DatasetState {
  summary = $state.raw<DatasetSummary | null>(null);
  roles = $state<ColumnRole[]>([]);
  /** The user's choice: a single numeric target holds classes (see numericClasses). */
  targetClasses = $state(false);
  normalization = $state<NormalizationName>('zscore');
  /** Percentages of the rows held out for validation and test (seeded, stratified by the host). */
  validationPercent = $state(20);
  testPercent = $state(10);
  /** A percentage's text as typed while it is no decimal number ("0x10"; its value is NaN). */
  typedPercent = $state<Partial<Record<PercentField, string>>>({});
  /** Rows with an empty or invalid cell in a used column: refused (Start says where) or left out. */
  badRows = $state<BadRows>('refuse');

  readonly columns = $derived(this.summary?.columns ?? []);
  readonly inputColumns = $derived(this.columns.filter((_, i) => this.roles[i] === 'input'));
  readonly targetColumns = $derived(this.columns.filter((_, i) => this.roles[i] === 'target'));
  readonly inputUnits = $derived(this.inputColumns.reduce((n, c) => n + unitsOf(c), 0));
  /**
   * The network's inputs by name, as the model file and W1.csv name them (core's featureNames):
   * a number's column, or "column=category" for each unit of a one-hot text column.
   */
  readonly inputNames = $derived(featureNames({ inputs: this.inputColumns.map(encodingOf) }));
  /**
   * Which of the network's inputs (as inputNames) never vary in the file: a numeric column whose
   * minimum is its maximum (the digits' blank pixel px0), a text column of one category.
   */
  readonly inputConstant = $derived(
    this.inputColumns.flatMap((c) =>
      c.kind === 'numeric'
        ? [c.min === null || c.min === c.max]
        : Array.from({ length: unitsOf(c) }, () => c.distinct <= 1),
    ),
  );
  /** The target is one numeric column, which may hold classes (the choice is offered). */
  readonly numericTarget = $derived(
    this.targetColumns.length === 1 && this.targetColumns[0].kind === 'numeric',
  );
  /** The single numeric target is taken for classes, one output unit per distinct value. */
  readonly numericClasses = $derived(this.numericTarget && this.targetClasses);
  readonly outputUnits = $derived(
    this.numericClasses
      ? this.targetColumns[0].distinct
      : this.targetColumns.reduce((n, c) => n + unitsOf(c), 0),
  );
  /**
   * A text target, or a numeric one taken for classes, makes this a classification problem
   * (softmax + cross-entropy by default).
   */
  readonly classification = $derived(
    this.numericClasses || this.targetColumns.some((c) => c.kind === 'text'),
  );
  /**
   * The network's outputs by name (core's outputNames): the target columns of a regression, or
   * the class labels of a text target in the order of the encoding. Null when the summary does
   * not say them: a numeric target taken for classes, a text target with too many values.
   */
  readonly outputNames = $derived.by((): string[] | null => {
    const target = this.#targetEncoding();
    return target && outputNames({ inputs: [], target });
  });

  /**
   * The cells of the input and target columns that training cannot take, in the order encoding
   * meets them (row by row; inputs, then the target, left to right): so the first is the one the
   * error of Start names. A numeric target taken for classes makes classes of its text cells.
   */
  readonly cellProblems = $derived.by((): CellProblem[] => {
    const summary = this.summary;
    if (!summary) return [];
    const used = (role: ColumnRole) =>
      summary.columns.flatMap((c, index) => (this.roles[index] === role ? [{ c, index }] : []));
    // Each column's place in encoding's order: inputs, then the target.
    const columns = [...used('input'), ...used('target')];
    const out = columns.flatMap(({ c, index }): CellProblem[] => {
      const classes = this.roles[index] === 'target' && this.numericClasses;
      const cell = (
        kind: CellProblem['kind'],
        { count, row, rows }: CellProblems,
        what: string,
      ) => ({
        ...{ index, name: c.name, kind, count, row, rows, what },
        message: `${summary.name}: row ${row}, ${columnLabel(index, c.name)} ${what}`,
      });
      return [
        ...(c.empty ? [cell('empty', c.empty, 'is empty')] : []),
        ...(c.invalid && !classes ? [cell('invalid', c.invalid, c.invalid.problem)] : []),
      ];
    });
    const place = (p: CellProblem) => columns.findIndex(({ index }) => index === p.index);
    return out.sort((p, q) => p.row - q.row || place(p) - place(q));
  });

  /**
   * Rows with such cells: a row with several (in one or more used columns) is one row. Exact for
   * any roles, from the rows the summary gives of each column's cells (no row is read again).
   */
  readonly rowsWithBadCells = $derived(
    countRows(
      this.cellProblems.map((p) => p.rows),
      this.summary?.rows ?? 0,
    ),
  );

  /** Rows training leaves out: those with such cells once the user chose to leave them out. */
  readonly rowsLeftOut = $derived(this.badRows === 'leave-out' ? this.rowsWithBadCells : 0);

  /** What stops training from starting, each naming the field it concerns. */
  readonly problems = $derived.by(() => {
    const out: { field: 'roles' | 'split' | 'rows'; message: string }[] = [];
    if (!this.summary) return out;
    if (this.inputColumns.length === 0)
      out.push({ field: 'roles', message: 'Choose at least one input column.' });
    if (this.targetColumns.length === 0)
      out.push({ field: 'roles', message: 'Choose a target column.' });
    if (this.targetColumns.length > 1 && this.classification)
      out.push({ field: 'roles', message: 'A text target must be the only target column.' });
    const single = this.#singleClass();
    if (single) out.push({ field: 'roles', message: single });
    // Start would stop at the first cell it cannot take, with these words.
    const [cell] = this.cellProblems;
    if (cell && this.badRows === 'refuse') out.push({ field: 'rows', message: cell.message });
    const unreadable = (Object.keys(PERCENT_FIELDS) as PercentField[]).flatMap((field) => {
      const read = Number.isNaN(this[field]) ? parseDecimal(this.typedPercent[field] ?? '') : null;
      return read && !read.ok ? [`${PERCENT_FIELDS[field]} ${read.problem}.`] : [];
    });
    for (const message of unreadable) out.push({ field: 'split', message });
    const v = this.validationPercent;
    const t = this.testPercent;
    if (unreadable.length > 0) return out;
    if (!(v >= 0 && v < 100) || !(t >= 0 && t < 100) || v + t > 90)
      out.push({
        field: 'split',
        message: 'Validation and test must each be 0–99 % and leave at least 10 % to train.',
      });
    return out;
  });

  /**
   * Rows the network trains on, once the validation and test rows are held out (core's
   * splitCounts, by splitSizes as the split itself); null without a dataset or while the split is
   * wrong. Classes are split one by one (stratified), each rounding its own shares: exact with the
   * class sizes the summary counts, else (a host that does not send them, a target with too
   * many values to count, or rows left out, whose classes the summary does not tell) `exact` is
   * false and the number may be off by about one a class. Rows left out are never counted.
   */
  readonly trainingRows = $derived.by((): { rows: number; exact: boolean } | null => {
    if (!this.summary || this.problems.some((p) => p.field === 'split')) return null;
    const kept = this.summary.rows - this.rowsLeftOut;
    const classSizes =
      this.classification && kept === this.summary.rows ? this.#classSizes() : null;
    const groups = classSizes ?? [kept];
    const { train } = splitCounts(groups, this.validationPercent / 100, this.testPercent / 100);
    return { rows: train, exact: !this.classification || classSizes !== null };
  });

  /** What a percentage field shows: its number, or the text typed that is none. */
  percentText(field: PercentField): string {
    const v = this[field];
    return Number.isNaN(v) ? (this.typedPercent[field] ?? '') : String(v);
  }

  /** A percentage as typed: its decimal number, or NaN and the text when it is none. */
  enterPercent(field: PercentField, text: string): void {
    const read = parseDecimal(text);
    this[field] = read.ok ? (read.value ?? Number.NaN) : Number.NaN;
    this.typedPercent[field] = text;
  }

  load(summary: DatasetSummary): void {
    this.summary = summary;
    this.roles = [...summary.suggestedRoles];
    this.badRows = 'refuse';
    this.#suggestClasses();
  }

  /** Gives column `index` a role; a new single numeric target is taken for classes if it looks so. */
  setRole(index: number, role: ColumnRole): void {
    this.roles[index] = role;
    this.#suggestClasses();
  }

  /**
   * A class target with fewer than two classes, in the words of Start's error (core's
   * schemaFromRoles): a one-row file, or one class in every row.
   */
  #singleClass(): string | null {
    const [c] = this.targetColumns;
    if (!this.summary || this.targetColumns.length !== 1 || !this.classification) return null;
    const classes = c.classSizes?.length ?? c.distinct;
    if (classes >= 2) return null;
    const label =
      c.kind === 'text' ? c.categories?.[0] : c.min !== null && !c.invalid ? String(c.min) : null;
    const only = classes === 1 && label != null ? ` ${JSON.stringify(label)}` : '';
    const index = this.summary.columns.indexOf(c);
    return `${this.summary.name}: the target ${columnLabel(index, c.name)} has a single class${only}; a classifier needs at least two`;
  }

  /** Rows of each class of the (single) class target, if the summary counts them. */
  #classSizes(): number[] | null {
    const targets = this.targetColumns;
    return targets.length === 1 ? (targets[0].classSizes ?? null) : null;
  }

  /** What the outputs mean, as far as the summary tells (see outputNames). */
  #targetEncoding(): TargetEncoding | null {
    const targets = this.targetColumns;
    if (!this.classification) return { kind: 'numeric', columns: targets.map((c) => c.name) };
    const [c] = targets;
    if (targets.length !== 1 || c.kind !== 'text' || !c.categories) return null;
    return { kind: 'classes', column: c.name, labels: c.categories };
  }

  #suggestClasses(): void {
    this.targetClasses = this.numericTarget && looksLikeClasses(this.targetColumns[0]);
  }

  clear(): void {
    this.summary = null;
    this.roles = [];
    this.targetClasses = false;
    this.badRows = 'refuse';
  }
}
