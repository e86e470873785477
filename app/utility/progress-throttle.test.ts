import { describe, expect, it } from 'vitest';
import type { EpochProgress } from '../../core/types';
import type { ProgressBatch } from '../shared/api';
import { ProgressThrottle, UNDERWAY_AFTER_MS, UNDERWAY_INTERVAL_MS } from './progress-throttle';

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

  it('reports how far into an epoch that takes long, a few times a second, between its epochs', () => {
    let t = 0;
    const sent: { at: number; batch: ProgressBatch }[] = [];
    const throttle = new ProgressThrottle(
      () => t,
      (batch) => sent.push({ at: t, batch }),
    );
    throttle.flush('running', true); // started
    // Epochs of 3 s, 300 batches of 10 rows each, one every 10 ms; the session's slice calls.
    for (let epoch = 1; epoch <= 2; epoch++) {
      for (let batch = 1; batch <= 300; batch++) {
        t += 10;
        throttle.count(10);
        if (batch === 300) throttle.add(point(epoch));
        throttle.flush('running');
        if (batch < 300) throttle.underway({ epoch, batches: batch, of: 300 });
      }
    }
    const underway = sent.filter((s) => s.batch.underway);
    // From 1 s into each epoch, every 250 ms: at 1.0, 1.25, … 2.75 s (8 an epoch).
    expect(underway.map((s) => s.at)).toEqual([
      ...[1000, 1250, 1500, 1750, 2000, 2250, 2500, 2750],
      ...[4000, 4250, 4500, 4750, 5000, 5250, 5500, 5750],
    ]);
    expect(underway[0].batch).toEqual({
      points: [],
      samplesPerSecond: 1000, // 10 rows per 10 ms
      state: 'running',
      underway: { epoch: 1, batches: 100, of: 300 },
    });
    expect(underway[1].batch.underway).toEqual({ epoch: 1, batches: 125, of: 300 });
    expect(underway[8].batch.underway).toEqual({ epoch: 2, batches: 100, of: 300 });
    // The epochs themselves go out as before, every one, without `underway`.
    const epochs = sent.filter((s) => s.batch.points.length > 0);
    expect(epochs.map((s) => [s.at, s.batch.points.map((p) => p.epoch)])).toEqual([
      [3000, [1]],
      [6000, [2]],
    ]);
    expect(epochs.every((s) => s.batch.underway === undefined)).toBe(true);
    expect(UNDERWAY_AFTER_MS).toBe(1000);
    expect(UNDERWAY_INTERVAL_MS).toBe(250);
  });

  it('sends no report from inside an epoch while an epoch is pending, or within 1 s of a resume', () => {
    let t = 0;
    const sent: ProgressBatch[] = [];
    const throttle = new ProgressThrottle(
      () => t,
      (batch) => sent.push(batch),
    );
    t = 5000;
    throttle.add(point(1));
    t = 7000;
    throttle.underway({ epoch: 2, batches: 1, of: 2 });
    expect(sent).toEqual([]);
    throttle.flush('running');
    t = 9000;
    throttle.flush('paused', true);
    t = 60_000;
    throttle.flush('running', true); // resumed
    t = 60_999;
    throttle.underway({ epoch: 2, batches: 1, of: 2 });
    expect(sent.map((b) => b.state)).toEqual(['running', 'paused', 'running']);
    t = 61_000;
    throttle.underway({ epoch: 2, batches: 1, of: 2 });
    expect(sent.at(-1)!.underway).toEqual({ epoch: 2, batches: 1, of: 2 });
  });
});
