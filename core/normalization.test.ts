import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyNormalization, fitNormalization, noNormalization } from './normalization';
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

  it('refuses data of another width', () => {
    expect(() => applyNormalization(noNormalization(3), X)).toThrow(
      'normalization: fitted on 3 features, the data has 2',
    );
  });
});
