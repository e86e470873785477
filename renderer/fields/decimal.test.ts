import { describe, expect, it } from 'vitest';
import { parseDecimal } from './decimal';

const value = (text: string) => {
  const read = parseDecimal(text);
  return read.ok ? read.value : read.problem;
};

describe('parseDecimal', () => {
  it('reads ordinary decimal numbers, with a sign, a point, an exponent and spaces around', () => {
    expect(value('16')).toBe(16);
    expect(value('-0.25')).toBe(-0.25);
    expect(value('+3')).toBe(3);
    expect(value('.5')).toBe(0.5);
    expect(value('5.')).toBe(5);
    expect(value('1e-3')).toBe(0.001);
    expect(value('2.5E+2')).toBe(250);
    expect(value('  0.1 \t')).toBe(0.1);
    expect(value('007')).toBe(7);
  });

  it('is null for an empty field', () => {
    expect(value('')).toBeNull();
    expect(value('   ')).toBeNull();
  });

  it.each([
    '0x10',
    '0X1f',
    '0b11',
    '0o7',
    'Infinity',
    '-Infinity',
    'NaN',
    '1,5',
    '1_000',
    '1e',
    'e3',
    '.',
    '-',
    '1.2.3',
    '12abc',
    '1 000',
    '١٢',
  ])('refuses %j, saying what it got', (text) => {
    expect(value(text)).toBe(
      `must be a decimal number (digits, a point, an exponent as in 1e-3), not ${JSON.stringify(text.trim())}`,
    );
  });

  it('refuses a number too large for a double', () => {
    expect(value('1e999')).toBe('is too large: 1e999');
  });
});
