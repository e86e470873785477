import { describe, expect, it } from 'vitest';
import { formatValue } from './number-format';

describe('formatValue', () => {
  it('keeps four significant digits, as the status line and the tables write losses', () => {
    expect(formatValue(0.0019962568539599376)).toBe('0.001996');
    expect(formatValue(0.002)).toBe('0.002');
    expect(formatValue(1.23456)).toBe('1.235');
    expect(formatValue(0)).toBe('0');
  });

  it('writes tiny and huge numbers as exponents', () => {
    expect(formatValue(0.00080331)).toBe('8.033e-4');
    expect(formatValue(123456)).toBe('1.235e+5');
  });

  it('says what is not a number', () => {
    expect(formatValue(NaN)).toBe('—');
    expect(formatValue(null)).toBe('—');
    expect(formatValue(Infinity)).toBe('∞');
    expect(formatValue(-Infinity)).toBe('−∞');
  });
});
