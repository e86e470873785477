import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countRows, RowSetBuilder, wordsFor } from './row-set';
import type { RowSet } from './types';

/** The RowSet a builder makes of these rows (ascending) of a table of `size` rows. */
function built(size: number, rows: number[]): RowSet {
  const builder = new RowSetBuilder(size);
  for (const r of rows) builder.add(r);
  return builder.done();
}

describe('RowSetBuilder', () => {
  it('lists the rows while they take no more numbers than the bits would', () => {
    // 100 rows take 4 words of bits: up to 4 rows are listed.
    expect(wordsFor(100)).toBe(4);
    expect(built(100, [3, 40, 41, 99])).toEqual({ rows: [3, 40, 41, 99] });
    expect(built(100, [])).toEqual({ rows: [] });
  });

  it('turns to a bit a row past that, row r at bit r % 32 of word r / 32', () => {
    const set = built(100, [0, 31, 32, 64, 99]);
    expect(set).toEqual({ bits: [0x80000001 >>> 0, 1, 1, 1 << 3] });
    expect(countRows([set], 100)).toBe(5);
  });
});

describe('countRows', () => {
  it('counts a row in several sets once', () => {
    const a: RowSet = { rows: [1, 4, 7] };
    const b: RowSet = { rows: [4, 9] };
    expect(countRows([a], 10)).toBe(3);
    expect(countRows([a, b], 10)).toBe(4);
    expect(countRows([a, a], 10)).toBe(3);
    expect(countRows([], 10)).toBe(0);
  });

  it('counts lists and bits together', () => {
    const bits = built(64, [0, 2, 4, 6, 8, 10, 33]);
    expect(bits).toHaveProperty('bits');
    expect(countRows([bits, { rows: [2, 3, 33, 63] }], 64)).toBe(9);
  });

  it('agrees with a Set of the rows for any sets of a table (lists and bits alike)', () => {
    const table = fc.integer({ min: 1, max: 300 }).chain((size) =>
      fc.tuple(
        fc.constant(size),
        fc.array(fc.uniqueArray(fc.nat({ max: size - 1 }), { maxLength: size }), {
          maxLength: 5,
        }),
      ),
    );
    fc.assert(
      fc.property(table, ([size, sets]) => {
        const rowSets = sets.map((rows) =>
          built(
            size,
            [...rows].sort((p, q) => p - q),
          ),
        );
        expect(countRows(rowSets, size)).toBe(new Set(sets.flat()).size);
      }),
    );
  });
});
