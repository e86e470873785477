import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp-dir';
import {
  describeFileError,
  FileError,
  readJsonFile,
  writeFileAtomic,
  writeFilesAtomic,
} from './files';

let dir: string;
beforeEach(() => {
  dir = tempDir('bps-files-');
});

describe('writeFileAtomic', () => {
  it('writes the whole file and replaces an old one, leaving no temporary file', async () => {
    const path = join(dir, 'model.json');
    await writeFile(path, 'old');
    await writeFileAtomic(path, '{"new":true}');
    expect(await readFile(path, 'utf8')).toBe('{"new":true}');
    expect(await readdir(dir)).toEqual(['model.json']);
  });

  it('writes pieces as they come, from a generator, and nothing if one fails to come', async () => {
    const project = join(dir, 'project.json');
    function* rows(fail: boolean) {
      for (let i = 0; i < 50_000; i++) {
        if (fail && i === 40_000) throw new Error('out of memory');
        yield `[${i}, ${i / 3}],\n`;
      }
    }
    await writeFilesAtomic([{ path: project, data: rows(false) }]);
    const text = await readFile(project, 'utf8');
    expect(text).toBe(Array.from(rows(false)).join(''));
    await expect(writeFilesAtomic([{ path: project, data: rows(true) }])).rejects.toThrow(
      `Cannot write ${project}: out of memory`,
    );
    expect(await readFile(project, 'utf8')).toBe(text);
    expect(await readdir(dir)).toEqual(['project.json']);
  });

  it('fails naming the path and the cause, and leaves no partial file', async () => {
    const missing = join(dir, 'no-such-folder', 'model.json');
    const error = await writeFileAtomic(missing, 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileError);
    expect((error as Error).message).toBe(`Cannot write ${missing}: the folder does not exist`);

    const folder = join(dir, 'taken');
    await mkdir(folder);
    const isFolder = await writeFileAtomic(folder, 'x').catch((e: Error) => e.message);
    expect(isFolder).toMatch(/^Cannot write .*taken: /);
    expect((await readdir(dir)).sort()).toEqual(['taken']);
  });

  it('writes a set of files all or nothing', async () => {
    const model = join(dir, 'model.json');
    await writeFile(model, 'previous model');
    const error = await writeFilesAtomic([
      { path: model, data: 'new model' },
      { path: join(dir, 'gone', 'model-W1.csv'), data: '1,2' },
    ]).catch((e: Error) => e.message);
    expect(error).toContain('model-W1.csv: the folder does not exist');
    expect(await readFile(model, 'utf8')).toBe('previous model');
    expect(await readdir(dir)).toEqual(['model.json']);

    await writeFilesAtomic([
      { path: model, data: 'new model' },
      { path: join(dir, 'model-W1.csv'), data: '1,2' },
    ]);
    expect(await readFile(model, 'utf8')).toBe('new model');
    expect((await readdir(dir)).sort()).toEqual(['model-W1.csv', 'model.json']);
  });

  it('writes a text given in pieces (a large model) one after another', async () => {
    const model = join(dir, 'model.json');
    await writeFile(model, 'a previous, longer model file');
    const pieces = Array.from({ length: 300 }, (_, k) => `${'x'.repeat(9999)}${k % 10}`);
    await writeFilesAtomic([{ path: model, data: pieces }]);
    expect(await readFile(model, 'utf8')).toBe(pieces.join(''));
    expect(await readdir(dir)).toEqual(['model.json']);
  });

  it("names permission, disk-full and path problems in the user's terms", () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    expect(describeFileError('write', '/x/m.json', err('EACCES')).message).toBe(
      'Cannot write /x/m.json: permission denied',
    );
    expect(describeFileError('write', '/x/m.json', err('ENOSPC')).message).toBe(
      'Cannot write /x/m.json: the disk is full',
    );
    expect(describeFileError('write', '/x/m.json', err('ENOTDIR')).message).toBe(
      'Cannot write /x/m.json: a part of the path is not a folder',
    );
    expect(describeFileError('read', '/x/p.json', err('ENOENT')).message).toBe(
      'Cannot read /x/p.json: the file does not exist',
    );
  });
});

describe('readJsonFile', () => {
  it('parses JSON and names the file when it is not JSON', async () => {
    const good = join(dir, 'p.json');
    await writeFile(good, '{"a":1}');
    expect(await readJsonFile(good)).toEqual({ a: 1 });
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"a":');
    await expect(readJsonFile(bad)).rejects.toThrow(`${bad} is not valid JSON`);
    await expect(readJsonFile(join(dir, 'none.json'))).rejects.toThrow('the file does not exist');
  });

  it('says what is wrong as JSON.parse says it, at its line and column, whatever the size', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{\r\n  "é": 1,\r\n  }\r\n');
    const says = `${bad} is not valid JSON: Expected double-quoted property name in JSON at line 3, column 3`;
    await expect(readJsonFile(bad)).rejects.toThrow(says);
    await expect(readJsonFile(bad, { wholeUpTo: 0 })).rejects.toThrow(says);
  });

  it('parses a file larger than wholeUpTo as it is read, to the same value', async () => {
    const value = {
      rows: Array.from({ length: 3000 }, (_, i) => [i, -(i + 1) / 7, 'é']),
      ok: true,
    };
    const file = join(dir, 'big.json');
    await writeFile(file, JSON.stringify(value, null, 2));
    expect(await readJsonFile(file, { wholeUpTo: 1000 })).toEqual(value);
    const bad = join(dir, 'bad.json');
    await writeFile(bad, `${JSON.stringify(value)}}`);
    const end = JSON.stringify(value).length + 1;
    await expect(readJsonFile(bad, { wholeUpTo: 1000 })).rejects.toThrow(
      `${bad} is not valid JSON: Unexpected non-whitespace character after JSON at line 1, column ${end}`,
    );
    const cut = join(dir, 'cut.json');
    await writeFile(cut, JSON.stringify(value).slice(0, 5000));
    const cutSays = (await readJsonFile(cut).catch((error: Error) => error.message)) as string;
    expect(cutSays).toMatch(/ at line 1, column 5001$/);
    await expect(readJsonFile(cut, { wholeUpTo: 1000 })).rejects.toThrow(cutSays);
  });
});
