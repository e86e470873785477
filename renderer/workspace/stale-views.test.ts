// What makes the inspector and the decision surface describe another network than the host's.
import { expect, it } from 'vitest';
import type { SessionConfig } from '../../app/shared/api';
import { DEFAULT_HYPERPARAMETERS } from '../../core/hyperparameters';
import { describesAnother } from './stale-views';

const config: SessionConfig = {
  roles: ['input', 'input', 'target'],
  normalization: 'zscore',
  validationFraction: 0.2,
  testFraction: 0,
  hiddenLayers: [{ units: 4, activation: 'tanh' }],
  outputActivation: 'softmax',
  loss: 'cross-entropy',
  hyperparameters: DEFAULT_HYPERPARAMETERS,
};
const hp = (change: Partial<SessionConfig['hyperparameters']>): SessionConfig => ({
  ...config,
  hyperparameters: { ...DEFAULT_HYPERPARAMETERS, ...change },
});

it('is another network after a change of its shape or meaning, trained or not', () => {
  for (const change of [
    { roles: ['input', 'ignore', 'target'] },
    { targetClasses: true },
    { normalization: 'minmax' },
    { validationFraction: 0.3 },
    { hiddenLayers: [{ units: 5, activation: 'tanh' }] },
    { hiddenLayers: [{ units: 4, activation: 'relu' }] },
    { outputActivation: 'sigmoid' },
    { loss: 'mse' },
  ] as Partial<SessionConfig>[]) {
    for (const trained of [true, false]) {
      expect(
        describesAnother(config, { ...config, ...change }, trained),
        JSON.stringify(change),
      ).toBe(true);
    }
  }
  expect(describesAnother(null, config, false)).toBe(true);
});

it('is the same trained network after any change of the hyperparameters', () => {
  for (const change of [
    { learningRate: 0.01 },
    { batchSize: 8 },
    { seed: 7 },
    { dtype: 'float32' },
  ])
    expect(describesAnother(config, hp(change as object), true)).toBe(false);
});

it('untrained, is another after a change of how the initial weights are drawn alone', () => {
  expect(describesAnother(config, hp({ learningRate: 0.01, maxEpochs: 9 }), false)).toBe(false);
  for (const change of [{ seed: 7 }, { dtype: 'float32' }, { initScheme: 'he' }])
    expect(describesAnother(config, hp(change as object), false)).toBe(true);
});
