import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv } from './csv';
import {
  checkCrossEntropyTargets,
  checkFloat32Range,
  classOrder,
  encode,
  featureNames,
  inputNames,
  rolesFromNames,
  schemaFromRoles,
  suggestRoles,
  summarize,
  UNUSABLE_CELL,
  type DataSchema,
} from './dataset';
import { countRows } from './row-set';
import { splitCounts, splitRows } from './split';
import type { CellProblems, ColumnRole } from './types';

const iris = readCsv(
  readFileSync(join(import.meta.dirname, '..', 'examples', 'iris.csv'), 'utf8'),
  'iris.csv',
);

describe('summarize', () => {
  it('describes the iris example: kinds, statistics, preview and roles', () => {
    const s = summarize(iris);
    expect(s.name).toBe('iris.csv');
    expect(s.rows).toBe(150);
    expect(s.columns.map((c) => c.kind)).toEqual([
      'numeric',
      'numeric',
      'numeric',
      'numeric',
      'text',
    ]);
    expect(s.columns[0]).toMatchObject({
      name: 'sepal_length_cm',
      missing: 0,
      min: 4.3,
      max: 7.9,
      distinct: 35,
    });
    expect(s.columns[0].mean).toBeCloseTo(5.843333, 6);
    expect(s.columns[4]).toMatchObject({ kind: 'text', distinct: 3, min: null, mean: null });
    expect(s.preview).toHaveLength(10);
    expect(s.preview[0]).toEqual(['5.1', '3.5', '1.4', '0.2', 'setosa']);
    expect(s.suggestedRoles).toEqual(['input', 'input', 'input', 'input', 'target']);
  });

  it('counts empty and non-numeric cells as missing and keeps their text in the preview', () => {
    const s = summarize(readCsv('a,b\n1,x\n?,\n3,y\n', 'm.csv'));
    expect(s.columns[0]).toMatchObject({
      kind: 'numeric',
      missing: 1,
      min: 1,
      max: 3,
      mean: 2,
      distinct: 2,
    });
    expect(s.columns[1]).toMatchObject({ kind: 'text', missing: 1, distinct: 2 });
    expect(s.preview).toEqual([
      ['1', 'x'],
      ['?', ''],
      ['3', 'y'],
    ]);
  });

  it('counts empty cells and cells that are no float64 apart, each with its first row in the file', () => {
    // A blank line before row 6 moves the later rows down by one, as encode's messages count them.
    const table = readCsv('x1,x2,c\n1,2,a\n,oops,b\n3,1e999,\n4,,a\n\n,6,b\n7,8,a\n', 'p.csv');
    const [x1, x2, c] = summarize(table).columns;
    expect(x1).toMatchObject({ missing: 2, empty: { count: 2, row: 3 } });
    expect(x1.invalid).toBeUndefined();
    expect(x2).toMatchObject({
      missing: 3,
      empty: { count: 1, row: 5 },
      invalid: { count: 2, row: 3, problem: 'has "oops", which is not a number' },
    });
    expect(c).toMatchObject({ kind: 'text', missing: 1, empty: { count: 1, row: 4 } });
    expect(c.invalid).toBeUndefined();
    // 1e999 first: too large for a float64, in the words encode's error uses after the column.
    const big = summarize(readCsv('x,y\n1,2\n1e999,3\n4,5\n', 'big.csv')).columns[0];
    expect(big).toMatchObject({ missing: 1, invalid: { count: 1, row: 3 } });
    expect(big.empty).toBeUndefined();
    const t = readCsv('x,y\n1,2\n1e999,3\n4,5\n', 'big.csv');
    expect(() => encode(t, schemaFromRoles(t, ['input', 'target']))).toThrow(
      `big.csv: row 3, column 1 "x" ${big.invalid!.problem}`,
    );
    expect(big.invalid!.problem).toBe(
      'has "1e999", which is too large for a float64 (at most ±1.8e308)',
    );
    // Thousands grouped by dots in a column that also writes a decimal point: said why.
    const mixed = readCsv('x;y\n2.5;1\n1.234,5;2\n3;3\n', 'mixed.csv');
    const [x] = summarize(mixed).columns;
    expect(x).toMatchObject({ kind: 'numeric', missing: 1, invalid: { count: 1, row: 3 } });
    expect(x.invalid!.problem).toBe(
      'has "1.234,5", which is not a number here: its dots group thousands, but other numbers of the column have a decimal point (as in 2.5), so which is meant is unclear; write every number of the column one way',
    );
    expect(() => encode(mixed, schemaFromRoles(mixed, ['input', 'target']))).toThrow(
      `mixed.csv: row 3, column 1 "x" ${x.invalid!.problem}`,
    );
    // The same cell in a column that writes no decimal point is a number.
    const grouped = summarize(readCsv('x;y\n2,5;1\n1.234,5;2\n3;3\n', 'de.csv')).columns[0];
    expect(grouped).toMatchObject({ kind: 'numeric', missing: 0, min: 2.5, max: 1234.5 });
    // The table rows (0-based, the blank line not counted) of each, exactly: rows 1 and 2 have
    // such cells in two columns, and leaving out rows with any leaves out 4 rows, as encode does.
    const rows = (p: CellProblems | undefined) => countRows(p ? [p.rows] : [], table.rows);
    expect([rows(x1.empty), rows(x2.empty), rows(x2.invalid), rows(c.empty)]).toEqual([2, 1, 2, 1]);
    const all = [x1.empty!, x2.empty!, x2.invalid!, c.empty!].map((p) => p.rows);
    expect(countRows(all, table.rows)).toBe(4);
    const schema = schemaFromRoles(table, ['input', 'input', 'target']);
    expect(encode(table, schema, { dropRows: true }).sourceRows).toEqual(Uint32Array.of(0, 5));
    // x2 ignored: rows 1 (x1), 2 (c) and 4 (x1).
    expect(countRows([x1.empty!.rows, c.empty!.rows], table.rows)).toBe(3);
    // A column without problems says none.
    const clean = summarize(readCsv('x,y\n1,a\n2,b\n', 'c.csv')).columns;
    expect(clean.map((col) => [col.empty, col.invalid])).toEqual([
      [undefined, undefined],
      [undefined, undefined],
    ]);
  });

  it("names the cell encode's error names first, and its rows count the rows left out", () => {
    const schema: DataSchema = {
      inputs: [
        { column: 'x1', kind: 'numeric' },
        { column: 'x2', kind: 'numeric' },
      ],
      target: { kind: 'classes', column: 'y', labels: ['a', 'b'] },
    };
    const cell = fc.constantFrom('1', '-2.5', '3', '', 'oops', '1e999');
    const rows = fc.array(fc.tuple(cell, cell, fc.constantFrom('a', 'b', '')), {
      minLength: 1,
      maxLength: 12,
    });
    fc.assert(
      fc.property(rows, (cells) => {
        const table = readCsv(['x1,x2,y', ...cells.map((r) => r.join(','))].join('\n'), 'r.csv');
        // Mostly text, a column is text, whose cells summarize cannot call invalid.
        fc.pre(table.columns[0].kind === 'numeric' && table.columns[1].kind === 'numeric');
        const columns = summarize(table).columns;
        // The first problem: smallest row, then inputs before the target, left to right.
        const problems = columns.flatMap((c, j) => [
          ...(c.empty ? [{ row: c.empty.row, j, what: 'is empty' }] : []),
          ...(c.invalid ? [{ row: c.invalid.row, j, what: c.invalid.problem }] : []),
        ]);
        problems.sort((p, q) => p.row - q.row || p.j - q.j);
        const bad = cells.filter((r) =>
          r.some((text, j) => text === '' || (j < 2 && !Number.isFinite(Number(text)))),
        );
        if (problems.length === 0) {
          expect(encode(table, schema).dropped).toBe(0);
          return;
        }
        const [first] = problems;
        expect(() => encode(table, schema)).toThrow(
          `r.csv: row ${first.row}, column ${first.j + 1} "${table.columns[first.j].name}" ${first.what}`,
        );
        // Rows left out: the rows of all the columns' cells together, each row once.
        const sets = columns.flatMap((c) => [c.empty, c.invalid].flatMap((p) => p?.rows ?? []));
        expect(countRows(sets, table.rows)).toBe(bad.length);
        if (bad.length < cells.length) {
          expect(encode(table, schema, { dropRows: true }).dropped).toBe(bad.length);
        }
      }),
    );
  });

  it('gives the mean of numbers near the largest float64 (their sum overflows)', () => {
    const s = summarize(readCsv('a,y\n1.7e308,1\n1.7e308,2\n-1.7e308,3\n', 'big.csv'));
    expect(s.columns[0]).toMatchObject({ min: -1.7e308, max: 1.7e308 });
    expect(s.columns[0].mean! / 1e308).toBeCloseTo(1.7 / 3, 14);
    expect(summarize(readCsv('a\n1.7e308\n1.7e308\n', 'big.csv')).columns[0].mean).toBe(1.7e308);
  });

  it('gives a text column its categories in the order one-hot encoding gives them units', () => {
    const table = readCsv('colour,size,y\nblue,7,a\nred,2,b\n,9,a\nblue,4,b\ngreen,5,a\n', 'c.csv');
    const s = summarize(table);
    expect(s.columns[0].categories).toEqual(['blue', 'red', 'green']);
    expect(s.columns[1].categories).toBeUndefined();
    const schema = schemaFromRoles(table, s.suggestedRoles);
    expect(schema.inputs[0]).toEqual({
      column: 'colour',
      kind: 'one-hot',
      categories: s.columns[0].categories,
    });
    // the names W1.csv and the model file use, from the summary alone
    expect(featureNames({ inputs: schema.inputs })).toEqual([
      'colour=blue',
      'colour=red',
      'colour=green',
      'size',
    ]);
    // too many values to be an input: no categories to carry
    const names = Array.from({ length: 21 }, (_, r) => `n${r},${r}`);
    const wide = summarize(readCsv(['name,y', ...names].join('\n'), 'w.csv'));
    expect(wide.columns[0]).toMatchObject({ kind: 'text', distinct: 21 });
    expect(wide.columns[0].categories).toBeUndefined();
  });

  it('counts the rows of each value a column would make a class of', () => {
    const s = summarize(readCsv('t,n,x\nb,1,0.5\na,0,?\nb,1,2\n,-0,n/a\nb,2.50,2\n', 'k.csv'));
    // text: by first appearance, empty cells left out (they are no class)
    expect(s.columns[0]).toMatchObject({ categories: ['b', 'a'], classSizes: [3, 1] });
    // numbers by value (-0 is 0, "2.50" is 2.5); cells of other text are classes of their own
    expect(s.columns[1].classSizes).toEqual([2, 2, 1]);
    expect(s.columns[2].classSizes).toEqual([1, 2, 1, 1]);
    // DISTINCT_CAP values or more: not counted
    const many = Array.from({ length: 1000 }, (_, r) => `${r},t${r}`);
    const wide = summarize(readCsv(['n,t', ...many].join('\n'), 'w.csv'));
    expect(wide.columns[0].classSizes).toBeUndefined();
    expect(wide.columns[1].classSizes).toBeUndefined();
  });

  it('gives the class sizes that make splitRows keep splitCounts training rows (property)', () => {
    const cell = fc.constantFrom('a', 'b', 'c', '1', '2', '-0', '0', '2.5', '1e1', '10', '?');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -9, max: 9, noNaN: true }), cell, cell), {
          minLength: 1,
          maxLength: 120,
        }),
        fc.integer({ min: 0, max: 45 }),
        fc.integer({ min: 0, max: 45 }),
        fc.integer(),
        (rows, v, t, seed) => {
          const text = ['x,y,z', ...rows.map((r) => r.join(','))].join('\n');
          const table = readCsv(text, 'p.csv');
          const summary = summarize(table);
          const [validation, test] = [v / 100, t / 100];
          for (const target of [1, 2]) {
            const roles = ['input', 'input', 'input'] as ColumnRole[];
            roles[target] = 'target';
            roles[3 - target] = 'ignored';
            // (a single class is no classification: schemaFromRoles says so)
            if (summary.columns[target].classSizes!.length < 2) continue;
            const schema = schemaFromRoles(table, roles, { numericClasses: true });
            if (schema.target.kind !== 'classes') throw new Error('a class target');
            const { classes } = encode(table, schema);
            const split = splitRows(table.rows, { validation, test, seed, classes });
            const sizes = summary.columns[target].classSizes!;
            expect(sizes.length).toBe(schema.target.labels.length);
            expect(splitCounts(sizes, validation, test).train).toBe(split.train.length);
          }
          // a numeric target: all the rows are one group
          const split = splitRows(table.rows, { validation, test, seed });
          expect(splitCounts([summary.rows], validation, test).train).toBe(split.train.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('suggests ignoring an id column, an empty column and text with many values', () => {
    const header = 'id,name,blank,x,y';
    const rows = Array.from({ length: 30 }, (_, r) => `${r + 1},person${r},,${r % 7},${r % 2}`);
    const table = readCsv([header, ...rows].join('\n'), 'p.csv');
    expect(suggestRoles(table)).toEqual(['ignored', 'ignored', 'ignored', 'input', 'target']);
    expect(suggestRoles(readCsv(',x,y\n0,1,2\n1,3,4\n', 'u.csv'))).toEqual([
      'ignored',
      'input',
      'target',
    ]);
  });
});

describe('rolesFromNames: the command line starts from the roles the app suggests', () => {
  /** Iris as pandas writes it with its index: an unnamed first column 0, 1, 2, …. */
  const csv = readFileSync(join(import.meta.dirname, '..', 'examples', 'iris.csv'), 'utf8');
  const pandas = readCsv(
    csv
      .trimEnd()
      .split('\n')
      .map((line, r) => `${r === 0 ? '' : r - 1},${line}`)
      .join('\n'),
    'iris_pandas.csv',
  );

  it('ignores an unnamed index column as the app does, and says why', () => {
    const { roles, ignoredByDefault } = rolesFromNames(pandas, {});
    expect(roles).toEqual(suggestRoles(pandas));
    expect(roles).toEqual(['ignored', 'input', 'input', 'input', 'input', 'target']);
    expect(ignoredByDefault).toEqual([
      { index: 0, name: 'column 1', reason: 'no name in the header: an index?' },
    ]);
    expect(featureNames(schemaFromRoles(pandas, roles))).toHaveLength(4);
  });

  it('gives the roles the data panel suggests when no column is named', () => {
    const rows = Array.from(
      { length: 30 },
      (_, r) => `${r + 1},person${r},,${r % 7},${r},${r % 2}`,
    );
    const table = readCsv(['id,name,blank,x,step,y', ...rows].join('\n'), 'p.csv');
    const { roles, ignoredByDefault } = rolesFromNames(table, {});
    expect(roles).toEqual(suggestRoles(table));
    expect(roles).toEqual(['ignored', 'ignored', 'ignored', 'input', 'ignored', 'target']);
    expect(ignoredByDefault.map((c) => [c.name, c.reason])).toEqual([
      ['id', 'named like an id'],
      ['name', 'text with 30 distinct values, too many to one-hot encode'],
      ['blank', 'every cell is empty'],
      ['step', 'numbers the rows 0, 1, 2, …'],
    ]);
    expect(rolesFromNames(iris, {})).toEqual({ roles: suggestRoles(iris), ignoredByDefault: [] });
  });

  it('lets --target, --ignore and --input override the defaults', () => {
    // Another target: the last column takes the default of any other (an input here).
    expect(rolesFromNames(pandas, { target: ['sepal_length_cm'] }).roles).toEqual([
      'ignored',
      'target',
      'input',
      'input',
      'input',
      'input',
    ]);
    // A column the defaults leave out is an input when named so; named, it is not reported.
    const named = rolesFromNames(pandas, { input: ['column 1'], ignore: ['sepal_width_cm'] });
    expect(named.roles).toEqual(['input', 'input', 'ignored', 'input', 'input', 'target']);
    expect(named.ignoredByDefault).toEqual([]);
    // A target named explicitly is the target, though the defaults would leave it out.
    expect(rolesFromNames(pandas, { target: ['column 1'] }).roles[0]).toBe('target');
  });

  it('refuses a column named for two roles', () => {
    const cases: [Parameters<typeof rolesFromNames>[1], string][] = [
      [{ ignore: ['species'] }, 'column 6 "species" cannot be both a target and ignored'],
      [{ input: ['species'] }, 'column 6 "species" cannot be both a target and an input'],
      [
        { input: ['column 1'], ignore: ['column 1'] },
        'column 1 "column 1" cannot be both an input and ignored',
      ],
    ];
    for (const [names, message] of cases) {
      expect(() => rolesFromNames(pandas, names)).toThrow(`iris_pandas.csv: ${message}`);
    }
  });
});

describe('roles and schema', () => {
  it('takes the last column as the target and encodes classes one-hot in order of first appearance', () => {
    const schema = schemaFromRoles(iris, rolesFromNames(iris, {}).roles);
    expect(schema.target).toEqual({
      kind: 'classes',
      column: 'species',
      labels: ['setosa', 'versicolor', 'virginica'],
    });
    const data = encode(iris, schema);
    expect(data.X.rows).toBe(150);
    expect(data.X.cols).toBe(4);
    expect(Array.from(data.X.data.subarray(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2]);
    expect(Array.from(data.Y.data.subarray(0, 3))).toEqual([1, 0, 0]);
    expect(Array.from(data.Y.data.subarray(149 * 3))).toEqual([0, 0, 1]);
    expect(data.classes![0]).toBe(0);
    expect(data.classes![149]).toBe(2);
    expect(data.outputs).toEqual(['setosa', 'versicolor', 'virginica']);
  });

  it('one-hot encodes a text input with few values and keeps numeric targets as they are', () => {
    const table = readCsv(
      'colour,size,price,weight\nred,1,10,0.5\nblue,3,20,0.25\nred,2,30,1\n',
      's.csv',
    );
    const schema = schemaFromRoles(
      table,
      rolesFromNames(table, { target: ['price', 'weight'] }).roles,
    );
    expect(featureNames(schema)).toEqual(['colour=red', 'colour=blue', 'size']);
    const data = encode(table, schema, { dtype: 'float32' });
    expect(data.X.data).toBeInstanceOf(Float32Array);
    expect(Array.from(data.X.data)).toEqual([1, 0, 1, 0, 1, 3, 1, 0, 2]);
    expect(Array.from(data.Y.data)).toEqual([10, 0.5, 20, 0.25, 30, 1]);
    expect(data.classes).toBeNull();
  });

  it('treats a numeric target as classes when asked (labels in numeric order)', () => {
    const table = readCsv('x,digit\n1,7\n2,0\n3,7\n4,1\n', 'd.csv');
    const schema = schemaFromRoles(table, ['input', 'target'], { numericClasses: true });
    expect(schema.target).toEqual({ kind: 'classes', column: 'digit', labels: ['0', '1', '7'] });
    const data = encode(table, schema);
    expect(Array.from(data.classes!)).toEqual([2, 0, 2, 1]);
    expect(schemaFromRoles(table, ['input', 'target']).target).toEqual({
      kind: 'numeric',
      columns: ['digit'],
    });
  });

  it('orders number classes by value (1, 2, 10; negatives, decimals), text by first appearance', () => {
    const classes = (csv: string) => {
      const table = readCsv(csv, 'c.csv');
      const target = schemaFromRoles(table, ['input', 'target'], { numericClasses: true }).target;
      return target.kind === 'classes' ? target.labels : null;
    };
    expect(classes('x,y\n1,10\n2,2\n3,1\n4,10\n')).toEqual(['1', '2', '10']);
    expect(classes('x,y\n1,0.5\n2,-3\n3,-0.25\n4,2\n')).toEqual(['-3', '-0.25', '0.5', '2']);
    // text keeps first appearance; so do numbers mixed with text ("1e999" is beyond a float64)
    expect(classes('x,y\n1,b\n2,c\n3,a\n')).toEqual(['b', 'c', 'a']);
    expect(classes('x,y\n1,10\n2,2\n3,n/a\n4,1\n')).toEqual(['10', '2', 'n/a', '1']);
    expect(classes('x,y\n1,2\n2,1e999\n3,1\n')).toEqual(['2', '1e999', '1']);
    expect(classOrder(['10', '2', '1'])).toEqual(['1', '2', '10']);
  });

  it('encodes with a saved schema in its own class order', () => {
    const table = readCsv('x,y\n1,2\n2,10\n3,1\n', 'c.csv');
    const saved: DataSchema = {
      inputs: [{ column: 'x', kind: 'numeric' }],
      target: { kind: 'classes', column: 'y', labels: ['10', '2', '1'] },
    };
    expect(Array.from(encode(table, saved).classes!)).toEqual([1, 0, 2]);
  });

  it('encodes a new file by column name, without targets for prediction', () => {
    const schema = schemaFromRoles(iris, rolesFromNames(iris, {}).roles);
    const fresh = readCsv(
      'petal_width_cm,petal_length_cm,sepal_width_cm,sepal_length_cm\n0.2,1.4,3.5,5.1\n',
      'new.csv',
    );
    const data = encode(fresh, schema, { withTargets: false });
    expect(Array.from(data.X.data)).toEqual([5.1, 3.5, 1.4, 0.2]);
    expect(data.Y.rows).toBe(0);
  });

  it('drops rows with unusable cells when asked, and says how many', () => {
    const table = readCsv('x,y\n1,a\n,b\n3,\n?,a\n5,b\n', 'd.csv');
    const schema = schemaFromRoles(table, ['input', 'target']);
    const data = encode(table, schema, { dropRows: true });
    expect(data.dropped).toBe(3);
    expect(Array.from(data.X.data)).toEqual([1, 5]);
    expect(Array.from(data.sourceRows)).toEqual([0, 4]);
    expect(Array.from(data.classes!)).toEqual([0, 1]);
  });
});

describe('wide tables', () => {
  // Each column was found by a search through all of them: 100 000 columns took a minute.
  it('encodes a wide table reading each column name once, not once a column', () => {
    const n = 2000;
    const names = Array.from({ length: n }, (_, j) => `c${j}`);
    const rows = [0, 1].map((r) => names.map((_, j) => (j + r) % 5).join(','));
    const t = readCsv([names.join(','), ...rows].join('\n'), 'w.csv');
    const schema = schemaFromRoles(t, suggestRoles(t));
    let reads = 0;
    for (const column of t.columns) {
      const { name } = column;
      Object.defineProperty(column, 'name', { get: () => (reads++, name) });
    }
    const data = encode(t, schema);
    expect([data.X.rows, data.X.cols, data.Y.cols]).toEqual([2, n - 1, 1]);
    expect(data.X.data[n - 2]).toBe((n - 2) % 5);
    // A search per column read about n²/2 = 2 000 000 names.
    expect(reads).toBeLessThan(4 * n);
  });
});

describe('data errors name the file, row and column', () => {
  const cases: [string, string, () => unknown][] = [
    [
      'an empty numeric cell',
      'd.csv: row 3, column 1 "x" is empty',
      () => {
        const t = readCsv('x,y\n1,a\n,b\n', 'd.csv');
        return encode(t, schemaFromRoles(t, ['input', 'target']));
      },
    ],
    [
      'a non-numeric cell in a numeric column (row numbers count blank lines)',
      'd.csv: row 5, column 2 "age" has "?", which is not a number',
      () => {
        const t = readCsv('k,age,y\n1,30,a\n\n2,31,b\n3,?,a\n', 'd.csv');
        return encode(t, schemaFromRoles(t, ['input', 'input', 'target']));
      },
    ],
    [
      'a number too large for a float64',
      'd.csv: row 3, column 1 "x" has "-1e309", which is too large for a float64 (at most ±1.8e308)',
      () => {
        const t = readCsv('x,y\n1,a\n-1e309,b\n2,a\n', 'd.csv');
        return encode(t, schemaFromRoles(t, ['input', 'target']));
      },
    ],
    [
      'a class target of names, one class a row (100 000 × 100 000 outputs)',
      'ids.csv: 100000 rows × 100000 outputs (one per class of the target "name": is it a column of names or ids?) are too many numbers to hold in memory',
      () => {
        const rows = Array.from({ length: 100_000 }, (_, r) => `${r % 7},user${r}`);
        const t = readCsv(['x,name', ...rows].join('\n'), 'ids.csv');
        return encode(t, schemaFromRoles(t, ['input', 'target']));
      },
    ],
    [
      'a text input with too many values',
      'n.csv: column 1 "name" is text with 25 distinct values; an input can be text only with at most 20 (one-hot encoded): ignore the column or make it numeric',
      () => {
        const rows = Array.from({ length: 25 }, (_, r) => `n${r},${r % 2}`);
        const t = readCsv(['name,y', ...rows].join('\n'), 'n.csv');
        return schemaFromRoles(t, ['input', 'target']);
      },
    ],
    [
      'a single class',
      'one.csv: the target column 2 "label" has a single class "yes"; a classifier needs at least two',
      () => {
        const t = readCsv('x,label\n1,yes\n2,yes\n', 'one.csv');
        return schemaFromRoles(t, ['input', 'target']);
      },
    ],
    [
      'an unknown column name',
      'iris.csv: no column named "kind" (columns: "sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm", "species")',
      () => rolesFromNames(iris, { target: ['kind'] }),
    ],
    [
      'a column missing from a new file',
      'new.csv: no column named "petal_width_cm" (an input of the model)',
      () =>
        encode(
          readCsv('sepal_length_cm,sepal_width_cm,petal_length_cm\n1,2,3\n', 'new.csv'),
          schemaFromRoles(iris, rolesFromNames(iris, {}).roles),
          { withTargets: false },
        ),
    ],
    [
      'an unknown class in a new file',
      'new.csv: row 2, column 2 "species" has "daisy", which is not one of the classes ("setosa", "versicolor", "virginica")',
      () =>
        encode(
          readCsv(
            'sepal_length_cm,species,sepal_width_cm,petal_length_cm,petal_width_cm\n1,daisy,2,3,4\n',
            'new.csv',
          ),
          schemaFromRoles(iris, rolesFromNames(iris, {}).roles),
        ),
    ],
    [
      'no input',
      'iris.csv: no input column (every column is a target or ignored)',
      () => schemaFromRoles(iris, ['ignored', 'ignored', 'ignored', 'ignored', 'target']),
    ],
    [
      'two class targets',
      'm.csv: column 1 "a" holds classes, so it must be the only target; 2 columns are targets',
      () => {
        const t = readCsv('a,b,x\nu,1,2\nv,3,4\n', 'm.csv');
        return schemaFromRoles(t, ['target', 'target', 'input']);
      },
    ],
    [
      'every row dropped',
      'e.csv: every row has a missing or unusable cell; nothing is left to use',
      () => {
        const t = readCsv('x,y\n,1\n,2\n', 'e.csv');
        return encode(t, schemaFromRoles(t, ['input', 'target']), { dropRows: true });
      },
    ],
  ];
  for (const [name, message, run] of cases) {
    it(name, () => expect(run).toThrow(message));
  }

  it('names an encoded row by its row in the file, and a feature by its column', () => {
    // Row 3 is dropped (empty) and a blank line stands before row 5.
    const table = readCsv(
      'id,colour,x,y\n1,red,1,a\n2,blue,,b\n3,red,3,a\n\n4,blue,4,b\n',
      'c.csv',
    );
    const schema = schemaFromRoles(table, ['ignored', 'input', 'input', 'target']);
    const data = encode(table, schema, { dropRows: true });
    const names = inputNames(table, schema, data);
    expect(names.file).toBe('c.csv');
    expect([0, 1, 2].map((r) => names.row(r))).toEqual([2, 4, 6]);
    expect([0, 1, 2].map((c) => names.column(c))).toEqual([
      'column 2 "colour"',
      'column 2 "colour"',
      'column 3 "x"',
    ]);
  });

  it('names a value a float32 network cannot hold: an input as the network gets it, or a target', () => {
    // Row 4 is dropped; 3.4e38 fits a float32 (its largest is 3.4028234663852886e38), 1e39 not.
    const table = readCsv('x,w,y\n1,3.4e38,5\n2,1,-3.4e38\n,1,1\n1e39,2,7\n3,4,-1e39\n', 'f.csv');
    const schema = schemaFromRoles(table, ['input', 'input', 'target']);
    const data = encode(table, schema, { dropRows: true });
    expect(() => checkFloat32Range(table, schema, data, data.X)).toThrow(
      'f.csv: row 5, column 1 "x" has 1e+39, beyond a float32 (at most ±3.4e38); normalize the inputs or train in float64',
    );
    // Normalized, the inputs fit; the target is used as it is.
    const halved = { ...data.X, data: data.X.data.map((v) => v / 10) };
    expect(() => checkFloat32Range(table, schema, data, halved)).toThrow(
      'f.csv: row 6, column 3 "y" has -1e+39, beyond a float32 (at most ±3.4e38); scale the target or train in float64',
    );
    const fits = readCsv('x,y\n1,3.4e38\n-3.4e38,2\n', 'g.csv');
    const fitSchema = schemaFromRoles(fits, ['input', 'target']);
    const fitData = encode(fits, fitSchema);
    expect(() => checkFloat32Range(fits, fitSchema, fitData, fitData.X)).not.toThrow();
    // An input only its normalization takes beyond: both numbers are given.
    const scaled = { ...fitData.X, data: fitData.X.data.map((v) => v * 1e10) };
    expect(() => checkFloat32Range(fits, fitSchema, fitData, scaled)).toThrow(
      'g.csv: row 3, column 1 "x" has -3.4e+38 (normalized -3.3999999999999997e+48), beyond a float32',
    );
  });

  it('finds a column whose name is written in decomposed Unicode (NFD) as its composed name', () => {
    // "température" with é as one character (NFC, as typed) and as e + U+0301 (NFD)
    const composed = 'temp\u00e9rature';
    const decomposed = 'tempe\u0301rature';
    const trained = readCsv(`${composed},y\n1,a\n2,b\n`, 'trained.csv');
    const schema = schemaFromRoles(trained, ['input', 'target']);
    const other = readCsv(`${decomposed},y\n3,a\n`, 'other.csv');
    expect(Array.from(encode(other, schema).X.data)).toEqual([3]);
    expect(rolesFromNames(other, { target: ['y'], input: [composed] }).roles).toEqual([
      'input',
      'target',
    ]);
    // a name that differs otherwise is still refused, by its name
    const missing = readCsv('temperature,y\n3,a\n', 'missing.csv');
    expect(() => encode(missing, schema)).toThrow(
      `missing.csv: no column named "${composed}" (an input of the model)`,
    );
  });

  it('refuses a numeric target beyond 0 to 1 for cross-entropy, naming its first cell', () => {
    // a regression's target (row 1 is the header, row 3 a blank line)
    const table = readCsv('x,y,p\n1,0.5,0\n\n2,151,1\n3,-2,0.25\n', 'd.csv');
    const regress = schemaFromRoles(table, ['input', 'target', 'ignored']);
    const data = encode(table, regress);
    expect(() => checkCrossEntropyTargets(table, regress, data, 'cross-entropy')).toThrow(
      'd.csv: row 4, column 2 "y" has 151, but cross-entropy needs targets from 0 to 1 (probabilities); use mean squared error (mse) to regress on a number',
    );
    expect(() => checkCrossEntropyTargets(table, regress, data, 'mse')).not.toThrow();
    // probabilities, 0 and 1 included; classes are one-hot
    const probabilities = schemaFromRoles(table, ['input', 'ignored', 'target']);
    const p = encode(table, probabilities);
    expect(() => checkCrossEntropyTargets(table, probabilities, p, 'cross-entropy')).not.toThrow();
    const classes = schemaFromRoles(table, ['input', 'target', 'ignored'], {
      numericClasses: true,
    });
    const c = encode(table, classes);
    expect(() => checkCrossEntropyTargets(table, classes, c, 'cross-entropy')).not.toThrow();
  });

  it('marks unusable cells so a host can suggest dropping rows', () => {
    const t = readCsv('x,y\n,1\n2,3\n', 'c.csv');
    try {
      encode(t, schemaFromRoles(t, ['input', 'target']));
      expect.unreachable();
    } catch (e) {
      expect((e as { code?: string }).code).toBe(UNUSABLE_CELL);
    }
  });
});
