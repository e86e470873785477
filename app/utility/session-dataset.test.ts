import { describe, expect, it } from 'vitest';
import type { DatasetProgress } from '../shared/api';
import { EXAMPLES } from './examples';
import { prepare } from './prepare';
import {
  exampleSource,
  initialNetwork,
  projectDataset,
  readDataset,
  type ProgressReport,
} from './session-dataset';
import type { TextSource } from './text-source';

/** A source of `rows` rows of x,y that arrive a row a chunk. */
function rowByRow(rows: number): TextSource {
  const lines = ['x,y\n', ...Array.from({ length: rows }, (_, r) => `${r},${r % 2 ? 'a' : 'b'}\n`)];
  return {
    name: 'rows.csv',
    size: lines.join('').length,
    chunks: (async function* () {
      yield* lines;
    })(),
  };
}

describe('readDataset', () => {
  it('reports progress at most every everyMs, and once when the file is read', async () => {
    const reports: DatasetProgress[] = [];
    let t = 0;
    const progress: ProgressReport = {
      now: () => (t += 10), // each chunk 10 ms after the last
      everyMs: 25,
      report: (p) => reports.push(p),
    };
    const source = rowByRow(9);
    const dataset = await readDataset(
      { kind: 'path', path: '/a/rows.csv' },
      source,
      null,
      progress,
    );
    expect(dataset).toMatchObject({ name: 'rows.csv', size: source.size, initial: null });
    expect(dataset.table.rows).toBe(9);
    expect(dataset.summary.columns.map((c) => c.name)).toEqual(['x', 'y']);
    // 10 chunks at 10, 20, …, 100 ms: reports at 10, 40, 70, 100 ms, then the whole file.
    expect(reports).toHaveLength(5);
    expect(reports.at(-1)).toEqual({
      name: 'rows.csv',
      bytesRead: source.size,
      totalBytes: source.size,
      rows: 9,
    });
  });
});

describe('the dataset in files and the first network', () => {
  const quiet: ProgressReport = { now: () => 0, everyMs: 50, report: () => {} };

  it('names a file by path and content, an example by its id', async () => {
    const file = await readDataset({ kind: 'path', path: '/a/rows.csv' }, rowByRow(3), null, quiet);
    expect(projectDataset(file)).toEqual({
      kind: 'path',
      path: '/a/rows.csv',
      name: 'rows.csv',
      size: file.size,
      fingerprint: file.fingerprint,
    });
    const { ref, source, initial } = exampleSource('xor');
    const example = await readDataset(ref, source, initial, quiet);
    expect(projectDataset(example)).toEqual({ kind: 'example', id: 'xor' });
  });

  it("starts from an example's fixed parameters while its topology is kept, else seeded ones", async () => {
    const { ref, source, initial } = exampleSource('seed-3-3-2');
    const dataset = await readDataset(ref, source, initial, quiet);
    const { config } = EXAMPLES['seed-3-3-2'];
    const fixed = initialNetwork(prepare(dataset.table, config), config, dataset);
    expect(Array.from(fixed.theta[0])).toEqual(initial!.biases[0]);
    const wider = { ...config, hiddenLayers: [{ units: 4, activation: 'sigmoid' as const }] };
    const seeded = initialNetwork(prepare(dataset.table, wider), wider, dataset);
    expect(seeded.theta[0]).toHaveLength(4);
    expect(initialNetwork(prepare(dataset.table, wider), wider, dataset)).toEqual(seeded);
  });
});
