// The chart's train and validation points joined by epoch, as the loss table lists them.
import type { LossView } from './history';

export interface LossRow {
  epoch: number;
  train: number | null;
  validation: number | null;
}

export function lossRows(view: LossView): LossRow[] {
  const byEpoch = new Map<number, LossRow>();
  for (const p of view.train) byEpoch.set(p.x, { epoch: p.x, train: p.y, validation: null });
  for (const p of view.validation) {
    const row = byEpoch.get(p.x) ?? { epoch: p.x, train: null, validation: null };
    row.validation = p.y;
    byEpoch.set(p.x, row);
  }
  return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
}
