// Numbers in words the user reads: the stop details here, and every loss, change and metric
// the app shows (renderer/training/format.ts re-exports it), so that both write them alike.

/** A loss or a change: four significant digits, exponent form when tiny or huge. */
export function formatValue(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(3);
  return Number(x.toPrecision(4)).toString();
}
