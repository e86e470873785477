// Reading and writing the user's files. Files are written whole or not at all: the text goes to a temporary file beside the target,
// which is flushed and then renamed over it (a rename within one folder is atomic). If anything
// fails, the temporary file is removed and the error says why in the user's terms.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { chunked } from '../../core/json-pieces';
import {
  JsonSyntaxError,
  parseJsonChunks,
  parseJsonText,
  WHOLE_JSON_BYTES,
} from '../../core/json-stream';

/** A file operation that failed, with a message that names the path and the cause. */
export class FileError extends Error {
  override name = 'FileError';
  constructor(
    message: string,
    readonly path: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** "Cannot write /x/y.json: permission denied" and so on, from a Node fs error. */
export function describeFileError(verb: 'write' | 'read', path: string, error: unknown): FileError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const cause: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the disk is read-only',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is exceeded',
    ENOENT: verb === 'write' ? 'the folder does not exist' : 'the file does not exist',
    ENOTDIR: 'a part of the path is not a folder',
    EISDIR: 'the path is a folder',
    ENAMETOOLONG: 'the path is too long',
    EMFILE: 'too many files are open',
    EBUSY: 'the file is in use',
  };
  const why = (code && cause[code]) ?? (error instanceof Error ? error.message : String(error));
  return new FileError(`Cannot ${verb} ${path}: ${why}`, path, code);
}

/** Writes `data` to `path` atomically. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let handle;
  try {
    handle = await open(temporary, 'wx', 0o644);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temporary, path);
  } catch (error) {
    await handle?.close().catch(() => {});
    await rm(temporary, { force: true }).catch(() => {});
    throw describeFileError('write', path, error);
  }
}

/**
 * Writes several files so that either all of them are written or none is changed: each goes to a
 * temporary file first; only when all are complete are they renamed into place.
 */
export async function writeFilesAtomic(
  files: { path: string; data: string | Iterable<string> }[],
): Promise<void> {
  const staged: { temporary: string; path: string }[] = [];
  try {
    for (const { path, data } of files) {
      const temporary = join(
        dirname(path),
        `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`,
      );
      staged.push({ temporary, path });
      const handle = await open(temporary, 'wx', 0o644).catch((error: unknown) => {
        throw describeFileError('write', path, error);
      });
      try {
        // Pieces (a large model's or project's JSON) one after another, joined into chunks of
        // about a megabyte: each write goes on where the last ended.
        for (const chunk of typeof data === 'string' ? [data] : chunked(data)) {
          await handle.writeFile(chunk);
        }
        await handle.sync();
      } catch (error) {
        throw describeFileError('write', path, error);
      } finally {
        await handle.close();
      }
    }
    for (const { temporary, path } of staged) {
      await rename(temporary, path).catch((error: unknown) => {
        throw describeFileError('write', path, error);
      });
    }
  } catch (error) {
    await Promise.all(
      staged.map(({ temporary }) => rm(temporary, { force: true }).catch(() => {})),
    );
    throw error;
  }
}

/**
 * Reads and parses a JSON file; errors name the path and what is wrong, and where (line and
 * column, the same words whatever the file's size). One up to `wholeUpTo` bytes is read as one
 * text; a larger one (the project of three layers of 4096 units is ~1 GB) is parsed as it is
 * read, a megabyte at a time, and never held as one string.
 */
export async function readJsonFile(
  path: string,
  { wholeUpTo = WHOLE_JSON_BYTES }: { wholeUpTo?: number } = {},
): Promise<unknown> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    throw describeFileError('read', path, error);
  }
  if (size > wholeUpTo) return readJsonStream(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw describeFileError('read', path, error);
  }
  try {
    return parseJsonText(text);
  } catch (error) {
    throw notJson(path, error);
  }
}

function notJson(path: string, error: unknown): FileError {
  return new FileError(`${path} is not valid JSON: ${(error as Error).message}`, path, undefined);
}

/** A JSON file parsed as it is read (core/json-stream: its errors name the line and column). */
async function readJsonStream(path: string): Promise<unknown> {
  try {
    const chunks = createReadStream(path, { highWaterMark: 1 << 20 });
    return await parseJsonChunks(chunks as AsyncIterable<Buffer>);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw notJson(path, error);
    throw describeFileError('read', path, error);
  }
}
