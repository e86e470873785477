import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseJsonChunks, parseJsonText } from './json-stream';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** The bytes of `text`, cut before each offset in `cuts` (ascending). */
async function* cut(text: string, cuts: number[] = []): AsyncGenerator<Uint8Array> {
  const bytes = utf8(text);
  let from = 0;
  for (const at of [...cuts, bytes.length]) {
    yield bytes.subarray(from, at);
    from = at;
  }
}

/** The bytes one at a time. */
const bytewise = (text: string) => cut(text, [...utf8(text).keys()].slice(1));

async function streamError(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  try {
    await parseJsonChunks(chunks);
  } catch (error) {
    expect(error).toBeInstanceOf(JsonSyntaxError);
    return (error as Error).message;
  }
  throw new Error('parsed');
}

/**
 * What JSON.parse (V8) says of `text`, with its "at position N" as the line and column an editor
 * shows (lines end at \n, \r\n or \r; columns count UTF-16 code units).
 */
function v8Says(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    return (error as Error).message.replace(
      / at position (\d+)(?: \(line \d+ column \d+\))?$/,
      (_, at: string) => {
        const lines = text.slice(0, Number(at)).split(/\r\n|\r|\n/);
        return ` at line ${lines.length}, column ${lines[lines.length - 1].length + 1}`;
      },
    );
  }
}

// Texts whose error V8 places (at position N): the stream must say the same.
const PLACED = [
  '{"a":1,}',
  '{,}',
  '{"a" 1}',
  '{"a":1 "b":2}',
  '[1 2]',
  '[1,2',
  '{"a":1',
  '"abc',
  '[-]',
  '[1.]',
  '[1e]',
  '[1.5e+]',
  '[01]',
  '[-01]',
  '[1]x',
  '{1:2}',
  '["a\\x"]',
  '["\\u12G4"]',
  '"ab\\u12',
  '["a\tb"]',
  '{"a":1}}',
  '{"a":[1,2}',
  '{"a"}',
  '[1e5x]',
  '[truex]',
  '[1 "abc',
  '[1 tx]',
  '{t}',
  '[0-1]',
  '12 3',
  '{\n  "é😀": [1,\r\n    2\r\n    3]\n}',
  '{\r\n  "weights": [[0.5, -1e-3],\r\n   [2 , "€"]],\r\n  "name": "ünïcödé" "x"\r\n}',
];

// V8 names no place for these: the stream's words, with the place it finds.
const UNPLACED: [string, string][] = [
  ['{"a":}', "Unexpected token '}' in JSON at line 1, column 6"],
  ['[1,\n  ]', "Unexpected token ']' in JSON at line 2, column 3"],
  ['[tru]', "Unexpected token ']' in JSON at line 1, column 5"],
  ['[é]', "Unexpected token 'é' in JSON at line 1, column 2"],
  ['["😀", +1]', "Unexpected token '+' in JSON at line 1, column 8"],
  ['', 'Unexpected end of JSON input at line 1, column 1'],
  ['{"a":\r\n', 'Unexpected end of JSON input at line 2, column 1'],
  ['[\r\r1,\n2,\r\n]', "Unexpected token ']' in JSON at line 5, column 1"],
  ['[1,', 'Unexpected end of JSON input at line 1, column 4'],
  ['"ab\\', 'Unexpected end of JSON input at line 1, column 5'],
];

describe('parseJsonChunks: a text that is not JSON', () => {
  it.each(PLACED)('%j: says what JSON.parse says, at its line and column', async (text) => {
    const says = v8Says(text)!;
    expect(says).toMatch(/ at line \d+, column \d+$/);
    expect(await streamError(cut(text))).toBe(says);
    expect(await streamError(bytewise(text))).toBe(says);
    expect(() => parseJsonText(text)).toThrow(says);
  });

  it.each(UNPLACED)('%j: %s', async (text, says) => {
    // The description is V8's ("Unexpected token 'x', "[x]" is not valid JSON").
    const v8 = v8Says(text)!.replace(
      /^(Unexpected token '.*'), .* is not valid JSON$/s,
      '$1 in JSON',
    );
    expect(says.startsWith(v8)).toBe(true);
    expect(await streamError(cut(text))).toBe(says);
    expect(await streamError(bytewise(text))).toBe(says);
    expect(() => parseJsonText(text)).toThrow(says);
  });

  it('finds the same place wherever the chunks break (in a character, in "\\r\\n", in a token)', async () => {
    const text = '{\r\n  "naïve 😀": [1.5,\r\n  -2e3,\r\n  "€€€" "x"]\r\n}';
    const says = v8Says(text)!;
    expect(says).toBe("Expected ',' or ']' after array element in JSON at line 4, column 9");
    const n = utf8(text).length;
    for (let a = 1; a < n; a++) {
      for (const b of [a + 1, a + 3, n - 1]) {
        expect(await streamError(cut(text, b > a && b < n ? [a, b] : [a]))).toBe(says);
      }
    }
  });

  it('counts lines over all the chunks read so far', async () => {
    const rows = Array.from({ length: 3000 }, (_, r) => `  [${r}, ${-r / 7}],`).join('\n');
    const text = `[\n${rows}\n  [1, 2] [3]\n]`;
    const says = "Expected ',' or ']' after array element in JSON at line 3002, column 10";
    expect(v8Says(text)).toBe(says);
    const n = utf8(text).length;
    expect(await streamError(cut(text, [1000, 2000, n - 20, n - 6]))).toBe(says);
  });

  it('agrees with JSON.parse on texts broken at random', async () => {
    const texts = fc
      .tuple(
        fc.jsonValue({ maxDepth: 3 }),
        fc.boolean(),
        fc.nat(),
        fc.constantFrom(
          '',
          ',',
          ']',
          '}',
          ':',
          '"',
          '0',
          '-',
          'x',
          'é',
          ' 1',
          '\r\n',
          't',
          'n',
          '\\',
          '\t',
          '{',
          '[',
          '.',
          'e',
          '+',
          ' "a"',
        ),
        fc.boolean(),
      )
      .map(([value, crlf, at, insert, truncate]) => {
        const text = JSON.stringify(value, null, 2).replace(/\n/g, crlf ? '\r\n' : '\n');
        const i = at % (text.length + 1);
        return truncate ? text.slice(0, i) : text.slice(0, i) + insert + text.slice(i + 1);
      });
    await fc.assert(
      fc.asyncProperty(texts, fc.array(fc.integer({ min: 1, max: 9 })), async (text, steps) => {
        let at = 0;
        const cuts = steps.map((s) => (at += s)).filter((c) => c < utf8(text).length);
        const says = v8Says(text);
        if (says === null) {
          expect(await parseJsonChunks(cut(text, cuts))).toEqual(JSON.parse(text));
          return;
        }
        const streamed = await streamError(cut(text, cuts));
        if (/ at line/.test(says)) expect(streamed).toBe(says);
        else
          expect(streamed.startsWith(says.replace(/, .* is not valid JSON$/s, ' in JSON'))).toBe(
            true,
          );
        expect(() => parseJsonText(text)).toThrow(streamed);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseJsonChunks', () => {
  it('parses a text in any chunks, a multi-byte character cut in two', async () => {
    const value = {
      name: 'naïve 😀',
      rows: [
        [1, -0.5],
        [2e-7, 3],
      ],
      ok: true,
      none: null,
    };
    const text = JSON.stringify(value, null, 2);
    expect(await parseJsonChunks(cut(text))).toEqual(value);
    expect(await parseJsonChunks(bytewise(text))).toEqual(value);
    expect(await parseJsonChunks(cut('\ufeff' + text, [2]))).toEqual(value);
    expect(await parseJsonChunks(cut('-0 '))).toBe(-0);
  });

  it('lets an error of reading pass as it is', async () => {
    const broken = new Error('EIO: i/o error, read');
    async function* failing() {
      yield utf8('[1, 2');
      throw broken;
    }
    await expect(parseJsonChunks(failing())).rejects.toBe(broken);
  });
});

describe('parseJsonText', () => {
  it('is JSON.parse for JSON', () => {
    expect(parseJsonText('{"a": [1, "é"]}')).toEqual({ a: [1, 'é'] });
  });

  it('carries the description and the place apart', () => {
    try {
      parseJsonText('[1,\n 2 3]');
    } catch (error) {
      expect(error).toBeInstanceOf(JsonSyntaxError);
      expect((error as JsonSyntaxError).problem).toBe(
        "Expected ',' or ']' after array element in JSON",
      );
      expect((error as JsonSyntaxError).at).toEqual({ line: 2, column: 4 });
      return;
    }
    expect.unreachable();
  });
});
