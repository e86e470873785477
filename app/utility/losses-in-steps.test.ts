// A pause's losses a chunk of rows at a time are cost()'s, to the digit.
import { expect, it } from 'vitest';
import { cost } from '../../core/backprop';
import { readCsv } from '../../core/csv';
import { DEFAULT_HYPERPARAMETERS } from '../../core/hyperparameters';
import { plainKernels } from '../../core/matrix';
import { createNetwork } from '../../core/network';
import { Random } from '../../core/random';
import { LossesInSteps } from './losses-in-steps';
import { prepare } from './prepare';

it('sums the training and validation rows chunk by chunk to cost()’s means', () => {
  // 5,000 rows: both sets span several chunks of rows.
  const lines = Array.from({ length: 5000 }, (_, r) => `${r % 89},${Math.cos(r)}`);
  const prepared = prepare(readCsv(['x,y', ...lines].join('\n'), 'wave.csv'), {
    roles: ['input', 'target'],
    normalization: 'zscore',
    validationFraction: 0.4,
    testFraction: 0,
    hiddenLayers: [{ units: 3, activation: 'tanh' }],
    outputActivation: 'identity',
    loss: 'mse',
    hyperparameters: { ...DEFAULT_HYPERPARAMETERS },
  });
  const net = createNetwork(prepared.spec, {
    dtype: 'float64',
    initScheme: 'uniform',
    random: new Random(3),
  });
  const losses = new LossesInSteps(net, prepared, plainKernels);
  let steps = 0;
  while (!losses.step()) steps++;
  expect(steps).toBeGreaterThan(2);
  const { train, validation } = prepared;
  expect(losses.losses()).toEqual({
    trainLoss: cost(net, train.X, train.Y),
    validationLoss: cost(net, validation!.X, validation!.Y),
  });
});
