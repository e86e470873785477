// The loss history as CSV, one row per epoch: what `backprop train --log` writes and what the
// app's "Export loss history…" saves. Numbers in JavaScript's shortest round-trip form, so
// parsing a cell gives back the exact double; a run without validation leaves that cell empty.
import type { EpochProgress } from './types';

export const LOSS_LOG_HEADER = 'epoch,train_loss,validation_loss,max_change';

export function lossLogCsv(history: readonly EpochProgress[]): string {
  const rows = history.map(
    (e) => `${e.epoch},${e.trainLoss},${e.validationLoss ?? ''},${e.maxChange}`,
  );
  return `${[LOSS_LOG_HEADER, ...rows].join('\n')}\n`;
}
