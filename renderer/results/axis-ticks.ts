// Tick values for a plot's axis: round numbers (1, 2 or 5 times a power of ten apart) inside the
// axis's range, about `count` intervals of them, as d3's ticks() chooses them; and their labels.
import { formatValue } from '../training/format';

/**
 * Round values from `lo` to `hi` (both included when round), a step of 1, 2 or 5 × 10ⁿ apart
 * giving about `count` intervals; none for a range that is empty or not finite.
 */
export function axisTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo) || count < 1) return [];
  // d3's rule: the step of 1, 2, 5 or 10 × 10ⁿ nearest (geometrically) to the range / count.
  const rough = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const error = rough / power;
  const step =
    power *
    (error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1);
  // Whole multiples of the step, written as the decimal they stand for (0.3, not 0.30000000000000004).
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const ticks: number[] = [];
  for (let i = Math.ceil(lo / step - 1e-9); i * step <= hi + step * 1e-9; i++) {
    ticks.push(Number((i * step).toFixed(Math.min(decimals, 100))) || 0);
  }
  return ticks;
}

/**
 * The ticks' labels, as the tables write numbers (formatValue: four significant digits), unless
 * that writes two alike (a range of 2 ± 1e-7: five ticks reading "2"): then with as many digits
 * as tell them all apart.
 */
export function tickLabels(ticks: readonly number[]): string[] {
  // alike only where the values are (Chart.js may end on a tick at the same value as the last)
  const apart = (labels: string[]) => new Set(labels).size === new Set(ticks).size;
  const labels = ticks.map((v) => formatValue(v));
  if (apart(labels)) return labels;
  for (let digits = 5; digits <= 17; digits++) {
    const precise = ticks.map((v) => String(Number(v.toPrecision(digits))));
    if (apart(precise)) return precise;
  }
  return labels;
}
