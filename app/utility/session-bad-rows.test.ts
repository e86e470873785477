// Rows with an empty or invalid cell through the training process: the summary names them as the
// file loads, the default refuses them with the same error when configured, and "leave out" uses
// the same rows for training, the inspector, the decision surface, the results, Predict a file
// and the saved project.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../core/csv';
import { countRows } from '../../core/row-set';
import { prepare } from './prepare';
import { harness, iris, irisConfig } from './session-harness';

// iris.csv with row 3's first cell empty, row 6's third beyond a float64 and its fourth empty.
const lines = readFileSync(iris, 'utf8').trimEnd().split('\n');
const spoil = (line: string, column: number, text: string) =>
  line
    .split(',')
    .map((cell, j) => (j === column ? text : cell))
    .join(',');
lines[2] = spoil(lines[2], 0, '');
lines[5] = spoil(spoil(lines[5], 2, '1e999'), 3, '');
const files = {
  '/d/missing.csv': `${lines.join('\n')}\n`,
  // To predict: row 3 has an input that is no number.
  '/d/fresh.csv':
    'sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm\n5.1,3.5,1.4,0.2\noops,3,1.4,0.2\n6.3,3.3,6,2.5\n',
};

describe('TrainingSession: rows with an empty or invalid cell', () => {
  it('names them in the summary; refuses them by default with the error Start always gave', async () => {
    const h = harness({ files });
    const summary = await h.call('load-dataset', { path: '/d/missing.csv' });
    expect(summary.columns[0]).toMatchObject({ missing: 1, empty: { count: 1, row: 3 } });
    expect(summary.columns[2]).toMatchObject({
      missing: 1,
      invalid: { count: 1, row: 6, problem: expect.stringContaining('too large for a float64') },
    });
    const refused = await h.send('configure', { config: irisConfig() });
    expect(refused).toMatchObject({
      kind: 'failure',
      error: { message: 'missing.csv: row 3, column 1 "sepal_length_cm" is empty' },
    });
  });

  it('leave-out: trains on the others and says so in the results, predictions and project', async () => {
    const h = harness({ files });
    const summary = await h.call('load-dataset', { path: '/d/missing.csv' });
    // What the data panel counts before training: row 6's two cells are one row.
    const cells = summary.columns.flatMap((c) => [c.empty, c.invalid].flatMap((p) => p ?? []));
    expect(cells.map((p) => p.count)).toEqual([1, 1, 1]);
    const panel = countRows(
      cells.map((p) => p.rows),
      summary.rows,
    );
    expect(panel).toBe(2);
    const config = { ...irisConfig({ maxEpochs: 5 }), badRows: 'leave-out' as const };
    await h.call('configure', { config });
    // 148 rows, 60 % of them to train (stratified), as the inspector and the surface see them.
    const inspection = await h.call('inspect', { request: { row: 0, batchMean: false } });
    const surface = await h.call('surface', {
      request: { xFeature: 0, yFeature: 1, output: 0, resolution: 8, hidden: false },
    });
    await h.call('start', {});
    await h.until(() => h.of('finished').length > 0);
    const finished = h.of('finished')[0].result;
    expect(finished.leftOut).toBe(panel);
    const rows = [finished.train, finished.validation, finished.test];
    const prepared = prepare(readCsv(files['/d/missing.csv'], 'missing.csv'), config);
    expect(prepared.encoded.X.rows).toBe(148);
    expect(inspection.trainingRows).toBe(prepared.train.X.rows);
    expect(surface.totalPoints).toBe(inspection.trainingRows);
    expect(rows.every((r) => r !== null)).toBe(true);

    const predicted = await h.call('predict', { path: '/d/fresh.csv' });
    expect(predicted).toMatchObject({ rows: 2, leftOut: 1 });
    const project = JSON.parse(JSON.stringify(await h.call('save-project', {})));
    expect(project.config.badRows).toBe('leave-out');
  });
});
