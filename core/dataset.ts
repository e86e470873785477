// From a table to what a network trains on: a summary for the user, the roles of the columns,
// and the encoding of the rows into X (inputs) and Y (targets). Numeric columns are used as they
// are; text inputs with few distinct values are one-hot encoded; a text target is a set of classes
// (one-hot; labels in numeric order when all are numbers, else in order of first appearance). The
// encoding is described by a DataSchema that the model file keeps, so the same columns of a new
// file encode the same way.
import { scaledMean } from './binary-scale';
import {
  columnLabel,
  decimalNumber,
  groupsThousands,
  sheetRow,
  type Column,
  type NumericColumn,
  type Table,
} from './csv';
import { DataError } from './data-error';
import { allocate } from './matrix';
import type { DataNames } from './normalization';
import { RowSetBuilder } from './row-set';
import type {
  CellProblems,
  ColumnRole,
  ColumnSummary,
  DatasetSummary,
  DType,
  LossName,
  Matrix,
} from './types';

/** Text inputs with at most this many distinct values are one-hot encoded. */
export const MAX_CATEGORIES = 20;
/** Distinct values of a numeric column are counted up to this cap. */
export const DISTINCT_CAP = 1000;
export const PREVIEW_ROWS = 10;

/** How one input column becomes features: as its number, or one 0/1 feature per category. */
export type InputEncoding =
  { column: string; kind: 'numeric' } | { column: string; kind: 'one-hot'; categories: string[] };

/** What the outputs mean: the numbers of some columns, or one class per output unit. */
export type TargetEncoding =
  { kind: 'numeric'; columns: string[] } | { kind: 'classes'; column: string; labels: string[] };

export interface DataSchema {
  inputs: InputEncoding[];
  target: TargetEncoding;
}

export interface EncodeOptions {
  dtype?: DType;
  /** Drop rows with a missing or unusable cell in a used column instead of failing. */
  dropRows?: boolean;
  /** false: targets are not needed (prediction); Y is then 0 × outputs. */
  withTargets?: boolean;
}

export interface EncodedData {
  /** rows × features, in the order of `features`. */
  X: Matrix;
  /** rows × outputs (0 rows when encoded without targets). */
  Y: Matrix;
  /** The table row (0-based) of each encoded row. */
  sourceRows: Uint32Array;
  /** Rows left out by `dropRows`. */
  dropped: number;
  /** Class index of each row for a class target (for stratified splits and metrics), else null. */
  classes: Int32Array | null;
  features: string[];
  outputs: string[];
}

/** The text of a cell as the file spelled it ('' when empty). */
export function cellText(column: Column, r: number): string {
  if (column.kind === 'text') return column.codes[r] < 0 ? '' : column.labels[column.codes[r]];
  const v = column.values[r];
  if (!Number.isNaN(v)) return String(v);
  const code = column.textCodes ? column.textCodes[r] : -1;
  return code < 0 ? '' : column.labels[code];
}

/**
 * Counts cells of one problem, keeps the first one's table row (-1 while there is none) and which
 * rows have one (a list while few, else a bit a row: see core/row-set.ts).
 */
class ProblemCount {
  count = 0;
  first = -1;
  readonly #rows: RowSetBuilder;

  constructor(size: number) {
    this.#rows = new RowSetBuilder(size);
  }

  add(r: number): void {
    if (this.count++ === 0) this.first = r;
    this.#rows.add(r);
  }

  /** As a summary says it: the first row as the file numbers it; nothing when no cell had it. */
  summary(table: Pick<Table, 'blankLinesBefore'>): CellProblems | undefined {
    if (this.count === 0) return undefined;
    return { count: this.count, row: sheetRow(table, this.first), rows: this.#rows.done() };
  }
}

function summarizeColumn(
  column: Column,
  table: Pick<Table, 'blankLinesBefore' | 'delimiter'>,
): ColumnSummary {
  const size = column.kind === 'text' ? column.codes.length : column.values.length;
  const empty = new ProblemCount(size);
  if (column.kind === 'text') {
    // Rows of each label (labels come in order of first appearance).
    const sizes = new Array<number>(column.labels.length).fill(0);
    const { codes } = column;
    for (let r = 0; r < codes.length; r++) {
      if (codes[r] < 0) empty.add(r);
      else sizes[codes[r]]++;
    }
    const emptyCells = empty.summary(table);
    return {
      name: column.name,
      kind: 'text',
      missing: empty.count,
      ...(emptyCells ? { empty: emptyCells } : {}),
      min: null,
      max: null,
      mean: null,
      distinct: column.labels.length,
      ...(column.labels.length <= MAX_CATEGORIES ? { categories: distinctTexts(column) } : {}),
      ...(column.labels.length < DISTINCT_CAP ? { classSizes: sizes } : {}),
    };
  }
  // A NaN is an empty cell, or one of text (textCodes): "oops", or 1e999 beyond a float64.
  const invalid = new ProblemCount(size);
  let min = Infinity;
  let max = -Infinity;
  // Rows of each number, counted while there are fewer than DISTINCT_CAP of them.
  const sizes = new Map<number, number>();
  const { values, textCodes } = column;
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    if (Number.isNaN(v)) {
      if (textCodes !== null && textCodes[r] >= 0) invalid.add(r);
      else empty.add(r);
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
    if (sizes.size < DISTINCT_CAP || sizes.has(v)) sizes.set(v, (sizes.get(v) ?? 0) + 1);
  }
  const missing = empty.count + invalid.count;
  const count = values.length - missing;
  const emptyCells = empty.summary(table);
  const invalidCells = invalid.summary(table);
  return {
    name: column.name,
    kind: 'numeric',
    missing,
    ...(emptyCells ? { empty: emptyCells } : {}),
    ...(invalidCells
      ? { invalid: { ...invalidCells, problem: problem(column, invalid.first, table) } }
      : {}),
    min: count > 0 ? min : null,
    max: count > 0 ? max : null,
    mean: count > 0 ? scaledMean(column.values, Math.max(-min, max)) : null,
    distinct: sizes.size,
    ...(sizes.size < DISTINCT_CAP ? { classSizes: numericClassSizes(column, sizes) } : {}),
  };
}

/**
 * The classes of a numeric column taken for classes, as distinctTexts names them (a number by its
 * text, a cell of other text by that text), with the rows of each.
 */
function numericClassSizes(column: NumericColumn, sizes: Map<number, number>): number[] {
  const byText = new Map<string, number>();
  const add = (text: string, n: number) => byText.set(text, (byText.get(text) ?? 0) + n);
  for (const [v, n] of sizes) add(String(v), n);
  if (column.textCodes) {
    const textSizes = new Array<number>(column.labels.length).fill(0);
    for (const code of column.textCodes) if (code >= 0) textSizes[code]++;
    for (const [code, n] of textSizes.entries()) if (n > 0) add(column.labels[code], n);
  }
  return [...byText.values()];
}

/**
 * Why a column looks like it only numbers the rows (an id), or null: named like one, or the
 * numbers 0,1,2,… / 1,2,3,… in order. (A text different in every row has too many values to be an
 * input already.)
 */
function idReason(column: Column, rows: number): string | null {
  if (/^(id|index|row|#|unnamed: ?0|)$/i.test(column.name.trim())) return 'named like an id';
  if (column.kind === 'text' || rows < 3) return null;
  const v = column.values;
  if (v[0] !== 0 && v[0] !== 1) return null;
  for (let r = 1; r < rows; r++) if (v[r] !== v[0] + r) return null;
  return `numbers the rows ${v[0]}, ${v[0] + 1}, ${v[0] + 2}, …`;
}

/** No cell of the column holds anything. */
function allEmpty(column: Column): boolean {
  if (column.kind === 'text') return column.codes.every((code) => code < 0);
  const { values, textCodes } = column;
  for (let r = 0; r < values.length; r++) {
    if (!Number.isNaN(values[r]) || (textCodes !== null && textCodes[r] >= 0)) return false;
  }
  return true;
}

/**
 * Why the roles a person would start from leave column j out (unless it is the target), or null
 * to make it an input: it is empty, text with too many distinct values to one-hot encode, has no
 * name in the header (core/csv names it by its place, "column 1": most often an index, as pandas
 * writes it), or is an obvious id. The app's suggestions and the command line's defaults both.
 */
export function ignoreReason(table: Table, j: number): string | null {
  const column = table.columns[j];
  if (allEmpty(column)) return 'every cell is empty';
  if (column.kind === 'text' && column.labels.length > MAX_CATEGORIES) {
    return `text with ${column.labels.length} distinct values, too many to one-hot encode`;
  }
  if (column.name === `column ${j + 1}`) return 'no name in the header: an index?';
  return idReason(column, table.rows);
}

/**
 * Roles a person would start from (the data panel's): the last column is the target, the others
 * inputs unless ignoreReason says why not.
 */
export function suggestRoles(table: Table): ColumnRole[] {
  const last = table.columns.length - 1;
  return table.columns.map((_, j) =>
    j === last ? 'target' : ignoreReason(table, j) === null ? 'input' : 'ignored',
  );
}

/** Kinds, statistics, a preview and suggested roles, for the data panel. */
export function summarize(table: Table, previewRows = PREVIEW_ROWS): DatasetSummary {
  const preview: string[][] = [];
  for (let r = 0; r < Math.min(previewRows, table.rows); r++) {
    preview.push(table.columns.map((c) => cellText(c, r)));
  }
  // One pass over each column.
  const columns = table.columns.map((c) => summarizeColumn(c, table));
  return {
    name: table.fileName,
    rows: table.rows,
    columns,
    preview,
    suggestedRoles: suggestRoles(table),
    ...(table.warnings.length > 0 ? { warnings: [...table.warnings] } : {}),
  };
}

/** Columns named on the command line: the targets (default: the last column), ignored, inputs. */
export interface RoleNames {
  target?: string[];
  ignore?: string[];
  input?: string[];
}

/** A column that the defaults leave out, and why (the command line says so). */
export interface IgnoredColumn {
  index: number;
  name: string;
  reason: string;
}

/**
 * Roles from column names (the command line): the targets, `target` or the last column; every
 * other column as the app suggests it (ignoreReason), unless `ignore` or `input` names it. Also
 * the columns left out by those defaults, to say which.
 */
export function rolesFromNames(
  table: Table,
  names: RoleNames,
): { roles: ColumnRole[]; ignoredByDefault: IgnoredColumn[] } {
  const index = (name: string): number => {
    const j = table.columns.findIndex((c) => columnKey(c.name) === columnKey(name));
    if (j < 0) {
      const all = table.columns.map((c) => JSON.stringify(c.name)).join(', ');
      throw new DataError(
        `${table.fileName}: no column named ${JSON.stringify(name)} (columns: ${all})`,
      );
    }
    return j;
  };
  const named = new Map<number, ColumnRole>();
  const name = (j: number, role: ColumnRole): void => {
    const other = named.get(j);
    if (other !== undefined && other !== role) {
      const [a, b] = [other, role].sort((p, q) => ROLE_ORDER[p] - ROLE_ORDER[q]);
      throw new DataError(
        `${table.fileName}: ${columnLabel(j, table.columns[j].name)} cannot be both ${ROLE_WORDS[a]} and ${ROLE_WORDS[b]}`,
      );
    }
    named.set(j, role);
  };
  const targets = names.target?.length ? names.target.map(index) : [table.columns.length - 1];
  for (const j of targets) name(j, 'target');
  for (const column of names.ignore ?? []) name(index(column), 'ignored');
  for (const column of names.input ?? []) name(index(column), 'input');
  const ignoredByDefault: IgnoredColumn[] = [];
  const roles = table.columns.map((column, j): ColumnRole => {
    const role = named.get(j);
    if (role !== undefined) return role;
    const reason = ignoreReason(table, j);
    if (reason === null) return 'input';
    ignoredByDefault.push({ index: j, name: column.name, reason });
    return 'ignored';
  });
  return { roles, ignoredByDefault };
}

const ROLE_ORDER: Record<ColumnRole, number> = { target: 0, input: 1, ignored: 2 };
const ROLE_WORDS: Record<ColumnRole, string> = {
  target: 'a target',
  input: 'an input',
  ignored: 'ignored',
};

/**
 * How the columns with these roles encode: checks that there are inputs and targets, that text
 * inputs have few enough values, and that a class target has at least two classes.
 */
export function schemaFromRoles(
  table: Table,
  roles: ColumnRole[],
  options: { numericClasses?: boolean } = {},
): DataSchema {
  const file = table.fileName;
  if (roles.length !== table.columns.length) {
    throw new DataError(`${file}: ${roles.length} roles for ${table.columns.length} columns`);
  }
  const pick = (role: ColumnRole): number[] => roles.flatMap((r, j) => (r === role ? [j] : []));
  const inputs = pick('input');
  const targets = pick('target');
  if (inputs.length === 0)
    throw new DataError(`${file}: no input column (every column is a target or ignored)`);
  if (targets.length === 0) throw new DataError(`${file}: no target column`);

  const inputEncodings = inputs.map((j): InputEncoding => {
    const c = table.columns[j];
    if (c.kind === 'numeric') return { column: c.name, kind: 'numeric' };
    if (c.labels.length > MAX_CATEGORIES) {
      throw new DataError(
        `${file}: ${columnLabel(j, c.name)} is text with ${c.labels.length} distinct values; an input can be text only with at most ${MAX_CATEGORIES} (one-hot encoded): ignore the column or make it numeric`,
      );
    }
    return { column: c.name, kind: 'one-hot', categories: [...c.labels] };
  });

  // With numericClasses, a numeric target (e.g. digits 0–9) is a set of classes too.
  const classTargets = targets.filter(
    (j) => table.columns[j].kind === 'text' || options.numericClasses,
  );
  if (classTargets.length === 0) {
    return {
      inputs: inputEncodings,
      target: { kind: 'numeric', columns: targets.map((j) => table.columns[j].name) },
    };
  }
  if (targets.length > 1) {
    const j = classTargets[0];
    throw new DataError(
      `${file}: ${columnLabel(j, table.columns[j].name)} holds classes, so it must be the only target; ${targets.length} columns are targets`,
    );
  }
  const j = targets[0];
  const c = table.columns[j];
  const labels = classOrder(c.kind === 'text' ? [...c.labels] : distinctTexts(c));
  if (labels.length < 2) {
    const only = labels.length === 1 ? ` ${JSON.stringify(labels[0])}` : '';
    throw new DataError(
      `${file}: the target ${columnLabel(j, c.name)} has a single class${only}; a classifier needs at least two`,
    );
  }
  return { inputs: inputEncodings, target: { kind: 'classes', column: c.name, labels } };
}

/**
 * The order of a class target's units: numeric when every class is a number (1, 2, 10; not "1",
 * "10", "2"), else the order of first appearance. A saved schema keeps the order it was saved with.
 */
export function classOrder(labels: string[]): string[] {
  const numbers = labels.map((label) => decimalNumber(label));
  if (!numbers.every((v) => Number.isFinite(v))) return labels;
  return labels
    .map((label, k) => ({ label, v: numbers[k] }))
    .sort((a, b) => a.v - b.v)
    .map((c) => c.label);
}

/** The distinct non-empty cell texts of a column, in order of first appearance. */
function distinctTexts(column: Column): string[] {
  const seen = new Set<string>();
  const n = column.kind === 'text' ? column.codes.length : column.values.length;
  for (let r = 0; r < n; r++) {
    const text = cellText(column, r);
    if (text !== '') seen.add(text);
  }
  return [...seen];
}

/** Input feature names: a numeric column's name, or "column=category" per one-hot unit. */
export function featureNames(schema: Pick<DataSchema, 'inputs'>): string[] {
  return schema.inputs.flatMap((e) =>
    e.kind === 'numeric' ? [e.column] : e.categories.map((c) => `${e.column}=${c}`),
  );
}

/** Output unit names: the target columns, or the class labels. */
export function outputNames(schema: DataSchema): string[] {
  return schema.target.kind === 'numeric' ? [...schema.target.columns] : [...schema.target.labels];
}

/**
 * The column of a predictions file that numbers each row as the file does: `backprop predict`
 * always writes it, the app's Predict a file… when rows are left out (then a line is no longer
 * the file's row of the same place).
 */
export const ROW_COLUMN = 'row';

/** The row in the file of encoded row k: the header is row 1, and blank lines count. */
export function fileRow(
  table: Pick<Table, 'blankLinesBefore'>,
  data: Pick<EncodedData, 'sourceRows'>,
  k: number,
): number {
  return sheetRow(table, data.sourceRows[k]);
}

/**
 * How errors about encoded inputs name their cells: the file, the row in the file of each encoded
 * row, and the column of each input feature (a one-hot feature's column is the text column).
 */
export function inputNames(table: Table, schema: DataSchema, data: EncodedData): DataNames {
  // The column of each feature, by name (looked up only when an error names it).
  const names = schema.inputs.flatMap((e) =>
    new Array<string>(e.kind === 'numeric' ? 1 : e.categories.length).fill(e.column),
  );
  return {
    file: table.fileName,
    column: (c) =>
      columnLabel(
        table.columns.findIndex((col) => col.name === names[c]),
        names[c],
      ),
    row: (r) => fileRow(table, data, r),
  };
}

/**
 * For a float32 network: a DataError naming the first cell whose value (an input as the network
 * gets it, normalized `X`, or a numeric target) a float32 cannot hold. It would become ±Infinity,
 * and training would only report that it diverged.
 */
export function checkFloat32Range(
  table: Table,
  schema: DataSchema,
  data: EncodedData,
  X: Matrix,
): void {
  const row = (r: number) => `${table.fileName}: row ${fileRow(table, data, r)}`;
  const inputs = inputNames(table, schema, data);
  for (let i = 0; i < X.data.length; i++) {
    if (Number.isFinite(Math.fround(X.data[i]))) continue;
    const [r, c] = [Math.floor(i / X.cols), i % X.cols];
    const raw = data.X.data[i];
    const value = raw === X.data[i] ? `${raw}` : `${raw} (normalized ${X.data[i]})`;
    throw new DataError(
      `${row(r)}, ${inputs.column(c)} has ${value}, beyond a float32 (at most ±3.4e38); normalize the inputs or train in float64`,
    );
  }
  const target = schema.target;
  if (target.kind !== 'numeric') return;
  const Y = data.Y;
  for (let i = 0; i < Y.data.length; i++) {
    if (Number.isFinite(Math.fround(Y.data[i]))) continue;
    const [r, c] = [Math.floor(i / Y.cols), i % Y.cols];
    const j = table.columns.findIndex((col) => col.name === target.columns[c]);
    throw new DataError(
      `${row(r)}, ${columnLabel(j, target.columns[c])} has ${Y.data[i]}, beyond a float32 (at most ±3.4e38); scale the target or train in float64`,
    );
  }
}

/**
 * Cross-entropy compares the outputs with targets that are probabilities, from 0 to 1 (classes'
 * one-hot targets always are). A numeric target beyond them has a cost without a floor (the
 * diabetes' progression, 25 to 346, trained to a loss of −8.5e6 with nothing learned), so it is
 * refused, naming its first such cell.
 */
export function checkCrossEntropyTargets(
  table: Table,
  schema: DataSchema,
  data: EncodedData,
  loss: LossName,
): void {
  const target = schema.target;
  if (loss !== 'cross-entropy' || target.kind !== 'numeric') return;
  const Y = data.Y;
  for (let i = 0; i < Y.data.length; i++) {
    const y = Y.data[i];
    if (y >= 0 && y <= 1) continue;
    const [r, c] = [Math.floor(i / Y.cols), i % Y.cols];
    const j = table.columns.findIndex((col) => col.name === target.columns[c]);
    throw new DataError(
      `${table.fileName}: row ${fileRow(table, data, r)}, ${columnLabel(j, target.columns[c])} has ${y}, but cross-entropy needs targets from 0 to 1 (probabilities); use mean squared error (mse) to regress on a number`,
    );
  }
}

/** Reads one used column, cell by cell; a cell that cannot be used yields its problem. */
interface ColumnReader {
  index: number;
  /** Writes the row's value(s) at `out[offset..]`, or returns why the cell is unusable. */
  write(r: number, out: Float64Array | Float32Array, offset: number): string | null;
  width: number;
}

/** Writes row r through the readers side by side from `offset`; the first unusable cell, if any. */
function writeRow(
  readers: ColumnReader[],
  r: number,
  out: Float64Array | Float32Array,
  offset: number,
): { index: number; what: string } | null {
  for (const reader of readers) {
    const what = reader.write(r, out, offset);
    if (what) return { index: reader.index, what };
    offset += reader.width;
  }
  return null;
}

/**
 * A column name as names are compared: in Unicode's composed form (NFC), so that "température"
 * written with "é" as one character or as "e" and a combining accent (NFD, as some macOS tools
 * write it) is the same column. The two look alike, so an error saying that no column is named
 * "température" above a file whose header shows "température" could not be acted on.
 */
function columnKey(name: string): string {
  return name.normalize('NFC');
}

/** Finds a column by name through `byName` (built once: a search per column was O(columns²)). */
function findColumn(table: Table, byName: Map<string, number>, name: string, what: string): number {
  const j = byName.get(columnKey(name)) ?? -1;
  if (j < 0)
    throw new DataError(`${table.fileName}: no column named ${JSON.stringify(name)} (${what})`);
  return j;
}

function numericReader(table: Table, j: number): ColumnReader {
  const column = table.columns[j];
  if (column.kind === 'numeric') {
    const { values } = column;
    return {
      index: j,
      width: 1,
      write(r, out, offset) {
        const v = values[r];
        if (Number.isNaN(v)) return problem(column, r, table);
        out[offset] = v;
        return null;
      },
    };
  }
  // Mostly text, but used as numbers: each label's number, or NaN.
  const numbers = column.labels.map((label) => decimalNumber(label));
  return {
    index: j,
    width: 1,
    write(r, out, offset) {
      const code = column.codes[r];
      if (code < 0 || !Number.isFinite(numbers[code])) return problem(column, r, table);
      out[offset] = numbers[code];
      return null;
    },
  };
}

function problem(column: Column, r: number, table: Pick<Table, 'delimiter'>): string {
  const text = cellText(column, r);
  if (text === '') return 'is empty';
  // A semicolon file reads "1.234,5" as 1234.5 unless the column also writes a decimal point.
  if (table.delimiter === ';' && groupsThousands(text)) {
    return `has ${JSON.stringify(text)}, which is not a number here: its dots group thousands, but other numbers of the column have a decimal point (as in 2.5), so which is meant is unclear; write every number of the column one way`;
  }
  // 1e309 is a number, but beyond what a float64 holds (Number gives ±Infinity).
  const beyond = Math.abs(Number(text)) === Infinity && !/^[-+]?Infinity$/.test(text.trim());
  return `has ${JSON.stringify(text)}, which is ${beyond ? 'too large for a float64 (at most ±1.8e308)' : 'not a number'}`;
}

function oneHotReader(table: Table, j: number, categories: string[], what: string): ColumnReader {
  const column = table.columns[j];
  const index = new Map(categories.map((c, k) => [c, k]));
  const list = categories.map((c) => JSON.stringify(c)).join(', ');
  return {
    index: j,
    width: categories.length,
    write(r, out, offset) {
      const text = cellText(column, r);
      const k = index.get(text);
      if (text === '') return 'is empty';
      if (k === undefined)
        return `has ${JSON.stringify(text)}, which is not one of the ${what} (${list})`;
      for (let c = 0; c < categories.length; c++) out[offset + c] = c === k ? 1 : 0;
      return null;
    },
  };
}

/**
 * Encodes the table's rows into X and Y as the schema says. A cell that cannot be used (empty,
 * not a number, an unknown category or class) is an error naming its row and column, or, with
 * `dropRows`, drops its row.
 */
export function encode(table: Table, schema: DataSchema, options: EncodeOptions = {}): EncodedData {
  const { dtype = 'float64', dropRows = false, withTargets = true } = options;
  const byName = new Map<string, number>();
  for (const [j, c] of table.columns.entries()) {
    if (!byName.has(columnKey(c.name))) byName.set(columnKey(c.name), j);
  }
  const inputs = schema.inputs.map((e) => {
    const j = findColumn(table, byName, e.column, 'an input of the model');
    return e.kind === 'numeric'
      ? numericReader(table, j)
      : oneHotReader(table, j, e.categories, 'categories seen in training');
  });
  const target = schema.target;
  const targets: ColumnReader[] = !withTargets
    ? []
    : target.kind === 'numeric'
      ? target.columns.map((name) =>
          numericReader(table, findColumn(table, byName, name, 'a target')),
        )
      : [
          oneHotReader(
            table,
            findColumn(table, byName, target.column, 'the target'),
            target.labels,
            'classes',
          ),
        ];
  const features = featureNames(schema);
  const outputs = outputNames(schema);
  const nx = features.length;
  const ny = outputs.length;

  // One pass: each row is written in place, and overwritten by the next one if it is dropped.
  let X = allocateFor(table, dtype, nx, 'input features');
  const perClass =
    target.kind === 'classes'
      ? ` (one per class of the target "${target.column}": is it a column of names or ids?)`
      : '';
  let Y = allocateFor(table, dtype, withTargets ? ny : 0, `outputs${perClass}`);
  let sourceRows = new Uint32Array(table.rows);
  let kept = 0;
  for (let r = 0; r < table.rows; r++) {
    const unusable = writeRow(inputs, r, X, kept * nx) ?? writeRow(targets, r, Y, kept * ny);
    if (unusable) {
      reportOrDrop(table, unusable.index, r, unusable.what, dropRows);
      continue;
    }
    sourceRows[kept++] = r;
  }
  if (kept === 0) {
    throw new DataError(
      `${table.fileName}: every row has a missing or unusable cell; nothing is left to use`,
    );
  }
  if (kept < table.rows) {
    X = X.slice(0, kept * nx);
    Y = Y.slice(0, withTargets ? kept * ny : 0);
    sourceRows = sourceRows.slice(0, kept);
  }
  let classes: Int32Array | null = null;
  if (withTargets && target.kind === 'classes') {
    classes = new Int32Array(kept);
    for (let r = 0; r < kept; r++) {
      for (let k = 0; k < ny; k++) if (Y[r * ny + k] === 1) classes[r] = k;
    }
  }
  return {
    X: { rows: kept, cols: nx, data: X },
    Y: { rows: withTargets ? kept : 0, cols: ny, data: Y },
    sourceRows,
    dropped: table.rows - kept,
    classes,
    features,
    outputs,
  };
}

/** rows × cols for the table, or a DataError saying that it is too large to hold (not a RangeError). */
function allocateFor(table: Table, dtype: DType, cols: number, what: string) {
  try {
    return allocate(dtype, table.rows * cols);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new DataError(
      `${table.fileName}: ${table.rows} rows × ${cols} ${what} are too many numbers to hold in memory`,
    );
  }
}

/** The error code of a cell that cannot be used (the CLI adds how to drop such rows). */
export const UNUSABLE_CELL = 'unusable-cell';

function reportOrDrop(table: Table, j: number, r: number, what: string, dropRows: boolean): void {
  if (dropRows) return;
  throw new DataError(
    `${table.fileName}: row ${sheetRow(table, r)}, ${columnLabel(j, table.columns[j].name)} ${what}`,
    UNUSABLE_CELL,
  );
}
