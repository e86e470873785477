import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleLayerFiles } from './stale-exports';

describe('removeStaleLayerFiles', () => {
  it("removes an earlier export's layer files this one did not write, and nothing else", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bps-stale-'));
    const names = [
      'iris.json',
      'iris-W2.csv',
      'iris-theta2.csv',
      'iris-W1.csv', // numbered before W⁽ˡ⁾ followed the notation
      'iris-W4.csv', // a deeper network's
      'iris-theta4.csv',
      'iris-notes.csv',
      'iris-W2.csv.bak',
      'other-W4.csv',
      'iris.v2-W4.csv',
    ];
    for (const name of names) await writeFile(join(dir, name), '1\n');
    const written = ['iris.json', 'iris-W2.csv', 'iris-theta2.csv'].map((n) => join(dir, n));
    const removed = await removeStaleLayerFiles('iris', written);
    expect(removed.sort()).toEqual(
      ['iris-W1.csv', 'iris-W4.csv', 'iris-theta4.csv'].map((n) => join(dir, n)),
    );
    expect((await readdir(dir)).sort()).toEqual(
      [
        'iris.json',
        'iris-W2.csv',
        'iris-theta2.csv',
        'iris-notes.csv',
        'iris-W2.csv.bak',
        'other-W4.csv',
        'iris.v2-W4.csv',
      ].sort(),
    );
  });
});
