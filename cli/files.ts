// Reading and writing for the command line: a CSV file's bytes stream into core's incremental
// reader (which decodes them: UTF-8, or Windows-1252 for a file that is not UTF-8); an output file
// is written whole or not at all (a temporary file beside it, then a rename).
import { createReadStream } from 'node:fs';
import { constants } from 'node:fs';
import { access, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CsvReader, type Table } from '../core/csv';
import { DataError } from '../core/data-error';
import { chunked } from '../core/json-pieces';
import { WHOLE_JSON_BYTES } from '../core/json-stream';
import { parseModel, parseModelChunks, type ModelFile } from '../core/model-format';
import { fileProblem, UsageError } from './errors';
import type { Progress } from './progress';

/** Reads a CSV/TSV file in chunks; `onProgress` gets the fraction of the file read. */
export async function readTable(
  path: string,
  onProgress?: (fraction: number) => void,
): Promise<Table> {
  const name = basename(path);
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    size = info.size;
  } catch (e) {
    throw new DataError(`cannot read ${path}: ${fileProblem(e)}`);
  }
  const reader = new CsvReader(name, {
    onProgress: onProgress && ((bytes) => onProgress(size > 0 ? bytes / size : 1)),
  });
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      reader.feedBytes(chunk as Buffer);
    }
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(`cannot read ${path}: ${fileProblem(e)}`);
  }
  return reader.finish();
}

/**
 * readTable, with `reading FILE n%` on the terminal until the file is read; then the table's
 * warnings (a file read as Windows-1252) on stderr, a line each, as `backprop: WARNING`.
 */
export async function readDataFile(path: string, progress: Progress): Promise<Table> {
  const table = await readTable(path, (f) =>
    progress.update(`reading ${path} ${Math.round(f * 100)}%`),
  );
  progress.clear();
  for (const warning of table.warnings) process.stderr.write(`backprop: ${warning}\n`);
  return table;
}

/**
 * Reads and validates a model file. One up to `wholeUpTo` bytes is read as one text; a larger one
 * (three layers of 4096 units make ~1 GB) is parsed as it is read, a megabyte at a time, and never
 * held as one string. Either way a JSON error names its line and column in the same words.
 */
export async function readModel(
  path: string,
  { wholeUpTo = WHOLE_JSON_BYTES }: { wholeUpTo?: number } = {},
): Promise<ModelFile> {
  const name = basename(path);
  try {
    if ((await stat(path)).size <= wholeUpTo) return parseModel(await readFile(path, 'utf8'), name);
    const chunks = createReadStream(path, { highWaterMark: 1 << 20 });
    return await parseModelChunks(chunks as AsyncIterable<Buffer>, name);
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(`cannot read ${path}: ${fileProblem(e)}`);
  }
}

/**
 * Writes `text` (a string, or its pieces in order) to a new file `path` (it must not exist), a
 * chunk of about a megabyte at a time: a text too long for one string (a model of ~1 GB) is never
 * joined whole.
 */
async function writeNewFile(path: string, text: string | Iterable<string>): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    for (const chunk of typeof text === 'string' ? [text] : chunked(text)) {
      await handle.writeFile(chunk);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Writes every file or none: each goes to a temporary file in its own directory first, and only
 * when all are written are they renamed into place. A file's text may come in pieces (a large
 * model's JSON, modelJsonPieces): they are written as they come.
 */
export async function writeFilesAtomically(
  files: { path: string; text: string | Iterable<string> }[],
): Promise<void> {
  const temps: string[] = [];
  try {
    for (const file of files) {
      const temp = join(
        dirname(file.path),
        `.${basename(file.path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`,
      );
      try {
        temps.push(temp);
        await writeNewFile(temp, file.text);
      } catch (e) {
        // The file system's errors name the file; a piece that fails to come is not one of them.
        if (!(e as NodeJS.ErrnoException).code) throw e;
        throw new DataError(`cannot write ${file.path}: ${fileProblem(e)}`);
      }
    }
    for (const [i, file] of files.entries()) {
      try {
        await rename(temps[i], file.path);
      } catch (e) {
        throw new DataError(`cannot write ${file.path}: ${fileProblem(e)}`);
      }
      temps[i] = '';
    }
  } finally {
    await Promise.all(temps.filter(Boolean).map((t) => rm(t, { force: true })));
  }
}

/** A file's identity: device and inode where it exists (any spelling or link of it), else its path. */
async function identity(path: string): Promise<string> {
  try {
    const info = await stat(path);
    return `${info.dev}:${info.ino}`;
  } catch {
    return resolve(path);
  }
}

/**
 * Checked before any work, so that a long run cannot end unable to save, and nothing given to be
 * read is overwritten: each output (flag → path) is in a directory that exists and can be written,
 * is not itself a directory, and is neither an input (flag → path) nor another output.
 */
export async function checkOutputs(
  outputs: Record<string, string | undefined>,
  inputs: Record<string, string | undefined>,
): Promise<void> {
  const seen = new Map<string, string>();
  for (const [flag, path] of Object.entries(inputs)) if (path) seen.set(await identity(path), flag);
  for (const [flag, path] of Object.entries(outputs)) {
    if (!path) continue;
    const id = await identity(path);
    const other = seen.get(id);
    if (other) {
      throw new UsageError(
        `${flag} and ${other} name the same file (${path}); give ${flag} another`,
      );
    }
    seen.set(id, flag);
    try {
      if ((await stat(path).catch(() => null))?.isDirectory()) {
        throw Object.assign(new Error('directory'), { code: 'EISDIR' });
      }
      const directory = dirname(resolve(path));
      if (!(await stat(directory)).isDirectory()) {
        throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
      }
      await access(directory, constants.W_OK);
    } catch (e) {
      throw new DataError(`cannot write ${path}: ${fileProblem(e)}`);
    }
  }
}
