import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFile } from './node-files';
import { Fingerprint, readTable, SourceMissingError } from './text-source';

describe('datasets from disk', () => {
  it('streams a large file in chunks, multi-byte characters across chunk edges intact', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bps-node-files-'));
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

  it('says when a file is missing, and what else went wrong', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bps-node-files-'));
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
