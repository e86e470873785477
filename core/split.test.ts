import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitCounts, splitRows, splitSizes, takeRows } from './split';

describe('splitRows', () => {
  it('is seeded: the same seed gives the same split, another seed another one', () => {
    const a = splitRows(100, { validation: 0.2, test: 0.1, seed: 7 });
    expect(splitRows(100, { validation: 0.2, test: 0.1, seed: 7 })).toEqual(a);
    expect(splitRows(100, { validation: 0.2, test: 0.1, seed: 8 })).not.toEqual(a);
    expect([a.train.length, a.validation.length, a.test.length]).toEqual([70, 20, 10]);
  });

  it('keeps every row in file order when nothing is held out', () => {
    const s = splitRows(5, { validation: 0, test: 0, seed: 1 });
    expect(Array.from(s.train)).toEqual([0, 1, 2, 3, 4]);
    expect(s.test.length + s.validation.length).toBe(0);
  });

  it('stratifies: each class is held out in the same proportion', () => {
    const classes = Int32Array.from({ length: 150 }, (_, r) => Math.floor(r / 50));
    const s = splitRows(150, { validation: 0, test: 0.2, seed: 3, classes });
    const perClass = [0, 1, 2].map(
      (k) => Array.from(s.test).filter((r) => classes[r] === k).length,
    );
    expect(perClass).toEqual([10, 10, 10]);
  });

  it('partitions the rows, each set ascending (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.double({ min: 0, max: 0.45, noNaN: true }),
        fc.double({ min: 0, max: 0.45, noNaN: true }),
        fc.integer(),
        fc.integer({ min: 1, max: 5 }),
        (n, validation, test, seed, k) => {
          const classes = Int32Array.from({ length: n }, (_, r) => (r * 7) % k);
          const s = splitRows(n, { validation, test, seed, classes });
          const all = [...s.train, ...s.validation, ...s.test].sort((p, q) => p - q);
          expect(all).toEqual(Array.from({ length: n }, (_, r) => r));
          for (const part of [s.train, s.validation, s.test]) {
            for (let i = 1; i < part.length; i++) expect(part[i]).toBeGreaterThan(part[i - 1]);
          }
          // every class has a training row
          for (let c = 0; c < k; c++) {
            if (classes.includes(c)) expect(s.train.some((r) => classes[r] === c)).toBe(true);
          }
        },
      ),
    );
  });

  it('keeps a training row of every class, even when its share would round to none', () => {
    // four classes of two rows; a quarter each to validation and test would take both
    const classes = Int32Array.from([0, 1, 2, 3, 0, 1, 2, 3]);
    const s = splitRows(8, { validation: 0.25, test: 0.25, seed: 1, classes });
    expect(Array.from(s.train, (r) => classes[r]).sort()).toEqual([0, 1, 2, 3]);
    expect(s.test.length + s.validation.length).toBe(4);
  });

  it('refuses fractions that leave nothing to train on', () => {
    expect(() => splitRows(10, { validation: 0.5, test: 0.5, seed: 1 })).toThrow(
      'validation + test fractions must leave rows to train on, got 0.5 + 0.5',
    );
    expect(() => splitRows(10, { validation: -0.1, test: 0, seed: 1 })).toThrow(
      'validation fraction must be a number in [0, 1), got -0.1',
    );
  });
});

describe('splitSizes', () => {
  it('holds out round(share · size) rows for each set, the rest trains', () => {
    // 150 rows: 0.1 · 150 = 15 test, 0.2 · 150 = 30 validation, 105 train
    expect(splitSizes(150, 0.2, 0.1)).toEqual({ train: 105, validation: 30, test: 15 });
    expect(splitSizes(7, 0, 0)).toEqual({ train: 7, validation: 0, test: 0 });
    expect(splitSizes(0, 0.2, 0.1)).toEqual({ train: 0, validation: 0, test: 0 });
  });

  it('leaves one row to train on when the shares would take them all', () => {
    expect(splitSizes(2, 0.25, 0.25)).toEqual({ train: 1, validation: 0, test: 1 });
    expect(splitSizes(1, 0.2, 0.2)).toEqual({ train: 1, validation: 0, test: 0 });
  });

  it('is what splitRows gives an unstratified split (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 0, max: 49 }),
        fc.integer({ min: 0, max: 49 }),
        (n, v, t) => {
          const s = splitRows(n, { validation: v / 100, test: t / 100, seed: 3 });
          const sizes = splitSizes(n, v / 100, t / 100);
          expect([s.train.length, s.validation.length, s.test.length]).toEqual([
            sizes.train,
            sizes.validation,
            sizes.test,
          ]);
        },
      ),
    );
  });
});

describe('splitCounts', () => {
  it('adds up splitSizes over the groups', () => {
    // 50 + 50 + 50 (iris): 35 + 35 + 35 train; 3 rows: 1 + 2 (a class of one row keeps it)
    expect(splitCounts([50, 50, 50], 0.2, 0.1)).toEqual({ train: 105, validation: 30, test: 15 });
    expect(splitCounts([1, 2], 0.3, 0.3)).toEqual({ train: 2, validation: 0, test: 1 });
    expect(splitCounts([], 0.2, 0.1)).toEqual({ train: 0, validation: 0, test: 0 });
  });

  it('counts the rows splitRows puts in each set, with classes or without (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 0, max: 49 }),
        fc.integer({ min: 0, max: 49 }),
        fc.integer(),
        (labels, v, t, seed) => {
          const classes = Int32Array.from(labels);
          const n = classes.length;
          const sizes = Array.from({ length: 8 }, (_, k) => labels.filter((c) => c === k).length);
          const sets = (s: ReturnType<typeof splitRows>) => ({
            train: s.train.length,
            validation: s.validation.length,
            test: s.test.length,
          });
          const options = { validation: v / 100, test: t / 100, seed };
          expect(splitCounts(sizes, v / 100, t / 100)).toEqual(
            sets(splitRows(n, { ...options, classes })),
          );
          expect(splitCounts([n], v / 100, t / 100)).toEqual(sets(splitRows(n, options)));
        },
      ),
    );
  });
});

describe('takeRows', () => {
  it('gathers rows in the given order, keeping the dtype', () => {
    const M = { rows: 3, cols: 2, data: new Float32Array([1, 2, 3, 4, 5, 6]) };
    const T = takeRows(M, [2, 0]);
    expect(T.data).toEqual(new Float32Array([5, 6, 1, 2]));
    expect([T.rows, T.cols]).toEqual([2, 2]);
  });
});

describe('splitRows on a million rows', () => {
  it('splits them (spreading a group into push() overflowed the stack)', () => {
    const n = 1_000_000;
    const s = splitRows(n, { validation: 0.1, test: 0.2, seed: 1 });
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([
      700_000, 100_000, 200_000,
    ]);
    const classes = Int32Array.from({ length: n }, (_, r) => r % 2);
    const t = splitRows(n, { validation: 0, test: 0.2, seed: 1, classes });
    expect([t.train.length, t.test.length]).toEqual([800_000, 200_000]);
  });
});
