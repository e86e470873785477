// Tick labels of the loss axis: a log scale labels its powers of ten, short.
import { describe, expect, it } from 'vitest';
import { lossTickLabel } from './ticks';

describe('lossTickLabel', () => {
  it('writes a power of ten short on a log scale, and leaves the ticks between unlabelled', () => {
    expect(
      [1e-7, 1e-4, 1e-3, 0.01, 0.1, 1, 10, 1e4, 1e5].map((v) => lossTickLabel(v, true)),
    ).toEqual(['1e-7', '1e-4', '0.001', '0.01', '0.1', '1', '10', '10000', '1e5']);
    expect(lossTickLabel(2e-4, true)).toBe('');
    expect(lossTickLabel(0.5, true)).toBe('');
  });

  it('writes every tick of a linear scale as the status line writes numbers', () => {
    expect(lossTickLabel(0.25, false)).toBe('0.25');
    expect(lossTickLabel(2e-4, false)).toBe('2.000e-4');
  });
});
