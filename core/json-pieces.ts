// JSON text in pieces, for values too large to be one string (V8 holds at most 2²⁹ − 24
// characters, ~540 MB: three layers of 4096 units make ~1 GB of JSON). Two-space indentation;
// an array of numbers or strings on one line (a weight row), written at most ROW values a piece;
// a short flat object on one line; everything else an entry a line.

/** Characters a chunk gathers before it is written or sent: about a megabyte. */
export const CHUNK_CHARS = 1 << 20;

/**
 * Pieces joined, as they come, into strings of about `size` characters (the last one shorter,
 * possibly empty): what is written or sent at a time, so no size of text becomes one string.
 */
export function* chunked(pieces: Iterable<string>, size = CHUNK_CHARS): Generator<string> {
  let chunk = '';
  for (const piece of pieces) {
    chunk += piece;
    if (chunk.length >= size) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
}

/** Values of a one-line array per piece: a row of 4096 weights is ~90 kB of text. */
const ROW = 4096;

/** A number as JSON text that parses back to the same bits (-0 stays -0). */
export function numberText(v: number): string {
  return Object.is(v, -0) ? '-0' : JSON.stringify(v);
}

/** A number, string, boolean or null as JSON text (a non-finite number as null). */
function scalarJson(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? numberText(value) : 'null';
  return JSON.stringify(value) ?? 'null';
}

const flat = (v: unknown): boolean => v === null || typeof v !== 'object';

/** An object's entries as JSON writes them: those whose value is undefined or a function left out. */
function jsonEntries(value: object): [string, unknown][] {
  return Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
}

/**
 * The JSON text of `value` (plain data: objects, arrays, numbers, strings, booleans, null) in
 * pieces of at most a row of ROW values each; joined, they parse back to `value`.
 */
export function* jsonPieces(value: unknown, indent = ''): Generator<string> {
  if (flat(value)) {
    yield scalarJson(value);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.every(flat)) {
      // [v₀, v₁, …] on one line, ROW values a piece.
      for (let start = 0; start < value.length; start += ROW) {
        const row = value
          .slice(start, start + ROW)
          .map(scalarJson)
          .join(', ');
        yield `${start === 0 ? '[' : ', '}${row}`;
      }
      yield value.length === 0 ? '[]' : ']';
      return;
    }
    for (const [k, v] of value.entries()) {
      yield k === 0 ? `[\n${inner}` : `,\n${inner}`;
      yield* jsonPieces(v, inner);
    }
    yield `\n${indent}]`;
    return;
  }
  const entries = jsonEntries(value as object);
  if (entries.every(([, v]) => flat(v))) {
    const oneLine = `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${scalarJson(v)}`).join(', ')} }`;
    if (oneLine.length <= 80) {
      yield oneLine;
      return;
    }
  }
  for (const [k, [key, v]] of entries.entries()) {
    yield `${k === 0 ? '{\n' : ',\n'}${inner}${JSON.stringify(key)}: `;
    yield* jsonPieces(v, inner);
  }
  yield `\n${indent}}`;
}
