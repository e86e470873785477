import { describe, expect, it } from 'vitest';
import { sampleUnits } from './sample-units';

describe('sampleUnits', () => {
  it('keeps every unit of a narrow layer', () => {
    expect(sampleUnits(5, 12)).toEqual([0, 1, 2, 3, 4]);
  });

  it('samples a wide layer evenly, first and last included', () => {
    const s = sampleUnits(64, 12);
    expect(s).toHaveLength(12);
    expect(s[0]).toBe(0);
    expect(s.at(-1)).toBe(63);
    for (let k = 1; k < s.length; k++) expect(s[k]).toBeGreaterThan(s[k - 1]);
  });

  it('draws no unit for a size that is no number (a Units field being typed)', () => {
    expect(sampleUnits(Number.NaN, 12)).toEqual([]);
    expect(sampleUnits(Infinity, 12)).toEqual([]);
  });
});
