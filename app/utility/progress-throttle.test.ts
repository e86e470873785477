import { describe, expect, it } from 'vitest';
import type { EpochProgress } from '../../core/types';
import type { ProgressBatch } from '../shared/api';
import { ProgressThrottle } from './progress-throttle';

const point = (epoch: number): EpochProgress => ({
  epoch,
  trainLoss: 1 / (epoch + 1),
  validationLoss: null,
  maxChange: 0.1,
  elapsedMs: epoch,
});

describe('ProgressThrottle', () => {
  it('sends at most one batch per interval and loses no point', () => {
    let t = 0;
    const sent: { at: number; batch: ProgressBatch }[] = [];
    const throttle = new ProgressThrottle(
      () => t,
      (batch) => sent.push({ at: t, batch }),
    );
    // 10 000 epochs over 2 s of the clock: one every 0.2 ms.
    for (let epoch = 1; epoch <= 10_000; epoch++) {
      t = epoch * 0.2;
      throttle.add(point(epoch));
      throttle.count(150);
      throttle.flush('running');
    }
    throttle.flush('finished', true);
    expect(sent.length).toBeLessThanOrEqual(2 * 30 + 2);
    for (let i = 1; i < sent.length - 1; i++) {
      expect(sent[i].at - sent[i - 1].at).toBeGreaterThanOrEqual(1000 / 30);
    }
    const epochs = sent.flatMap((s) => s.batch.points.map((p) => p.epoch));
    expect(epochs).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));
    expect(sent.at(-1)!.batch.state).toBe('finished');
    // 150 samples per 0.2 ms = 750 000 samples per second
    expect(sent[5].batch.samplesPerSecond).toBeCloseTo(750_000, -3);
  });

  it('sends nothing when nothing happened unless forced, and forgets on clear', () => {
    let t = 0;
    const sent: ProgressBatch[] = [];
    const throttle = new ProgressThrottle(
      () => t,
      (batch) => sent.push(batch),
    );
    t = 1000;
    throttle.flush('running');
    expect(sent).toHaveLength(0);
    throttle.flush('paused', true);
    expect(sent).toEqual([{ points: [], samplesPerSecond: 0, state: 'paused' }]);
    throttle.add(point(1));
    throttle.clear();
    throttle.flush('idle', true);
    expect(sent[1].points).toEqual([]);
  });
});
