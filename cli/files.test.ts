import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFilesAtomically } from './files';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'backprop-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Bytes in the temporary file being written in `dir` (0 before it exists). */
function writtenSoFar(): number {
  const temp = readdirSync(dir).find((name) => name.endsWith('.tmp'));
  return temp ? statSync(join(dir, temp)).size : 0;
}

describe('writeFilesAtomically', () => {
  it('writes a text given in pieces as they come, never holding more than ~1 MB of it', async () => {
    const path = join(dir, 'model.json');
    const [count, width] = [50_000, 100]; // 5 MB in all
    let handedOut = 0;
    let mostHeld = 0;
    function* pieces(): Generator<string> {
      for (let k = 0; k < count; k++) {
        // What the writer was given and has not written yet, each time it asks for more.
        mostHeld = Math.max(mostHeld, handedOut - writtenSoFar());
        const piece = `${String(k).padStart(width - 1, '0')}\n`;
        handedOut += piece.length;
        yield piece;
      }
    }
    await writeFilesAtomically([{ path, text: pieces() }]);
    const text = await readFile(path, 'utf8');
    expect(text.length).toBe(count * width);
    expect(text.slice(0, width * 2)).toBe(`${'0'.repeat(99)}\n${'0'.repeat(98)}1\n`);
    expect(text.endsWith(`${String(count - 1).padStart(99, '0')}\n`)).toBe(true);
    expect(mostHeld).toBeGreaterThan(0);
    expect(mostHeld).toBeLessThanOrEqual((1 << 20) + width);
    expect(await readdir(dir)).toEqual(['model.json']);
  });

  it('writes nothing when the pieces fail part way: the old file stays, no temporary is left', async () => {
    const path = join(dir, 'model.json');
    const log = join(dir, 'loss.csv');
    await writeFile(path, 'old model\n');
    function* failing(): Generator<string> {
      for (let k = 0; k < 30_000; k++) yield `${'x'.repeat(99)}\n`; // 3 MB written first
      throw new RangeError('Invalid string length');
    }
    await expect(
      writeFilesAtomically([
        { path: log, text: 'epoch,train_loss\n' },
        { path, text: failing() },
      ]),
    ).rejects.toThrow('Invalid string length');
    expect(await readFile(path, 'utf8')).toBe('old model\n');
    expect(await readdir(dir)).toEqual(['model.json']);
  });

  it('names the file it cannot write', async () => {
    const path = join(dir, 'missing', 'model.json');
    await expect(writeFilesAtomically([{ path, text: ['{', '}'] }])).rejects.toThrow(
      `cannot write ${path}: no such file or directory`,
    );
  });
});
