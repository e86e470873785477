import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp-dir';
import { summarize } from '../../core/dataset';
import { datasetSummarySchema } from '../shared/ipc';
import { openFile } from './node-files';
import { Fingerprint, readTable, SourceMissingError } from './text-source';

describe('datasets from disk', () => {
  it('streams a large file in chunks, multi-byte characters across chunk edges intact', async () => {
    const dir = tempDir('bps-node-files-');
    const path = join(dir, 'cafés.csv');
    const rows = Array.from(
      { length: 200_000 },
      (_, i) => `${i},${i % 7 === 0 ? 'crème brûlée' : 'thé'}`,
    );
    await writeFile(path, `n,dessert\n${rows.join('\n')}\n`);
    const source = await openFile(path);
    expect(source.name).toBe('cafés.csv');
    const progress: number[] = [];
    const { table, fingerprint } = await readTable(source, (bytes) => progress.push(bytes));
    expect(progress.length).toBeGreaterThan(1); // more than one chunk (1 MiB each)
    expect(progress.at(-1)).toBe(source.size);
    expect(table.rows).toBe(200_000);
    const dessert = table.columns[1];
    expect(dessert.kind === 'text' && dessert.labels).toEqual(['crème brûlée', 'thé']);
    expect(fingerprint).toMatch(/^[0-9a-f]{16}-\d+$/);
  });

  it('reads a file Excel saved as Windows-1252, and the summary says it was read so', async () => {
    const dir = tempDir('bps-node-files-');
    const path = join(dir, 'prix.csv');
    const text = 'plat,prix\r\ncafé,2 €\r\ncrème brûlée,5 €\r\n';
    await writeFile(
      path,
      Uint8Array.from(text, (c) => (c === '€' ? 0x80 : c.charCodeAt(0))),
    );
    const { table, fingerprint } = await readTable(await openFile(path), () => {});
    expect(table.columns.map((c) => c.kind === 'text' && c.labels)).toEqual([
      ['café', 'crème brûlée'],
      ['2 €', '5 €'],
    ]);
    const summary = datasetSummarySchema.parse(summarize(table));
    expect(summary.warnings).toEqual([
      'prix.csv: row 2, column 1 "plat" has the byte 0xE9, which is not UTF-8: the file is read as Windows-1252 (Excel\'s encoding on Windows) from there on; if its text looks wrong, save it as UTF-8',
    ]);
    // The fingerprint is of the text, as for a UTF-8 file.
    const same = new Fingerprint();
    same.update(text);
    expect(fingerprint).toBe(same.digest());
  });

  it('reads a UTF-8 file as before: no warnings, the fingerprint of its text', async () => {
    const dir = tempDir('bps-node-files-');
    const path = join(dir, 'prix.csv');
    const text = '\uFEFFplat,prix\ncafé,2 €\n';
    await writeFile(path, text);
    const { table, fingerprint } = await readTable(await openFile(path), () => {});
    expect(table.columns[1]).toMatchObject({ labels: ['2 €'] });
    expect(table.warnings).toEqual([]);
    expect('warnings' in datasetSummarySchema.parse(summarize(table))).toBe(false);
    const same = new Fingerprint();
    same.update(text);
    expect(fingerprint).toBe(same.digest());
  });

  it('says when a file is missing, and what else went wrong', async () => {
    const dir = tempDir('bps-node-files-');
    await expect(openFile(join(dir, 'gone.csv'))).rejects.toBeInstanceOf(SourceMissingError);
    await expect(openFile(dir)).rejects.toThrow('is not a file');
  });

  it('fingerprints content: any change changes it, chunking does not', () => {
    const whole = new Fingerprint();
    whole.update('a,b\n1,2\n');
    const parts = new Fingerprint();
    parts.update('a,b\n1');
    parts.update(',2\n');
    const other = new Fingerprint();
    other.update('a,b\n1,3\n');
    expect(parts.digest()).toBe(whole.digest());
    expect(other.digest()).not.toBe(whole.digest());
  });
});
