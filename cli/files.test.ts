import { readdirSync, statSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createModel, parseModel, stringifyModel } from '../core/model-format';
import { networkFromArrays } from '../core/network';
import { Random } from '../core/random';
import { tempDir } from '../test/temp-dir';
import { readModel, writeFilesAtomically } from './files';

let dir: string;
beforeEach(() => {
  dir = tempDir('backprop-files-');
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

describe('readModel', () => {
  /** A trained-looking model file's text: 3 inputs → 40 → 2 classes. */
  function modelText(): string {
    const random = new Random(3);
    const topology = [3, 40, 2];
    const network = networkFromArrays(
      { topology, activations: ['tanh', 'softmax'], loss: 'cross-entropy' },
      topology
        .slice(1)
        .map((n, l) =>
          Array.from({ length: topology[l] }, () =>
            Array.from({ length: n }, () => random.normal()),
          ),
        ),
      topology.slice(1).map((n) => Array.from({ length: n }, () => -0)),
    );
    return stringifyModel(
      createModel({
        network,
        schema: {
          inputs: ['a', 'b', 'c'].map((column) => ({ column, kind: 'numeric' as const })),
          target: { kind: 'classes', column: 'y', labels: ['no', 'yes'] },
        },
        normalization: { method: 'zscore', offset: [1, 2, 3], scale: [0.5, 1, 2] },
        hyperparameters: null,
        training: null,
      }),
    );
  }

  it('parses a large file as it reads it, to the same model as the whole text gives', async () => {
    const path = join(dir, 'm.json');
    const text = modelText();
    await writeFile(path, text);
    // (wholeUpTo 0: every file counts as large)
    const streamed = await readModel(path, { wholeUpTo: 0 });
    expect(streamed).toEqual(parseModel(text, 'm.json'));
    expect(Object.is(streamed.biases[0][0], -0)).toBe(true);
    expect(stringifyModel(streamed)).toBe(text);
  });

  it('names the file of a large model that is not valid JSON, or not a valid model', async () => {
    const path = join(dir, 'm.json');
    const text = modelText();
    // In the words, and at the line and column, that a small file's error has.
    await writeFile(path, text.slice(0, 300));
    const cut = await messageOf(readModel(path, { wholeUpTo: 0 }));
    expect(cut).toBe(
      "m.json: not valid JSON (Expected ',' or ']' after array element in JSON at line 10, column 112)",
    );
    expect(cut).toBe(await messageOf(readModel(path)));
    await writeFile(path, text.replace('"weights": [', '"weights": [,'));
    const comma = await messageOf(readModel(path, { wholeUpTo: 0 }));
    expect(comma).toBe(
      "m.json: not valid JSON (Unexpected token ',' in JSON at line 8, column 15)",
    );
    expect(comma).toBe(await messageOf(readModel(path)));
    await writeFile(path, text.replace('"scale": [0.5,', '"scale": [-0.5,'));
    await expect(readModel(path, { wholeUpTo: 0 })).rejects.toThrow(
      'm.json: inputs.normalization.scale[0]: must be a finite number > 0',
    );
    await expect(readModel(join(dir, 'none.json'), { wholeUpTo: 0 })).rejects.toThrow(
      `cannot read ${join(dir, 'none.json')}: no such file or directory`,
    );
  });
});

/** The message a promise is rejected with. */
async function messageOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'resolved',
    (error: unknown) => (error as Error).message,
  );
}
