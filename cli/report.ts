// Results in words and tables, as train and evaluate print them.
import type { Metrics, SplitEvaluation } from '../core/types';

/** A loss or metric with 4 significant digits (and "-" for none). */
export function num(v: number | null | undefined): string {
  if (v === null || v === undefined) return '-';
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-4)
    ? v.toExponential(3)
    : String(Number(v.toPrecision(4)));
}

/**
 * One line of JSON (--json). JSON has no Infinity or NaN, and JSON.stringify writes them as null,
 * which --json already means "no such set" by: a loss that overflowed (a saturated output) would
 * read as a missing split. So they are written as the strings "Infinity", "-Infinity" and "NaN".
 */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
  );
}

/** Rows as columns of equal width: the first `left` left-aligned (names), the rest right (numbers). */
function pad(rows: string[][], left = 1): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (c < left ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd(),
  );
}

function metricNames(metrics: Metrics): string[] {
  return metrics.kind === 'classification' ? ['accuracy'] : ['rmse', 'mae', 'r2'];
}

function metricValues(metrics: Metrics): string[] {
  return metrics.kind === 'classification'
    ? [num(metrics.accuracy)]
    : [num(metrics.rmse), num(metrics.mae), num(metrics.r2)];
}

/**
 * One line per data set: loss and metrics. With several numeric targets, a line per target
 * column (the set's loss on its first), then the mean of their R²: an RMSE or MAE mixed from
 * columns of different units would mean nothing.
 */
export function evaluationTable(sets: [string, SplitEvaluation | null][]): string[] {
  const present = sets.filter((s): s is [string, SplitEvaluation] => s[1] !== null);
  const first = present[0][1].metrics;
  if (first.kind === 'regression' && first.targets.length > 1) return perTargetTable(present);
  const header = ['', 'loss', ...metricNames(first)];
  return pad([
    header,
    ...present.map(([name, e]) => [name, num(e.loss), ...metricValues(e.metrics)]),
  ]);
}

function perTargetTable(sets: [string, SplitEvaluation][]): string[] {
  const rows = [['', 'target', 'loss', 'rmse', 'mae', 'r2']];
  for (const [name, { loss, metrics }] of sets) {
    if (metrics.kind !== 'regression') continue;
    for (const [i, t] of metrics.targets.entries()) {
      rows.push([
        i === 0 ? name : '',
        t.column,
        i === 0 ? num(loss) : '',
        num(t.rmse),
        num(t.mae),
        num(t.r2),
      ]);
    }
    rows.push(['', 'mean', '', '', '', num(metrics.r2)]);
  }
  return pad(rows, 2);
}

/** The widest confusion matrix written with its labels over the columns, in characters. */
const CONFUSION_WIDTH = 100;

/**
 * The confusion matrix with its labels (rows: actual class, columns: predicted). When long labels
 * would make it wider than CONFUSION_WIDTH, the columns are numbered, as the rows then are.
 */
export function confusionTable(metrics: Metrics): string[] {
  if (metrics.kind !== 'classification') return [];
  const { labels, confusion } = metrics;
  const named = pad([
    ['actual \\ predicted', ...labels],
    ...confusion.map((r, k) => [labels[k], ...r.map(String)]),
  ]);
  if (named[0].length <= CONFUSION_WIDTH) return named;
  const digits = String(labels.length).length;
  const number = (k: number) => String(k + 1).padStart(digits);
  return [
    ...pad([
      ['actual \\ predicted', ...labels.map((_, k) => String(k + 1))],
      ...confusion.map((r, k) => [`${number(k)}  ${labels[k]}`, ...r.map(String)]),
    ]),
    '(the predicted classes are numbered as the rows)',
  ];
}
