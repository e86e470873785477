// Predict a file…: the file's columns and the predictions, and, when the run left rows out for an
// empty or invalid cell, the row column `backprop predict` writes, to match each line to its row.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvParseRows } from 'd3-dsv';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../core/csv';
import { encode, fileRow, ROW_COLUMN } from '../../core/dataset';
import { DEFAULT_HYPERPARAMETERS } from '../../core/hyperparameters';
import { createNetwork } from '../../core/network';
import { Random } from '../../core/random';
import type { SessionConfig } from '../shared/api';
import { predictTable } from './predictions';
import { prepare } from './prepare';

const irisText = readFileSync(
  join(import.meta.dirname, '..', '..', 'examples', 'iris.csv'),
  'utf8',
);

const config = (badRows: SessionConfig['badRows']): SessionConfig => ({
  roles: ['input', 'input', 'input', 'input', 'target'],
  normalization: 'zscore',
  validationFraction: 0,
  testFraction: 0.2,
  hiddenLayers: [{ units: 3, activation: 'sigmoid' }],
  outputActivation: 'softmax',
  loss: 'cross-entropy',
  hyperparameters: { ...DEFAULT_HYPERPARAMETERS },
  badRows,
});

/** A seeded network for the run `prepared` sets up (the numbers do not matter here). */
function network(prepared: ReturnType<typeof prepare>) {
  return createNetwork(prepared.spec, {
    dtype: 'float64',
    initScheme: 'uniform',
    random: new Random(1),
  });
}

describe('predictTable', () => {
  // bad_empty.csv of the QA walk: iris with an empty cell in file rows 4 and 7.
  const lines = irisText.trimEnd().split(/\r?\n/);
  lines[3] = lines[3].replace(/^[^,]*/, '');
  lines[6] = lines[6].replace(/,[^,]*,/, ',,');
  const text = `${lines.join('\n')}\n`;
  const table = readCsv(text, 'bad_empty.csv');

  it('numbers each row as the file does when rows are left out, as backprop predict --drop-rows', () => {
    const prepared = prepare(table, config('leave-out'));
    const out = predictTable(network(prepared), prepared, table);
    expect(out).toMatchObject({ rows: 148, leftOut: 2, rowColumn: 'row' });
    const [header, ...rows] = csvParseRows(out.csv.trimEnd());
    expect(header.slice(0, 6)).toEqual([
      'row',
      'sepal_length_cm',
      'sepal_width_cm',
      'petal_length_cm',
      'petal_width_cm',
      'species',
    ]);
    expect(rows.slice(0, 4).map((r) => r[0])).toEqual(['2', '3', '5', '6']);
    // Each line holds the cells of the file's line its row column names.
    const source = text.trimEnd().split(/\r?\n/);
    for (const row of rows) {
      expect(row.slice(1, 6).join(',')).toBe(source[Number(row[0]) - 1]);
    }
    // The numbers backprop predict writes: one function, core/dataset fileRow.
    const encoded = encode(table, prepared.schema, { withTargets: false, dropRows: true });
    expect(rows.map((r) => Number(r[0]))).toEqual(
      Array.from(encoded.sourceRows, (_, k) => fileRow(table, encoded, k)),
    );
    expect(ROW_COLUMN).toBe('row');
  });

  it('writes no row column when no row is left out (a line a row, in order)', () => {
    const whole = readCsv(irisText, 'iris.csv');
    const prepared = prepare(table, config('leave-out'));
    const out = predictTable(network(prepared), prepared, whole);
    expect(out).not.toHaveProperty('leftOut');
    expect(out).not.toHaveProperty('rowColumn');
    expect(csvParseRows(out.csv)[0][0]).toBe('sepal_length_cm');
  });

  it('counts blank lines in the row numbers, and names the column apart from a column "row"', () => {
    const prepared = prepare(table, config('leave-out'));
    const fresh = readCsv(
      'row,sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm\n1,5,3,1,0.2\n\n2,,3,1,0.2\n3,6,3,5,2\n',
      'fresh.csv',
    );
    const out = predictTable(network(prepared), prepared, fresh);
    expect(out).toMatchObject({ rows: 2, leftOut: 1, rowColumn: 'file row' });
    const [header, ...rows] = csvParseRows(out.csv.trimEnd());
    expect(header.slice(0, 2)).toEqual(['file row', 'row']);
    expect(rows.map((r) => r.slice(0, 2))).toEqual([
      ['2', '1'],
      ['5', '3'],
    ]);
  });
});
