// Datasets from disk for the training process: a file's bytes as a stream of chunks, so that a
// large file is never held (or sent through IPC) whole; the CSV reader decodes them.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { SourceMissingError, type TextSource } from './text-source';

const READ_CHUNK = 1 << 20;

/** A file's bytes as chunks; a missing file is a SourceMissingError, other errors name the cause. */
export async function openFile(path: string): Promise<TextSource> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error(`${path} is not a file`);
    size = info.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new SourceMissingError(path);
    if (code === 'EACCES' || code === 'EPERM')
      throw new Error(`Cannot read ${path}: permission denied`);
    throw error;
  }
  const stream = createReadStream(path, { highWaterMark: READ_CHUNK });
  return {
    name: basename(path),
    size,
    chunks: stream as AsyncIterable<Uint8Array>,
  };
}
