// A data file's bytes as text, chunk by chunk. UTF-8 while the bytes are UTF-8; from the first
// byte that is not, Windows-1252: the encoding Excel on Windows saves CSV in ("café" with é as the
// byte E9, "€" as 80), in which every byte is a character. A file of valid UTF-8 reads exactly as a
// UTF-8 decoder reads it (a byte order mark is kept: the CSV reader drops it).
//
// The decoding is the platform's TextDecoder (browsers, workers, Node and Electron all have one),
// but for Windows-1252 where the platform's is missing or wrong; core/ is compiled without DOM or
// Node types, so the little of TextDecoder used here is declared below.

interface PlatformTextDecoder {
  decode(bytes: Uint8Array): string;
}
declare const TextDecoder: new (
  label: string,
  options?: { fatal?: boolean; ignoreBOM?: boolean },
) => PlatformTextDecoder;

/** What one chunk of bytes decoded to. */
export interface DecodedBytes {
  /** The text of the bytes read as UTF-8. */
  utf8: string;
  /** In the chunk where the bytes stop being UTF-8: the first byte that is not; else null. */
  notUtf8: number | null;
  /** The text of the bytes from that one on, read as Windows-1252 ('' while all are UTF-8). */
  windows1252: string;
}

/** Windows-1252's characters for the bytes 80–9F; every other byte b is the character U+00b. */
// prettier-ignore
const BYTES_80_TO_9F = Uint16Array.of(
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
  0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
  0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
);

/** Windows-1252 by its table, for a platform whose decoder lacks it or gets it wrong. */
export function decodeWindows1252(bytes: Uint8Array): string {
  const codes = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    codes[i] = b >= 0x80 && b < 0xa0 ? BYTES_80_TO_9F[b - 0x80] : b;
  }
  let text = '';
  for (let i = 0; i < codes.length; i += 8192)
    text += String.fromCharCode(...codes.subarray(i, i + 8192));
  return text;
}

/**
 * The platform's Windows-1252 decoder where it has a right one, else decodeWindows1252. Node from
 * 20.18.3 and 22.13 on decodes Windows-1252 as Latin-1: the byte 80 as U+0080, not € (nodejs/node
 * issue 60888); a Node built without full ICU has no Windows-1252 at all.
 */
function windows1252Decoder(): (bytes: Uint8Array) => string {
  try {
    const platform = new TextDecoder('windows-1252');
    if (platform.decode(Uint8Array.of(0x80, 0x9f)) === '\u20ac\u0178')
      return (bytes) => platform.decode(bytes);
  } catch {
    // no such encoding here
  }
  return decodeWindows1252;
}

/**
 * Index of the first byte that does not begin a well-formed UTF-8 sequence (one cut off by the
 * end is not), or -1 when all of them do. The well-formed sequences are those of Unicode's
 * table 3-7: a lead byte C2–F4, then 1 to 3 bytes 80–BF, the second narrower after E0, ED, F0, F4.
 */
export function firstNotUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let length = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) lo = 0xa0; // no overlong forms
      if (b === 0xed) hi = 0x9f; // no surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) lo = 0x90; // no overlong forms
      if (b === 0xf4) hi = 0x8f; // nothing beyond U+10FFFF
    } else return i;
    if (i + length > bytes.length || bytes[i + 1] < lo || bytes[i + 1] > hi) return i;
    for (let k = 2; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += length;
  }
  return -1;
}

/** bytes.length less a UTF-8 sequence the end cuts off (its lead byte and what follows it). */
function completeLength(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let k = 1; k <= Math.min(3, n); k++) {
    const b = bytes[n - k];
    if (b < 0x80) return n;
    if (b >= 0xc0) return k < (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2) ? n - k : n;
  }
  return n;
}

const NOTHING = new Uint8Array(0);

/**
 * Decodes a file's bytes chunk by chunk as UTF-8 until a byte is not UTF-8, and every byte from
 * that one on as Windows-1252. A sequence split between chunks is held back (at most 3 bytes) until
 * the next; `end` decodes what is still held at the end of the file.
 */
export class ByteDecoder {
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private windows1252: ((bytes: Uint8Array) => string) | null = null;
  private held = NOTHING;

  /** The encoding the bytes are read in now. */
  get encoding(): 'utf-8' | 'windows-1252' {
    return this.windows1252 ? 'windows-1252' : 'utf-8';
  }

  decode(chunk: Uint8Array): DecodedBytes {
    if (this.windows1252) return { utf8: '', notUtf8: null, windows1252: this.windows1252(chunk) };
    let bytes = chunk;
    if (this.held.length > 0) {
      bytes = new Uint8Array(this.held.length + chunk.length);
      bytes.set(this.held);
      bytes.set(chunk, this.held.length);
    }
    const whole = completeLength(bytes);
    this.held = Uint8Array.from(bytes.subarray(whole)); // a copy (a Buffer's slice is a view)
    try {
      return { utf8: this.utf8.decode(bytes.subarray(0, whole)), notUtf8: null, windows1252: '' };
    } catch {
      // The platform says only that some byte is not UTF-8: find which.
      return this.switchAt(bytes, firstNotUtf8(bytes.subarray(0, whole)));
    }
  }

  /** The bytes held back at the end of the file: a sequence cut off there is not UTF-8. */
  end(): DecodedBytes {
    const rest = this.held;
    if (rest.length === 0) return { utf8: '', notUtf8: null, windows1252: '' };
    return this.switchAt(rest, 0);
  }

  /** Reads bytes[at] and everything after it as Windows-1252, from now on. */
  private switchAt(bytes: Uint8Array, at: number): DecodedBytes {
    this.windows1252 = windows1252Decoder();
    this.held = NOTHING;
    return {
      utf8: this.utf8.decode(bytes.subarray(0, at)),
      notUtf8: bytes[at],
      windows1252: this.windows1252(bytes.subarray(at)),
    };
  }
}
