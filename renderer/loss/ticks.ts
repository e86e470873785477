// The loss axis's tick labels: every tick on a linear scale, as the status line writes numbers;
// on a log scale the powers of ten, written short (1e-4, not 1.000e-4, for the ones formatValue
// writes with an exponent). A log axis that spans less than a decade or so holds fewer than two
// powers of ten (a run whose loss went from 0.9 to 0.34): it labels 2 and 5 × 10ⁿ as well, or
// every one-digit value (0.4, 0.5, …), or, on a narrower span still, every tick, so that the axis
// always carries at least two numbers.
import { tickLabels } from '../results/axis-ticks';
import { formatValue } from '../training/format';

/** The digit before the exponent of a value with one significant digit (7 for 0.7), else null. */
function leadingDigit(value: number): { digit: number; exponent: number } | null {
  if (!(value > 0) || !Number.isFinite(value)) return null;
  const exponent = Math.floor(Math.log10(value));
  const mantissa = value / 10 ** exponent;
  const digit = Math.round(mantissa);
  if (Math.abs(mantissa - digit) >= 1e-9) return null;
  // 9.9999999 rounds to 10: the next power of ten
  return digit === 10 ? { digit: 1, exponent: exponent + 1 } : { digit, exponent };
}

/** A one-digit value, short: 1e-7, 5e-4, 0.002, 0.5, 20, 5000, 1e5. */
function short(value: number): string {
  const d = leadingDigit(value)!;
  return d.exponent < -3 || d.exponent >= 5 ? `${d.digit}e${d.exponent}` : formatValue(value);
}

/**
 * The labels of a log axis's ticks, given all of them (Chart.js hands each tick's callback the
 * whole list): the powers of ten when there are two or more; else also 2 and 5 × 10ⁿ; else every
 * one-digit value; else every tick, with as many digits as tell them apart (Chart.js then skips
 * those that would overlap).
 */
export function logTickLabels(values: readonly number[]): string[] {
  const digits = values.map(leadingDigit);
  for (const allowed of [[1], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]) {
    const labelled = digits.map((d) => d !== null && allowed.includes(d.digit));
    if (labelled.filter(Boolean).length >= Math.min(2, values.length)) {
      return values.map((v, i) => (labelled[i] ? short(v) : ''));
    }
  }
  return tickLabels(values);
}
