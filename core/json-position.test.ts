import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteLineColumn, lineColumnOf } from './json-position';

/** The oracle: the lines before index i, split as an editor splits them. */
function expected(text: string, i: number) {
  const lines = text.slice(0, i).split(/\r\n|\r|\n/);
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/** Indices an editor can put a caret at: not inside "\r\n", not inside a surrogate pair. */
function carets(text: string): number[] {
  return Array.from({ length: text.length + 1 }, (_, i) => i).filter(
    (i) =>
      !(text[i - 1] === '\r' && text[i] === '\n') &&
      !(/[\uD800-\uDBFF]/.test(text[i - 1] ?? '') && /[\uDC00-\uDFFF]/.test(text[i] ?? '')),
  );
}

const piece = fc.constantFrom('a', ' ', '\n', '\r', '\r\n', 'é', '€', '😀', '"', '\t');
const texts = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));

describe('lineColumnOf', () => {
  it('counts "\\n", "\\r\\n" and a lone "\\r" as one line break each', () => {
    expect(lineColumnOf('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumnOf('ab\r\ncd', 5)).toEqual({ line: 2, column: 2 });
    expect(lineColumnOf('ab\rcd\n\ne', 7)).toEqual({ line: 4, column: 1 });
    expect(lineColumnOf('😀x', 2)).toEqual({ line: 1, column: 3 });
  });

  it('agrees with the lines an editor shows', () => {
    fc.assert(
      fc.property(texts, (text) => {
        for (const i of carets(text)) expect(lineColumnOf(text, i)).toEqual(expected(text, i));
      }),
    );
  });
});

describe('ByteLineColumn', () => {
  it('gives the place of each character of UTF-8 bytes in any chunks, as lineColumnOf', () => {
    fc.assert(
      fc.property(
        texts,
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1 }),
        (text, cuts) => {
          const bytes = new TextEncoder().encode(text);
          const where = new ByteLineColumn();
          for (let at = 0, k = 0; at < bytes.length; at += cuts[k++ % cuts.length]) {
            where.push(bytes.subarray(at, at + cuts[k % cuts.length]));
          }
          // Asked in order, as the parser asks: each character's first byte.
          for (const i of carets(text)) {
            const offset = new TextEncoder().encode(text.slice(0, i)).length;
            expect(where.at(offset)).toEqual(lineColumnOf(text, i));
          }
        },
      ),
    );
  });

  it('counts over many chunks; past the end is the end', () => {
    const where = new ByteLineColumn();
    const chunk = new TextEncoder().encode('[1,\n2]');
    for (let k = 0; k < 1000; k++) where.push(chunk);
    expect(where.at(chunk.length * 999 + 5)).toEqual({ line: 1001, column: 2 });
    // Past the end: the place after the last byte.
    expect(where.at(chunk.length * 2000)).toEqual({ line: 1001, column: 3 });
  });
});
