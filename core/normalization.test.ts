import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from './data-error';
import {
  applyNormalization,
  fitNormalization,
  noNormalization,
  normalizationProblem,
  type DataNames,
} from './normalization';
import type { Matrix } from './types';

const X: Matrix = { rows: 4, cols: 2, data: new Float64Array([1, 10, 2, 10, 3, 10, 100, -5]) };

describe('normalization', () => {
  it('z-score: mean and population standard deviation of the training rows only', () => {
    const norm = fitNormalization('zscore', X, [0, 1, 2]);
    expect(norm.method).toBe('zscore');
    expect(norm.offset).toEqual([2, 10]);
    expect(norm.scale[0]).toBeCloseTo(Math.sqrt(2 / 3), 15);
    expect(norm.scale[1]).toBe(1); // a constant feature is left unscaled
    const out = applyNormalization(norm, X);
    expect(out.data[0]).toBeCloseTo(-1 / Math.sqrt(2 / 3), 14);
    expect(out.data[7]).toBe(-15); // a held-out row uses the training statistics
  });

  it('min-max maps the training rows onto [0, 1]', () => {
    const norm = fitNormalization('minmax', X);
    expect(norm.offset).toEqual([1, -5]);
    expect(norm.scale).toEqual([99, 15]);
    expect(Array.from(applyNormalization(norm, X).data)).toEqual([
      0,
      1,
      1 / 99,
      1,
      2 / 99,
      1,
      1,
      0,
    ]);
  });

  it('none changes nothing, bit for bit, and keeps the dtype', () => {
    const X32: Matrix = { rows: 1, cols: 3, data: new Float32Array([0.1, -0, 3e-40]) };
    const out = applyNormalization(fitNormalization('none', X32), X32);
    expect(out.data).toBeInstanceOf(Float32Array);
    expect(out.data).toEqual(X32.data);
    expect(noNormalization(2)).toEqual({ method: 'none', offset: [0, 0], scale: [1, 1] });
  });

  it('z-scored training columns have mean 0 and standard deviation 1 (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            // (subnormal numbers excluded: their mean is not representable to 1e-9 relative)
            fc
              .double({ min: -1e6, max: 1e6, noNaN: true })
              .filter((x) => x === 0 || Math.abs(x) >= 1e-290),
            fc.integer({ min: -50, max: 50 }),
          ),
          {
            minLength: 2,
            maxLength: 40,
          },
        ),
        (rows) => {
          const M: Matrix = { rows: rows.length, cols: 2, data: new Float64Array(rows.flat()) };
          const out = applyNormalization(fitNormalization('zscore', M), M);
          for (let c = 0; c < 2; c++) {
            const x = Array.from({ length: M.rows }, (_, r) => M.data[r * 2 + c]);
            const xMean = x.reduce((s, v) => s + v, 0) / x.length;
            const xSd = Math.sqrt(x.reduce((s, v) => s + (v - xMean) ** 2, 0) / x.length);
            // x − mean loses the digits x and its mean share, so results carry relative errors
            // near ε·max|x|/sd (fast-check found the column 999999.998, 999999.882: sd 0.06).
            const tol =
              xSd > 0 ? 1e-9 + (64 * Number.EPSILON * Math.max(...x.map(Math.abs))) / xSd : 1e-9;
            const col = Array.from({ length: M.rows }, (_, r) => out.data[r * 2 + c]);
            const mean = col.reduce((s, v) => s + v, 0) / col.length;
            const sd = Math.sqrt(col.reduce((s, v) => s + (v - mean) ** 2, 0) / col.length);
            expect(Math.abs(mean)).toBeLessThan(tol);
            if (sd > 0) expect(Math.abs(sd - 1)).toBeLessThan(tol);
          }
        },
      ),
    );
  });

  it('z-score: the same numbers, bit for bit, as Σx/m and √(Σ(x − μ)²/m) on everyday columns', () => {
    // Σ(x/s) is Σx/s exactly for a power of two s: the scaling changes no digit (property).
    fc.assert(
      fc.property(
        // (within 2^1000 of each other, so that no x / s is subnormal: everyday numbers)
        fc.array(
          fc
            .double({ min: -1e150, max: 1e150, noNaN: true })
            .filter((x) => x === 0 || Math.abs(x) >= 1e-150),
          { minLength: 1 },
        ),
        (x) => {
          const m = x.length;
          const M: Matrix = { rows: m, cols: 1, data: new Float64Array(x) };
          const norm = fitNormalization('zscore', M);
          const mean = x.reduce((s, v) => s + v, 0) / m;
          const d = Math.max(...x.map((v) => Math.abs(v - mean)));
          const std =
            d > 0 ? d * Math.sqrt(x.reduce((s, v) => s + ((v - mean) / d) ** 2, 0) / m) : 0;
          expect(norm.offset[0]).toBe(mean);
          expect(norm.scale[0]).toBe(std > 0 ? std : 1);
        },
      ),
    );
  });

  it('z-score: a column near the largest float64 (±1.7e308) has a finite mean and deviation', () => {
    const M: Matrix = { rows: 4, cols: 1, data: new Float64Array([1.7e308, 1.7e308, -1.7e308, 0]) };
    const norm = fitNormalization('zscore', M);
    // μ = 1.7e308 / 4, σ = √(Σ(x − μ)²/4) = 1.7e308 · √(2.25 + 2.25 + 6.25 + 0.25) / 4
    expect(norm.offset[0] / 1e308).toBeCloseTo(0.425, 14);
    expect(norm.scale[0] / 1e308).toBeCloseTo((1.7 * Math.sqrt(11)) / 4, 14);
    const out = applyNormalization(norm, M);
    const z = Array.from(out.data);
    expect(z.every(Number.isFinite)).toBe(true);
    expect(z.reduce((s, v) => s + v, 0)).toBeCloseTo(0, 12);
    expect(z.reduce((s, v) => s + v * v, 0) / 4).toBeCloseTo(1, 12);
  });

  it('the largest float64 and its negative: mean 0, deviation the largest float64', () => {
    const M: Matrix = {
      rows: 2,
      cols: 1,
      data: new Float64Array([Number.MAX_VALUE, -Number.MAX_VALUE]),
    };
    const norm = fitNormalization('zscore', M);
    expect(norm).toEqual({ method: 'zscore', offset: [0], scale: [Number.MAX_VALUE] });
    expect(Array.from(applyNormalization(norm, M).data)).toEqual([1, -1]);
  });

  const names: DataNames = {
    file: 'big.csv',
    column: (c) => `column ${c + 1} "a${c}"`,
    row: (r) => r + 2,
  };

  it("min-max: a range beyond a float64 is an error naming the column and its extremes' rows", () => {
    const M: Matrix = { rows: 3, cols: 2, data: new Float64Array([1, 0, 5, 1.7e308, 2, -1.7e308]) };
    expect(() => fitNormalization('minmax', M, undefined, names)).toThrow(
      new DataError(
        'big.csv: column 2 "a1" runs from -1.7e+308 (row 4) to 1.7e+308 (row 3), a range larger than a float64 holds (1.8e308), so min-max normalization cannot scale it; use z-score normalization',
      ),
    );
    // A large range that a float64 holds is scaled as usual.
    const wide: Matrix = { rows: 2, cols: 1, data: new Float64Array([-8e307, 8e307]) };
    expect(Array.from(applyNormalization(fitNormalization('minmax', wide), wide).data)).toEqual([
      0, 1,
    ]);
  });

  it('applies x′ = (x − offset) / scale where x − offset overflows but x′ does not', () => {
    const norm = { method: 'zscore' as const, offset: [-1e308], scale: [1e308] };
    const M: Matrix = { rows: 2, cols: 1, data: new Float64Array([1.7e308, 0]) };
    const out = applyNormalization(norm, M);
    expect(out.data[0]).toBeCloseTo(2.7, 14);
    expect(out.data[1]).toBe(1);
  });

  it('a value whose x′ is beyond a float64 is an error naming its row and column', () => {
    const norm = fitNormalization('zscore', { rows: 2, cols: 1, data: new Float64Array([1, 2]) });
    const M: Matrix = { rows: 3, cols: 1, data: new Float64Array([1, 2, -1.7e308]) };
    expect(() => applyNormalization(norm, M, names)).toThrow(
      new DataError(
        'big.csv: row 4, column 1 "a0" has -1.7e+308, too far from the training rows\' values to normalize: (x − 1.5) / 0.5 is beyond a float64 (1.8e308); correct the value or leave the row out',
      ),
    );
  });

  it('refuses data of another width', () => {
    expect(() => applyNormalization(noNormalization(3), X)).toThrow(
      'normalization: fitted on 3 features, the data has 2',
    );
  });
});

describe('normalizationProblem: a normalization read back from a file', () => {
  it('accepts every normalization fitNormalization gives (property)', () => {
    const value = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(0, -0, 5e-324, 1e308, -1e308),
    );
    fc.assert(
      fc.property(
        fc.constantFrom('none', 'zscore', 'minmax'),
        fc.integer({ min: 1, max: 4 }),
        fc.array(value, { minLength: 12, maxLength: 12 }),
        (method, rows, cells) => {
          const M: Matrix = { rows, cols: 3, data: Float64Array.from(cells.slice(0, rows * 3)) };
          let norm;
          try {
            norm = fitNormalization(method, M);
          } catch (e) {
            if (e instanceof DataError) return; // a min-max range beyond a float64
            throw e;
          }
          expect(normalizationProblem(norm, 3)).toBeNull();
        },
      ),
    );
  });

  it.each([
    [
      { method: 'zscore', offset: [0, 1], scale: [2, -0.5] },
      'scale[1]',
      'must be a finite number > 0 (a spread of the feature), got -0.5',
    ],
    [{ method: 'minmax', offset: [0, 1], scale: [0, 1] }, 'scale[0]', 'must not be 0'],
    [
      { method: 'zscore', offset: [0, 1], scale: [1, NaN] },
      'scale[1]',
      'must be a finite number > 0 (a spread of the feature), got NaN',
    ],
    [
      { method: 'minmax', offset: [0, 1], scale: [Infinity, 1] },
      'scale[0]',
      'must be a finite number > 0 (a spread of the feature), got Infinity',
    ],
    [
      { method: 'zscore', offset: [-Infinity, 1], scale: [1, 1] },
      'offset[0]',
      'must be a finite number, got -Infinity',
    ],
    [
      { method: 'none', offset: [0, 0], scale: [1, 2] },
      'scale[1]',
      'must be 1 (method "none"), got 2',
    ],
    [
      { method: 'none', offset: [0, 3], scale: [1, 1] },
      'offset[1]',
      'must be 0 (method "none"), got 3',
    ],
    [
      { method: 'zscore', offset: [0], scale: [1, 1] },
      'offset',
      'expected 2 numbers (one per input feature), got 1',
    ],
  ] as const)('refuses %j, naming %s', (norm, field, problem) => {
    const copy = { ...norm, offset: [...norm.offset], scale: [...norm.scale] };
    expect(normalizationProblem(copy, 2)).toEqual([field, problem]);
  });
});
