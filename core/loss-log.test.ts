import { describe, expect, it } from 'vitest';
import { LOSS_LOG_HEADER, lossLogCsv } from './loss-log';
import type { EpochProgress } from './types';

const epoch = (e: number, trainLoss: number, validationLoss: number | null, maxChange: number) =>
  ({ epoch: e, trainLoss, validationLoss, maxChange, elapsedMs: 5 * e }) satisfies EpochProgress;

describe('lossLogCsv', () => {
  it('writes the header and one row per epoch, ending with a newline', () => {
    const csv = lossLogCsv([epoch(1, 0.5, 0.25, 0.125), epoch(2, 0.375, 0.1875, 0.0625)]);
    expect(csv).toBe(
      'epoch,train_loss,validation_loss,max_change\n1,0.5,0.25,0.125\n2,0.375,0.1875,0.0625\n',
    );
  });

  it('leaves the validation cell empty when a run has no validation split', () => {
    expect(lossLogCsv([epoch(7, 1.5, null, 2)]).split('\n')[1]).toBe('7,1.5,,2');
  });

  it('is only the header for an empty history', () => {
    expect(lossLogCsv([])).toBe(`${LOSS_LOG_HEADER}\n`);
  });

  it('writes every number so that parsing it gives back the same double', () => {
    const values = [0.1 + 0.2, 1 / 3, 1e-300, 123456.789e10, Math.PI, 5e-324];
    const csv = lossLogCsv(values.map((v, i) => epoch(i + 1, v, v / 7, v * 3)));
    const rows = csv.trimEnd().split('\n').slice(1);
    rows.forEach((row, i) => {
      const [e, train, validation, change] = row.split(',').map(Number);
      expect(e).toBe(i + 1);
      expect(train).toBe(values[i]);
      expect(validation).toBe(values[i] / 7);
      expect(change).toBe(values[i] * 3);
    });
    expect(rows[0]).toBe('1,0.30000000000000004,0.042857142857142864,0.9000000000000001');
  });
});
