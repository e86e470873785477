import { describe, expect, it } from 'vitest';
import type { EpochProgress } from '../../core/types';
import { LossHistory } from './history';

function epochs(n: number, loss: (e: number) => number, from = 1): EpochProgress[] {
  return Array.from({ length: n }, (_, k) => ({
    epoch: from + k,
    trainLoss: loss(from + k),
    validationLoss: loss(from + k) * 1.1,
    maxChange: 0,
    elapsedMs: 0,
  }));
}

describe('LossHistory', () => {
  it('keeps every epoch and draws short runs in full', () => {
    const h = new LossHistory();
    h.push(epochs(5, (e) => 1 / e));
    expect(h.length).toBe(5);
    expect(h.at(4)).toEqual({ epoch: 5, trainLoss: 0.2, validationLoss: 0.22000000000000003 });
    const v = h.view();
    expect(v.train.map((p) => p.x)).toEqual([1, 2, 3, 4, 5]);
    expect(v.span).toBe(1);
  });

  it('decimates a million epochs to a few thousand points and keeps the spikes', () => {
    const h = new LossHistory();
    const spikeAt = 612_345;
    const loss = (e: number) => (e === spikeAt ? 50 : 1 / Math.sqrt(e));
    for (let from = 1; from <= 1_000_000; from += 10_000) h.push(epochs(10_000, loss, from));
    expect(h.length).toBe(1_000_000);
    const v = h.view();
    expect(v.train.length).toBeLessThanOrEqual(4001);
    expect(v.train.length).toBeGreaterThan(1000);
    expect(v.train.some((p) => p.x === spikeAt && p.y === 50)).toBe(true);
    expect(v.train.at(-1)).toEqual({ x: 1_000_000, y: 1 / 1000 });
    // epochs in order, so Chart.js draws a line, not a scribble
    for (let k = 1; k < v.train.length; k++) expect(v.train[k].x).toBeGreaterThan(v.train[k - 1].x);
    expect(h.at(spikeAt - 1).trainLoss).toBe(50);
  });

  it('ends the validation line at the newest epoch too, whatever the train line does', () => {
    const h = new LossHistory();
    // 10 000 epochs: buckets of 8. The train loss falls (each bucket's minimum is its last
    // epoch); the validation loss dips and comes back up in the last bucket, so neither its
    // minimum nor its maximum is the newest epoch.
    const validation = (e: number) =>
      e === 9_993 ? 0.7 : e > 9_993 ? 0.5 + Math.abs(e - 9_996) / 100 : 0.6;
    h.push(
      Array.from({ length: 10_000 }, (_, k) => ({
        epoch: k + 1,
        trainLoss: 1 / (k + 1),
        validationLoss: validation(k + 1),
        maxChange: 0,
        elapsedMs: 0,
      })),
    );
    const v = h.view();
    expect(v.span).toBeGreaterThan(1);
    expect(v.train.at(-1)).toEqual({ x: 10_000, y: 1 / 10_000 });
    expect(v.validation.at(-1)).toEqual({ x: 10_000, y: validation(10_000) });
    for (let k = 1; k < v.validation.length; k++)
      expect(v.validation[k].x).toBeGreaterThan(v.validation[k - 1].x);
  });

  it('draws both lines at the same epochs, each keeping its own spikes', () => {
    const h = new LossHistory();
    // noisy minibatch-like curves whose extremes fall at different epochs
    const train = (e: number) => (e === 31_337 ? 9 : (1 + 0.2 * Math.sin(e * 2.3)) / e);
    const validation = (e: number) => (e === 70_001 ? 7 : (1.2 + 0.3 * Math.sin(e * 1.7)) / e);
    for (let from = 1; from <= 100_000; from += 5_000)
      h.push(
        Array.from({ length: 5_000 }, (_, k) => ({
          epoch: from + k,
          trainLoss: train(from + k),
          validationLoss: validation(from + k),
          maxChange: 0,
          elapsedMs: 0,
        })),
      );
    const v = h.view();
    expect(v.span).toBeGreaterThan(1);
    expect(v.train.length).toBeLessThanOrEqual(4 * 2000 + 1);
    expect(v.validation.map((p) => p.x)).toEqual(v.train.map((p) => p.x));
    // each point is that epoch's own loss
    for (const p of v.train) expect(p.y).toBe(train(p.x));
    for (const p of v.validation) expect(p.y).toBe(validation(p.x));
    expect(v.train).toContainEqual({ x: 31_337, y: 9 });
    expect(v.validation).toContainEqual({ x: 70_001, y: 7 });
    expect(v.validation.at(-1)).toEqual({ x: 100_000, y: validation(100_000) });
  });

  it('skips epochs without a validation loss', () => {
    const h = new LossHistory();
    h.push([
      { epoch: 1, trainLoss: 0.5, validationLoss: null, maxChange: 0.1, elapsedMs: 1 },
      { epoch: 2, trainLoss: 0.25, validationLoss: 0.3, maxChange: 0.1, elapsedMs: 2 },
    ]);
    expect(h.view().validation).toEqual([{ x: 2, y: 0.3 }]);
    h.clear();
    expect(h.length).toBe(0);
    expect(h.view().train).toEqual([]);
  });
});
