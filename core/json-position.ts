// Where a place in a text is, as an editor shows it: line and column, both from 1. A line ends at
// "\n", "\r\n" or a lone "\r"; a column counts UTF-16 code units (as a JavaScript string, and
// V8's JSON.parse positions, count them: a character beyond U+FFFF, 4 bytes of UTF-8, is 2).

export interface LineColumn {
  line: number;
  column: number;
}

/** Line and column of `text[index]`. */
export function lineColumnOf(text: string, index: number): LineColumn {
  let line = 1;
  let start = 0;
  for (let i = 0; i < index; i++) {
    const c = text.charCodeAt(i);
    // "\r\n" is one break: its "\r" ends the line only together with the "\n".
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: index - start + 1 };
}

/**
 * Line and column of a byte offset in UTF-8 bytes that arrive in chunks. The chunks are kept only
 * until the scan passes them: `advance` to each place that may yet be asked about (a token's
 * start), and what lies before it is let go.
 */
export class ByteLineColumn {
  #chunks: Uint8Array[] = [];
  /** Byte offset of #chunks[0][0]. */
  #chunkStart = 0;
  /** Byte offset scanned up to; `line` and `column` are those of the byte there. */
  #scanned = 0;
  #line = 1;
  #column = 1;
  #afterCr = false;

  /** The next chunk of the bytes. */
  push(chunk: Uint8Array): void {
    if (chunk.length > 0) this.#chunks.push(chunk);
  }

  /** Scans up to byte `offset` (never back), letting go of the chunks wholly before it. */
  advance(offset: number): void {
    while (this.#scanned < offset && this.#chunks.length > 0) {
      const chunk = this.#chunks[0];
      const end = Math.min(chunk.length, offset - this.#chunkStart);
      this.#scan(chunk, this.#scanned - this.#chunkStart, end);
      this.#scanned = this.#chunkStart + end;
      if (end === chunk.length) {
        this.#chunks.shift();
        this.#chunkStart += chunk.length;
      }
    }
  }

  /** Line and column of byte `offset` (at or after the last advance; past the end: the end). */
  at(offset: number): LineColumn {
    this.advance(offset);
    return { line: this.#line, column: this.#column };
  }

  /**
   * Counts the lines and columns of bytes[from..end): the line breaks found by indexOf (native,
   * fast), the columns by a loop over the bytes after the last of them only.
   */
  #scan(bytes: Uint8Array, from: number, end: number): void {
    if (end <= from) return;
    const part = bytes.subarray(from, end);
    let lastBreak = -1;
    for (let i = part.indexOf(0x0d); i >= 0; i = part.indexOf(0x0d, i + 1)) {
      this.#line++;
      lastBreak = i;
    }
    for (let i = part.indexOf(0x0a); i >= 0; i = part.indexOf(0x0a, i + 1)) {
      // The "\n" of "\r\n" ends no second line.
      if (!(i === 0 ? this.#afterCr : part[i - 1] === 0x0d)) this.#line++;
      lastBreak = Math.max(lastBreak, i);
    }
    if (lastBreak >= 0) this.#column = 1;
    let column = this.#column;
    for (let i = lastBreak + 1; i < part.length; i++) {
      const b = part[i];
      // A character's first byte (continuation bytes are 10xxxxxx); 11110xxx starts 4 bytes.
      if ((b & 0xc0) !== 0x80) column += b >= 0xf0 ? 2 : 1;
    }
    this.#column = column;
    this.#afterCr = part[part.length - 1] === 0x0d;
  }
}

/** Bytes of the UTF-8 character that starts with byte `lead` (1 for a byte that starts none). */
export function utf8Length(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

/** The character of UTF-8 `bytes` (one character's); U+FFFD if they are not one. */
export function utf8Character(bytes: readonly number[]): string {
  const length = utf8Length(bytes[0]);
  if (bytes.length !== length) return '\ufffd';
  // The lead byte's payload bits, then 6 bits from each continuation byte.
  let code = length === 1 ? bytes[0] : bytes[0] & (0xff >> (length + 1));
  for (let k = 1; k < length; k++) code = (code << 6) | (bytes[k] & 0x3f);
  return code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
}
