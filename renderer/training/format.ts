// Numbers as the status line and the tables show them.

/** A loss or a change: four significant digits, exponent form when tiny or huge. */
export function formatValue(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(3);
  return Number(x.toPrecision(4)).toString();
}

/** A count with thousands separators: 12,000. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatRate(samplesPerSecond: number): string {
  return `${formatCount(Math.round(samplesPerSecond))} samples/s`;
}

export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)} %`;
}
