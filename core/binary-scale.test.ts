import { describe, expect, it } from 'vitest';
import { binaryScale, scaledMean } from './binary-scale';

describe('binaryScale', () => {
  it('is the power of two at or below m', () => {
    expect(binaryScale(1)).toBe(1);
    expect(binaryScale(3)).toBe(2);
    expect(binaryScale(1024)).toBe(1024);
    expect(binaryScale(0.3)).toBe(0.25);
    expect(binaryScale(5e-324)).toBe(5e-324); // the smallest subnormal is 2^-1074
  });

  it('is finite for the largest float64, and leaves every |x| ≤ m below 2', () => {
    for (const m of [Number.MAX_VALUE, 1.7e308, 2 ** 1023, 123.456, 1e-300]) {
      const s = binaryScale(m);
      expect(Number.isFinite(s)).toBe(true);
      expect(m / s).toBeGreaterThanOrEqual(1);
      expect(m / s).toBeLessThan(2);
    }
  });

  it('is 1 for 0, so an all-zero column divides by nothing', () => {
    expect(binaryScale(0)).toBe(1);
  });
});

describe('scaledMean', () => {
  it('is the mean, the same bit for bit for everyday numbers, skipping NaN (missing)', () => {
    const values = [0.1, 0.2, 0.3, NaN, 1e6];
    expect(scaledMean(values)).toBe((0.1 + 0.2 + 0.3 + 1e6) / 4);
    expect(scaledMean(new Float64Array([NaN]))).toBeNaN();
  });

  it('is finite for numbers near the largest float64, whose plain sum overflows', () => {
    const values = [1.7e308, 1.7e308, -1e308];
    expect(values.reduce((a, b) => a + b) / 3).toBe(Infinity);
    expect(scaledMean(values)).toBeCloseTo(0.8e308, -300);
    expect(scaledMean([Number.MAX_VALUE, Number.MAX_VALUE])).toBe(Number.MAX_VALUE);
  });
});
