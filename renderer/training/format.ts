// Numbers as the status line and the tables show them.

/** A loss or a change: four significant digits, exponent form when tiny or huge. */
export { formatValue } from '../../core/number-format';

/** A count with thousands separators: 12,000. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A count and its noun, agreeing: 1 row, 12,000 rows. */
export function formatCountOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : plural}`;
}

/** Rows left out for an empty or invalid cell, as the data panel and the status line say it. */
export function formatLeftOut(rows: number): string {
  return `${formatCountOf(rows, 'row')} left out`;
}

export function formatRate(samplesPerSecond: number): string {
  return `${formatCount(Math.round(samplesPerSecond))} samples/s`;
}

export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)} %`;
}
