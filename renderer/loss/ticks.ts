// The loss axis's tick labels: every tick on a linear scale, as the status line writes numbers;
// on a log scale only the powers of ten, written short (1e-4, not 1.000e-4, for the ones
// formatValue writes with an exponent).
import { formatValue } from '../training/format';

export function lossTickLabel(value: number, logarithmic: boolean): string {
  if (!logarithmic) return formatValue(value);
  const exponent = Math.floor(Math.log10(value));
  const mantissa = value / 10 ** exponent;
  if (Math.abs(mantissa - 1) >= 1e-9) return '';
  return exponent < -3 || exponent >= 5 ? `1e${exponent}` : formatValue(value);
}
