import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteDecoder, decodeWindows1252, firstNotUtf8, type DecodedBytes } from './text-decoder';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Decodes `bytes` cut into chunks at `cuts`; the text, and the first byte that was not UTF-8. */
function decodeInChunks(bytes: Uint8Array, cuts: number[]) {
  const decoder = new ByteDecoder();
  const parts: DecodedBytes[] = [];
  let from = 0;
  for (const cut of [
    ...cuts.filter((c) => c <= bytes.length).sort((a, b) => a - b),
    bytes.length,
  ]) {
    parts.push(decoder.decode(bytes.subarray(from, cut)));
    from = cut;
  }
  parts.push(decoder.end());
  return {
    text: parts.map((p) => p.utf8 + p.windows1252).join(''),
    notUtf8: parts.filter((p) => p.notUtf8 !== null).map((p) => p.notUtf8),
    encoding: decoder.encoding,
  };
}

describe('decodeWindows1252', () => {
  it('reads the bytes 80–9F as Windows-1252 (€, quotes, dashes, ™), not as Latin-1', () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, k) => 0x80 + k);
    // The WHATWG Encoding Standard's index-windows-1252; 81, 8D, 8F, 90 and 9D stand for themselves.
    expect(decodeWindows1252(bytes)).toBe(
      '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ',
    );
  });

  it('reads every other byte b as U+00b, in one piece however long', () => {
    const others = Uint8Array.from(
      { length: 100_000 },
      (_, i) => [i % 0x80, 0xa0 + (i % 0x60)][i % 2],
    );
    const text = decodeWindows1252(others);
    expect(text.length).toBe(others.length);
    expect(Array.from(text, (c) => c.charCodeAt(0))).toEqual(Array.from(others));
    expect(decodeWindows1252(Uint8Array.of(0x63, 0x61, 0x66, 0xe9, 0x20, 0x80))).toBe('café €');
  });
});

describe('firstNotUtf8', () => {
  it('finds the first byte that does not begin a well-formed sequence', () => {
    expect(firstNotUtf8(utf8('a,é,€,😀\n'))).toBe(-1);
    expect(firstNotUtf8(Uint8Array.of(0x61, 0xe9, 0x2c))).toBe(1); // é in Windows-1252
    expect(firstNotUtf8(Uint8Array.of(0xc0, 0x80))).toBe(0); // an overlong NUL
    expect(firstNotUtf8(Uint8Array.of(0xed, 0xa0, 0x80))).toBe(0); // a surrogate
    expect(firstNotUtf8(Uint8Array.of(0x61, 0xe2, 0x82))).toBe(1); // € cut off by the end
  });

  it("agrees with the platform's strict UTF-8 decoder on any bytes (property)", () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    const isUtf8 = (bytes: Uint8Array) => {
      try {
        strict.decode(bytes);
        return true;
      } catch {
        return false;
      }
    };
    // Mostly the bytes of real text, with some arbitrary bytes among them.
    const piece = fc.oneof(
      fc.string({ unit: 'grapheme' }).map(utf8),
      fc.uint8Array({ minLength: 1, maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(piece), (pieces) => {
        const bytes = new Uint8Array(pieces.flatMap((p) => Array.from(p)));
        const at = firstNotUtf8(bytes);
        expect(at < 0).toBe(isUtf8(bytes));
        if (at >= 0) {
          // All before it is UTF-8, and no character of 1 to 4 bytes begins at it.
          expect(isUtf8(bytes.subarray(0, at))).toBe(true);
          for (let length = 1; length <= 4 && at + length <= bytes.length; length++)
            expect(isUtf8(bytes.subarray(at, at + length))).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('ByteDecoder', () => {
  it('reads UTF-8 exactly as a UTF-8 decoder does, in any chunks, byte order mark kept (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.array(fc.nat(200)), (s, cuts) => {
        const bytes = utf8(`\uFEFF${s}`);
        expect(decodeInChunks(bytes, cuts)).toEqual({
          text: `\uFEFF${s}`,
          notUtf8: [],
          encoding: 'utf-8',
        });
      }),
    );
  });

  it('reads the bytes from the first that is not UTF-8 on as Windows-1252, in any chunks', () => {
    // "é,café €\n" saved by a UTF-8 editor, then "Zürich,thé €\n" by Excel on Windows
    const bytes = Uint8Array.of(
      ...utf8('é,café €\n'),
      ...[0x5a, 0xfc, 0x72, 0x69, 0x63, 0x68, 0x2c, 0x74, 0x68, 0xe9, 0x20, 0x80, 0x0a],
    );
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(decodeInChunks(bytes, [cut])).toEqual({
        text: 'é,café €\nZürich,thé €\n',
        notUtf8: [0xfc],
        encoding: 'windows-1252',
      });
    }
  });

  it('says which chunk the bytes stopped being UTF-8 in, and what each part is', () => {
    const decoder = new ByteDecoder();
    expect(decoder.decode(utf8('a,b\n1,'))).toEqual({
      utf8: 'a,b\n1,',
      notUtf8: null,
      windows1252: '',
    });
    // "€" split after its first byte: held back until the next chunk.
    expect(decoder.decode(Uint8Array.of(0x63, 0xe2))).toEqual({
      utf8: 'c',
      notUtf8: null,
      windows1252: '',
    });
    expect(decoder.decode(Uint8Array.of(0x82, 0xac, 0x2c, 0x80, 0x0a))).toEqual({
      utf8: '€,',
      notUtf8: 0x80,
      windows1252: '€\n',
    });
    expect(decoder.decode(Uint8Array.of(0xe2, 0x82, 0xac))).toEqual({
      utf8: '',
      notUtf8: null,
      windows1252: 'â‚¬', // UTF-8's € read as Windows-1252, once the file was found not to be UTF-8
    });
    expect(decoder.end()).toEqual({ utf8: '', notUtf8: null, windows1252: '' });
  });

  it('reads a sequence cut off by the end of the file as Windows-1252', () => {
    const decoder = new ByteDecoder();
    expect(decoder.decode(Uint8Array.of(0x63, 0x61, 0x66, 0xe9))).toEqual({
      utf8: 'caf',
      notUtf8: null,
      windows1252: '',
    });
    expect(decoder.end()).toEqual({ utf8: '', notUtf8: 0xe9, windows1252: 'é' });
    expect(decoder.encoding).toBe('windows-1252');
  });
});
