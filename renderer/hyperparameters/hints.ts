// What a hyperparameter's value means, written beside its field where the number alone does not
// say it: a batch size of 0 is the full batch, every training row in each update.

/**
 * "full batch · 105 rows" for a batch size of 0 (the training rows, "≈" when they are only
 * estimated), "full batch" while they are unknown; null for any other value.
 */
export function batchSizeHint(
  batchSize: number | null,
  training: { rows: number; exact: boolean } | null,
): string | null {
  if (batchSize !== 0) return null;
  if (!training) return 'full batch';
  const { rows, exact } = training;
  return `full batch · ${exact ? '' : '≈'}${rows.toLocaleString('en-US')} ${rows === 1 ? 'row' : 'rows'}`;
}
