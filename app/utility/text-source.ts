// How a dataset's text reaches the training session, whatever the host: a Node file stream in the
// utility process (bytes), a File's stream in the browser's Web Worker, a bundled string for
// examples. The session never sees a path on disk or a File, only chunks of bytes or text.
import { CsvReader, type Table } from '../../core/csv';

export interface TextSource {
  /** File name as the user knows it (no directories). */
  name: string;
  /** Size in bytes, for progress. */
  size: number;
  /** The file's bytes (decoded by the CSV reader: UTF-8, or Windows-1252), or its text. */
  chunks: AsyncIterable<Uint8Array | string>;
}

/** Thrown by a host when a dataset is not where it was said to be. */
export class SourceMissingError extends Error {
  override name = 'SourceMissingError';
  constructor(readonly path: string) {
    super(`${path}: the file does not exist (it may have been moved or renamed)`);
  }
}

/** A source over a string already in memory. */
export function textSource(name: string, text: string): TextSource {
  return {
    name,
    size: new TextEncoder().encode(text).length,
    chunks: (async function* () {
      const step = 1 << 16;
      for (let i = 0; i < text.length; i += step) yield text.slice(i, i + step);
    })(),
  };
}

/**
 * FNV-1a over the text, two 32-bit lanes with different offsets (64 bits in all): enough to tell
 * that a dataset file changed since a project was saved. Fed chunk by chunk.
 */
export class Fingerprint {
  #h1 = 0x811c9dc5;
  #h2 = 0x01000193 ^ 0x5bd1e995;
  #length = 0;

  update(text: string): void {
    let h1 = this.#h1;
    let h2 = this.#h2;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // h = (h ⊕ c) · FNV prime (mod 2³²)
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h2 >>> 15);
    }
    this.#h1 = h1;
    this.#h2 = h2;
    this.#length += text.length;
  }

  digest(): string {
    const hex = (h: number) => (h >>> 0).toString(16).padStart(8, '0');
    return `${hex(this.#h1)}${hex(this.#h2)}-${this.#length}`;
  }
}

export interface LoadedText {
  table: Table;
  fingerprint: string;
}

/**
 * Streams a source into the CSV reader. `progress(bytesRead, rows)` is called after each chunk;
 * the reader's errors (DataError, naming file, row and column) propagate as they are. The
 * fingerprint is of the text, however it arrived.
 */
export async function readTable(
  source: TextSource,
  progress: (bytesRead: number, rows: number) => void,
): Promise<LoadedText> {
  const reader = new CsvReader(source.name);
  const fingerprint = new Fingerprint();
  for await (const chunk of source.chunks) {
    if (typeof chunk === 'string') {
      reader.feed(chunk);
      fingerprint.update(chunk);
    } else fingerprint.update(reader.feedBytes(chunk));
    progress(Math.min(reader.bytesConsumed, source.size), reader.rows);
  }
  fingerprint.update(reader.endBytes());
  return { table: reader.finish(), fingerprint: fingerprint.digest() };
}
