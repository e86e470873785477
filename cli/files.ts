// Reading and writing for the command line: a CSV file streams into core's incremental reader; an
// output file is written whole or not at all (a temporary file beside it, then a rename).
import { createReadStream } from 'node:fs';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { CsvReader, type Table } from '../core/csv';
import { DataError } from '../core/data-error';
import { parseModel, type ModelFile } from '../core/model-format';
import { fileProblem } from './errors';

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
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      reader.feed(decoder.write(chunk as Buffer), (chunk as Buffer).length);
    }
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(`cannot read ${path}: ${fileProblem(e)}`);
  }
  reader.feed(decoder.end(), 0);
  return reader.finish();
}

export async function readModel(path: string): Promise<ModelFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new DataError(`cannot read ${path}: ${fileProblem(e)}`);
  }
  return parseModel(text, basename(path));
}

/**
 * Writes every file or none: each goes to a temporary file in its own directory first, and only
 * when all are written are they renamed into place.
 */
export async function writeFilesAtomically(files: { path: string; text: string }[]): Promise<void> {
  const temps: string[] = [];
  try {
    for (const file of files) {
      const temp = join(
        dirname(file.path),
        `.${basename(file.path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`,
      );
      try {
        await writeFile(temp, file.text, { flag: 'wx' });
      } catch (e) {
        throw new DataError(`cannot write ${file.path}: ${fileProblem(e)}`);
      }
      temps.push(temp);
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
