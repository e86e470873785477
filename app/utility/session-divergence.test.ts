// A run whose loss explodes (the diabetes at learning rate 1) stops within a few epochs of it, not
// at Infinity 300 epochs later: the finished result keeps the epoch with the lowest training loss
// (restoredEpoch), its losses are that epoch's, and the exported weights are those, not 1e152.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SessionConfig } from '../shared/api';
import { unpackHistory } from '../shared/ipc';
import { harness, plainRun } from './session-harness';

const diabetes = 'diabetes.csv';
const files = {
  [diabetes]: readFileSync(new URL('../../examples/diabetes.csv', import.meta.url), 'utf8'),
};

/** The ten inputs z-scored, the progression regressed on them by a linear model. */
const config = (learningRate: number): SessionConfig => ({
  roles: [...new Array(10).fill('input'), 'target'],
  normalization: 'zscore',
  validationFraction: 0,
  testFraction: 0.2,
  hiddenLayers: [],
  outputActivation: 'identity',
  loss: 'mse',
  hyperparameters: {
    learningRate,
    optimizer: 'sgd',
    momentum: 0.9,
    batchSize: 0,
    shuffle: false,
    maxEpochs: 2000,
    ...plainRun,
  },
});

describe('a run whose loss explodes', () => {
  it('stops within a few epochs, keeping the epoch with the lowest training loss', async () => {
    const h = harness({ files });
    await h.call('load-dataset', { path: diabetes });
    await h.call('configure', { config: config(1) });
    await h.call('start', {});
    await h.until(() => h.of('finished').length > 0);
    const finished = h.of('finished')[0].result;
    expect(finished.reason).toBe('diverged');
    const history = h.of('progress').flatMap((m) => unpackHistory(m.batch.points));
    const losses = history.map((p) => p.trainLoss);
    // Stopped 3 epochs after the loss passed 1000 times where it started.
    const first = losses.findIndex((loss) => loss > 1000 * losses[0]);
    expect(first).toBeGreaterThan(0);
    expect(finished.epochs).toBe(first + 2);
    expect(Math.max(...losses)).toBeLessThan(1e15);
    const lowest = losses.indexOf(Math.min(...losses));
    expect(finished.restoredEpoch).toBe(lowest);
    expect(finished.train.loss).toBeCloseTo(losses[lowest], 6);
    const model = JSON.parse((await h.call('export-model', {})).model.join(''));
    expect(Math.max(...model.weights.flat(2).map(Math.abs))).toBeLessThan(100);
    expect(model.training.stopReason).toBe('diverged');
  });

  it('trains on at a learning rate the data takes', async () => {
    const h = harness({ files });
    await h.call('load-dataset', { path: diabetes });
    await h.call('configure', {
      config: {
        ...config(0.1),
        hyperparameters: { ...config(0.1).hyperparameters, maxEpochs: 300 },
      },
    });
    await h.call('start', {});
    await h.until(() => h.of('finished').length > 0);
    expect(h.of('finished')[0].result).toMatchObject({ reason: 'max-epochs', restoredEpoch: null });
  });
});
