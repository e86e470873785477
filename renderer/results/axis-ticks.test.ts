import { describe, expect, it } from 'vitest';
import { axisTicks, tickLabels } from './axis-ticks';

describe('axisTicks', () => {
  it('chooses round values 1, 2 or 5 × 10ⁿ apart inside the range', () => {
    expect(axisTicks(0, 10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(axisTicks(-0.35, 7.6)).toEqual([0, 2, 4, 6]);
    expect(axisTicks(23.1, 347.9)).toEqual([50, 100, 150, 200, 250, 300]);
    expect(axisTicks(-1.2, 1.2)).toEqual([-1, -0.5, 0, 0.5, 1]);
  });

  it('writes each value as the decimal it stands for, and zero as 0', () => {
    expect(axisTicks(0.1, 0.5, 4)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(axisTicks(-0.0003, 0.0003)).toEqual([
      -0.0003, -0.0002, -0.0001, 0, 0.0001, 0.0002, 0.0003,
    ]);
    expect(Object.is(axisTicks(-1, 1)[2], 0)).toBe(true);
  });

  it('spans large and tiny ranges alike', () => {
    expect(axisTicks(120_000, 480_000)).toEqual([200_000, 300_000, 400_000]);
    expect(axisTicks(1e-7, 5e-7, 4)).toEqual([1e-7, 2e-7, 3e-7, 4e-7, 5e-7]);
  });

  it('gives none for an empty or unbounded range', () => {
    expect(axisTicks(1, 1)).toEqual([]);
    expect(axisTicks(2, 1)).toEqual([]);
    expect(axisTicks(Number.NaN, 1)).toEqual([]);
    expect(axisTicks(0, Infinity)).toEqual([]);
  });
});

describe('axisTicks labels', () => {
  it('writes ticks as the tables write numbers', () => {
    expect(tickLabels([0, 50, 100, 150])).toEqual(['0', '50', '100', '150']);
    expect(tickLabels([0.0001, 0.0002])).toEqual(['1.000e-4', '2.000e-4']);
  });

  it('writes as many digits as tell ticks apart, where four would write them alike', () => {
    // One training row, its target 2, fitted to within 1e-7: the plot's five ticks all read "2"
    expect(tickLabels([1.9999999, 1.99999995, 2, 2.00000005, 2.0000001])).toEqual([
      '1.9999999',
      '1.99999995',
      '2',
      '2.00000005',
      '2.0000001',
    ]);
    expect(tickLabels([100000, 100000.5, 100001])).toEqual(['100000', '100000.5', '100001']);
    // a value twice (Chart.js's last tick on its max) is written alike, the others apart
    expect(tickLabels([1.0986124, 1.0986126, 1.0986126])).toEqual([
      '1.098612',
      '1.098613',
      '1.098613',
    ]);
  });
});
