import { readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp-dir';
import { removeStaleLayerFiles, unconfirmedLayerFiles } from './stale-exports';

describe('removeStaleLayerFiles', () => {
  it("removes an earlier export's layer files this one did not write, and nothing else", async () => {
    const dir = tempDir('bps-stale-');
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

describe('unconfirmedLayerFiles', () => {
  it('lists the layer files an export would replace or remove beside a model file not there', async () => {
    const dir = tempDir('bps-unconfirmed-');
    for (const name of ['iris-theta2.csv', 'iris-W4.csv', 'iris-notes.csv', 'other-W2.csv'])
      await writeFile(join(dir, name), '1\n');
    await symlink(join(dir, 'gone.csv'), join(dir, 'iris-W2.csv')); // dangling: still replaced
    const written = ['iris.json', 'iris-W2.csv', 'iris-theta2.csv', 'iris-W3.csv'].map((n) =>
      join(dir, n),
    );
    expect(await unconfirmedLayerFiles('iris', written)).toEqual({
      replaced: [join(dir, 'iris-W2.csv'), join(dir, 'iris-theta2.csv')],
      removed: [join(dir, 'iris-W4.csv')],
    });
    // The model file there: the save dialog asked about it, and its layer files go with it.
    await writeFile(written[0], '{}\n');
    expect(await unconfirmedLayerFiles('iris', written)).toEqual({ replaced: [], removed: [] });
    // A folder that is not there holds nothing (writing there says so).
    await rm(dir, { recursive: true });
    expect(await unconfirmedLayerFiles('iris', written)).toEqual({ replaced: [], removed: [] });
  });
});
