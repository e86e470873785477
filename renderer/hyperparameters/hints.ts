// What a hyperparameter's value means, written beside its field where the number alone does not
// say it: a batch size of 0 is the full batch, every training row in each update, and so is one
// larger than the training rows (the engine takes min(batch size, rows): core/train.ts).

/**
 * "full batch · 105 rows" for a batch size of 0 (the training rows, "≈" when they are only
 * estimated), "full batch" while they are unknown; "full batch · only 105 rows" for a batch size
 * larger than the training rows; null for any other value.
 */
export function batchSizeHint(
  batchSize: number | null,
  training: { rows: number; exact: boolean } | null,
): string | null {
  if (batchSize === 0 && !training) return 'full batch';
  if (batchSize === null || !training) return null;
  const { rows, exact } = training;
  const larger = batchSize > rows;
  if (batchSize !== 0 && !larger) return null;
  const count = `${exact ? '' : '≈'}${rows.toLocaleString('en-US')} ${rows === 1 ? 'row' : 'rows'}`;
  return `full batch · ${larger ? 'only ' : ''}${count}`;
}
