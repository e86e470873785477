// Tick labels of a log loss axis: powers of ten, short, and never fewer than two numbers.
import { describe, expect, it } from 'vitest';
import { logTickLabels } from './ticks';

describe('logTickLabels', () => {
  it('labels only the powers of ten when there are two or more, written short', () => {
    expect(logTickLabels([1e-7, 2e-7, 5e-7, 1e-6, 1e-4, 1e-3, 0.01, 0.1, 0.5, 1, 10])).toEqual([
      '1e-7',
      '',
      '',
      '1e-6',
      '1e-4',
      '0.001',
      '0.01',
      '0.1',
      '',
      '1',
      '10',
    ]);
    expect(logTickLabels([1e4, 3e4, 1e5])).toEqual(['10000', '', '1e5']);
  });

  it('labels 2 and 5 × 10ⁿ too when fewer than two powers of ten are in view', () => {
    // a run from 0.05 to 0.3: only 0.1 is a power of ten
    expect(logTickLabels([0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.2, 0.3])).toEqual([
      '0.05',
      '',
      '',
      '',
      '',
      '0.1',
      '0.2',
      '',
    ]);
    expect(logTickLabels([2e-5, 3e-5, 5e-5])).toEqual(['2e-5', '', '5e-5']);
  });

  it('labels every one-digit value of an axis within a decade (a loss from 0.9 to 0.34)', () => {
    // Chart.js's ticks for that span: hundredths up to 0.4, then tenths
    const ticks = [0.34, 0.35, 0.36, 0.37, 0.38, 0.39, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
    expect(logTickLabels(ticks)).toEqual([
      ...['', '', '', '', '', ''],
      ...['0.4', '0.5', '0.6', '0.7', '0.8', '0.9'],
    ]);
  });

  it('labels every tick of a span narrower still', () => {
    expect(logTickLabels([0.341, 0.342, 0.343])).toEqual(['0.341', '0.342', '0.343']);
    // a loss on a plateau: four digits would write them all "1.099"
    expect(logTickLabels([1.0986112, 1.0986114, 1.0986116])).toEqual([
      '1.0986112',
      '1.0986114',
      '1.0986116',
    ]);
  });
});
