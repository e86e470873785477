// The dataset's state: a numeric target that looks like class labels is taken for classes when
// it loads (or becomes the target), and the choice decides the output layer's units.
import { describe, expect, it } from 'vitest';
import type { ColumnSummary, DatasetSummary } from '../../core/types';
import { DatasetState, looksLikeClasses } from './dataset.svelte';

const numeric = (name: string, min: number, max: number, distinct: number): ColumnSummary => ({
  name,
  kind: 'numeric',
  missing: 0,
  min,
  max,
  mean: (min + max) / 2,
  distinct,
});

function summary(target: ColumnSummary): DatasetSummary {
  return {
    name: 'data.csv',
    rows: 500,
    columns: [numeric('x1', -1, 1, 500), numeric('x2', 0, 16, 17), target],
    preview: [],
    suggestedRoles: ['input', 'input', 'target'],
  };
}

describe('looksLikeClasses', () => {
  it('takes whole numbers with 2 to 10 distinct values for class labels', () => {
    expect(looksLikeClasses(numeric('digit', 0, 9, 10))).toBe(true);
    expect(looksLikeClasses(numeric('diagnosis', 0, 1, 2))).toBe(true);
    expect(looksLikeClasses(numeric('progression', 25, 346, 214))).toBe(false);
    expect(looksLikeClasses(numeric('score', 0, 10, 11))).toBe(false);
    expect(looksLikeClasses(numeric('dose', 0.5, 1.5, 3))).toBe(false);
    expect(looksLikeClasses(numeric('constant', 1, 1, 1))).toBe(false);
  });
});

describe('DatasetState', () => {
  it('classifies digits 0–9 on loading, one output unit per digit, until told otherwise', () => {
    const data = new DatasetState();
    data.load(summary(numeric('digit', 0, 9, 10)));
    expect(data.numericTarget).toBe(true);
    expect(data.targetClasses).toBe(true);
    expect(data.classification).toBe(true);
    expect(data.outputUnits).toBe(10);
    data.targetClasses = false;
    expect(data.classification).toBe(false);
    expect(data.outputUnits).toBe(1);
  });

  it('regresses on a number with many values', () => {
    const data = new DatasetState();
    data.load(summary(numeric('progression', 25, 346, 214)));
    expect(data.targetClasses).toBe(false);
    expect(data.classification).toBe(false);
    expect(data.outputUnits).toBe(1);
  });

  it('looks again at a new target, and offers no classes for two numeric targets', () => {
    const data = new DatasetState();
    data.load(summary(numeric('progression', 25, 346, 214)));
    data.setRole(2, 'input');
    data.setRole(1, 'target'); // x2: whole numbers 0–16, 17 values: a number
    expect(data.targetClasses).toBe(false);
    data.load(summary(numeric('digit', 0, 9, 10)));
    data.setRole(1, 'target'); // digit and x2 both targets
    expect(data.numericTarget).toBe(false);
    expect(data.classification).toBe(false);
    expect(data.outputUnits).toBe(2);
    data.setRole(1, 'input'); // digit alone again
    expect(data.classification).toBe(true);
    expect(data.outputUnits).toBe(10);
  });
});

describe('the names of the input and output units', () => {
  const text = (
    name: string,
    categories: string[] | undefined,
    distinct: number,
  ): ColumnSummary => ({
    name,
    kind: 'text',
    missing: 0,
    min: null,
    max: null,
    mean: null,
    distinct,
    ...(categories ? { categories } : {}),
  });

  it('names a one-hot input by column=category and a text target by its classes', () => {
    const data = new DatasetState();
    data.load({
      ...summary(text('species', ['setosa', 'versicolor', 'virginica'], 3)),
      columns: [
        numeric('petal_length', 1, 6.9, 43),
        text('colour', ['red', 'blue'], 2),
        text('species', ['setosa', 'versicolor', 'virginica'], 3),
      ],
    });
    expect(data.inputNames).toEqual(['petal_length', 'colour=red', 'colour=blue']);
    expect(data.outputNames).toEqual(['setosa', 'versicolor', 'virginica']);
  });

  it('names a regression by its target columns', () => {
    const data = new DatasetState();
    data.load(summary(numeric('progression', 25, 346, 214)));
    expect(data.outputNames).toEqual(['progression']);
    data.setRole(1, 'target');
    expect(data.outputNames).toEqual(['x2', 'progression']);
  });

  it('leaves unnamed the classes the summary does not list', () => {
    const data = new DatasetState();
    data.load(summary(numeric('digit', 0, 9, 10))); // numeric, taken for classes
    expect(data.outputNames).toBeNull();
    data.targetClasses = false;
    expect(data.outputNames).toEqual(['digit']);
    data.load(summary(text('word', undefined, 500))); // too many values to list
    expect(data.outputNames).toBeNull();
  });
});

describe('the training rows', () => {
  it('are the rows left once validation and test are held out, exactly for a regression', () => {
    const data = new DatasetState();
    expect(data.trainingRows).toBeNull();
    data.load(summary(numeric('progression', 25, 346, 214)));
    // 500 rows: 10 % test (50) and 20 % validation (100) held out
    expect(data.trainingRows).toEqual({ rows: 350, exact: true });
    data.enterPercent('validationPercent', '0');
    data.enterPercent('testPercent', '25');
    expect(data.trainingRows).toEqual({ rows: 375, exact: true });
  });

  it('are about as many for classes, which are split one by one, when the summary does not count them', () => {
    const data = new DatasetState();
    data.load(summary(numeric('digit', 0, 9, 10)));
    expect(data.trainingRows).toEqual({ rows: 350, exact: false });
  });

  it('are exact for classes the summary counts: each class rounds its own shares', () => {
    const data = new DatasetState();
    // 5 rows: 1 test (round 0.5), 1 validation, 3 train; 490 rows: 49 test, 98 validation, 343 train
    data.load(summary({ ...numeric('digit', 0, 2, 3), classSizes: [5, 5, 490] }));
    expect(data.classification).toBe(true);
    expect(data.trainingRows).toEqual({ rows: 3 + 3 + 343, exact: true });
    // taken for a number again: all 500 rows are one group (350 train)
    data.targetClasses = false;
    expect(data.trainingRows).toEqual({ rows: 350, exact: true });
  });

  it('are unknown while the split is wrong', () => {
    const data = new DatasetState();
    data.load(summary(numeric('progression', 25, 346, 214)));
    data.enterPercent('testPercent', '0x10');
    expect(data.trainingRows).toBeNull();
    data.enterPercent('testPercent', '95');
    expect(data.trainingRows).toBeNull();
  });
});

describe('cells training cannot take', () => {
  /** x1, x2 and a digit target: problems given per column (the summary's empty and invalid). */
  function withProblems(x1: Partial<ColumnSummary>, x2: Partial<ColumnSummary>, y = {}) {
    const data = new DatasetState();
    const base = summary({ ...numeric('digit', 0, 2, 3), ...y });
    data.load({
      ...base,
      columns: [{ ...base.columns[0], ...x1 }, { ...base.columns[1], ...x2 }, base.columns[2]],
    });
    return data;
  }
  /** Cells in these table rows (0-based, ascending): the first is row + 2 of the file. */
  const cells = (rows: number[]) => ({ count: rows.length, row: rows[0] + 2, rows: { rows } });
  const empty = (...rows: number[]) => ({ empty: cells(rows) });
  const invalid = (...rows: number[]) => ({
    invalid: { ...cells(rows), problem: 'has "oops", which is not a number' },
  });

  it('come in the order encoding meets them: by row, then inputs before the target, left to right', () => {
    const data = withProblems(empty(7, 20, 30), invalid(2, 7), empty(2));
    expect(data.cellProblems.map((p) => [p.name, p.kind, p.row])).toEqual([
      ['x2', 'invalid', 4],
      ['digit', 'empty', 4],
      ['x1', 'empty', 9],
    ]);
    // Start refuses with the first one's error.
    expect(data.problems).toContainEqual({
      field: 'rows',
      message: 'data.csv: row 4, column 2 "x2" has "oops", which is not a number',
    });
    // Rows 2 and 7 have such cells in two columns each: 4 rows, not 6.
    expect(data.rowsWithBadCells).toBe(4);
    expect(data.rowsLeftOut).toBe(0);
    data.badRows = 'leave-out';
    expect(data.problems).toEqual([]);
    expect(data.rowsLeftOut).toBe(4);
  });

  it('counts rows of several columns exactly: apart, together, and once when in both', () => {
    expect(withProblems(empty(1, 2), empty(5, 6, 7)).rowsWithBadCells).toBe(5);
    expect(withProblems(empty(1, 2), empty(1, 2)).rowsWithBadCells).toBe(2);
    // A row empty in x1 and invalid in x2, and a column's empty and invalid cells together.
    expect(withProblems(empty(3), { ...invalid(3, 9), ...empty(4) }).rowsWithBadCells).toBe(3);
    // Bits (a table row a bit) and lists alike: x1 rows 0, 31 and 33; x2 rows 33 and 40.
    const bits = { empty: { count: 3, row: 2, rows: { bits: [0x80000001 >>> 0, 0b10] } } };
    expect(withProblems(bits, empty(33, 40)).rowsWithBadCells).toBe(4);
  });

  it('leave out what an ignored column holds, and a class target makes classes of its text', () => {
    const data = withProblems(empty(7, 20, 30), {}, invalid(3, 7));
    data.badRows = 'leave-out';
    // digit (0–2, whole) is taken for classes: its text cells are classes of their own.
    expect(data.numericClasses).toBe(true);
    expect(data.cellProblems.map((p) => p.name)).toEqual(['x1']);
    expect(data.rowsLeftOut).toBe(3);
    data.targetClasses = false;
    expect(data.cellProblems.map((p) => p.name)).toEqual(['digit', 'x1']); // rows 5 and 9
    expect(data.rowsLeftOut).toBe(4); // row 7 in both
    data.setRole(0, 'ignored');
    data.targetClasses = false; // setRole suggested classes again
    expect(data.cellProblems.map((p) => p.name)).toEqual(['digit']);
    expect(data.rowsLeftOut).toBe(2);
    data.setRole(2, 'ignored');
    expect(data.rowsLeftOut).toBe(0);
    data.setRole(2, 'input');
    data.setRole(0, 'target');
    expect(data.rowsLeftOut).toBe(4);
  });

  it('are not among the training rows once left out', () => {
    const data = withProblems(empty(7, 20, 30), invalid(2, 7));
    data.targetClasses = false;
    expect(data.trainingRows).toEqual({ rows: 350, exact: true });
    data.badRows = 'leave-out';
    // 496 rows: 50 for test (10 %), 99 for validation (20 %).
    expect(data.trainingRows).toEqual({ rows: 347, exact: true });
    // Classes: which ones the 4 rows had the summary does not tell.
    data.targetClasses = true;
    expect(data.trainingRows).toEqual({ rows: 347, exact: false });
  });

  it('a new file starts by refusing them again', () => {
    const data = withProblems(empty(0), {});
    data.badRows = 'leave-out';
    data.load(summary(numeric('digit', 0, 2, 3)));
    expect(data.badRows).toBe('refuse');
    expect(data.rowsLeftOut).toBe(0);
  });
});
