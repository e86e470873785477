// The decision surface's points of a large dataset: at most the bound, every class visible, each
// class evenly spaced and in proportion, the same rows every time.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { sampleRows, SURFACE_MAX_POINTS } from './sample-rows';

const counts = (classOf: number[], rows: number[]) => {
  const n = new Map<number, number>();
  for (const r of rows) n.set(classOf[r], (n.get(classOf[r]) ?? 0) + 1);
  return n;
};

it('keeps every row of a set no larger than the bound, in order', () => {
  expect(sampleRows([0, 1, 1, 0])).toEqual([0, 1, 2, 3]);
  expect(sampleRows(new Array(SURFACE_MAX_POINTS).fill(0))).toHaveLength(SURFACE_MAX_POINTS);
});

it('spaces the rows of a numeric target evenly over the whole set', () => {
  const rows = sampleRows(new Array(200_000).fill(0));
  expect(rows).toHaveLength(SURFACE_MAX_POINTS);
  // centres of 2,000 slices of 100 rows: 50, 150, …, 199,950
  expect(rows.slice(0, 3)).toEqual([50, 150, 250]);
  expect(rows.at(-1)).toBe(199_950);
});

it('keeps a class of 10 rows among 200,000 visible, and the large classes in proportion', () => {
  // rows 0..9 class 2 (rare), then classes 0 and 1 alternating
  const classOf = Array.from({ length: 200_000 }, (_, r) => (r < 10 ? 2 : r % 2));
  const rows = sampleRows(classOf);
  const n = counts(classOf, rows);
  expect(n.get(2)).toBe(10);
  expect(Math.abs(n.get(0)! - n.get(1)!)).toBeLessThanOrEqual(1);
  expect(rows).toHaveLength(SURFACE_MAX_POINTS);
});

it('takes at most the bound, ascending and distinct, each class showing, for any classes', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 3000 }),
      fc.integer({ min: 1, max: 500 }),
      (classOf, max) => {
        const rows = sampleRows(classOf, max);
        expect(rows).toHaveLength(Math.min(max, classOf.length));
        for (let i = 1; i < rows.length; i++) expect(rows[i]).toBeGreaterThan(rows[i - 1]);
        const classes = new Set(classOf).size;
        const shown = counts(classOf, rows);
        expect(shown.size).toBe(Math.min(classes, max));
        // the same rows again
        expect(sampleRows(classOf, max)).toEqual(rows);
      },
    ),
    { numRuns: 200 },
  );
});
