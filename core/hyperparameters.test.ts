import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HYPERPARAMETERS,
  HYPERPARAMETER_FIELDS,
  assertHyperparameters,
  validateHyperparameters,
} from './hyperparameters';
import type { Hyperparameters } from './types';

describe('hyperparameters', () => {
  it('has one field per Hyperparameters key, and the defaults come from the table', () => {
    const keys = HYPERPARAMETER_FIELDS.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(Object.keys(DEFAULT_HYPERPARAMETERS).sort()).toEqual([...keys].sort());
    for (const f of HYPERPARAMETER_FIELDS) expect(DEFAULT_HYPERPARAMETERS[f.key]).toBe(f.default);
  });

  it("defaults are the seed's: plain gradient descent, full batch, float64, uniform init", () => {
    expect(DEFAULT_HYPERPARAMETERS).toMatchObject({
      optimizer: 'sgd',
      batchSize: 0,
      shuffle: false,
      l2: 0,
      dtype: 'float64',
      initScheme: 'uniform',
      targetLoss: null,
      patience: null,
    });
    expect(validateHyperparameters(DEFAULT_HYPERPARAMETERS)).toEqual([]);
  });

  it('every field has a label and help', () => {
    for (const f of HYPERPARAMETER_FIELDS) {
      expect(f.label.length).toBeGreaterThan(0);
      expect(f.help.length).toBeGreaterThan(10);
    }
  });

  const bad: [Partial<Hyperparameters> & Record<string, unknown>, string, string][] = [
    [{ learningRate: 0 }, 'learningRate', 'learningRate must be a number > 0 and ≤ 100, got 0'],
    [
      { learningRate: NaN },
      'learningRate',
      'learningRate must be a number > 0 and ≤ 100, got null',
    ],
    [{ momentum: 1 }, 'momentum', 'momentum must be a number ≥ 0 and < 1, got 1'],
    [{ l2: -0.1 }, 'l2', 'l2 must be a number ≥ 0 and ≤ 10, got -0.1'],
    [
      { batchSize: 2.5 },
      'batchSize',
      'batchSize must be a whole number ≥ 0 and ≤ 1000000000, got 2.5',
    ],
    [{ maxEpochs: 0 }, 'maxEpochs', 'maxEpochs must be a whole number ≥ 1 and ≤ 100000000, got 0'],
    [
      { targetLoss: -1 },
      'targetLoss',
      'targetLoss must be a number ≥ 0 (or empty for off), got -1',
    ],
    [
      { patience: 0 },
      'patience',
      'patience must be a whole number ≥ 1 and ≤ 1000000 (or empty for off), got 0',
    ],
    [{ seed: -1 }, 'seed', 'seed must be a whole number ≥ 0 and ≤ 4294967295, got -1'],
    [
      { optimizer: 'rmsprop' as never },
      'optimizer',
      'optimizer must be one of sgd, momentum, adam, got "rmsprop"',
    ],
    [
      { dtype: 'float16' as never },
      'dtype',
      'dtype must be one of float64, float32, got "float16"',
    ],
    [{ shuffle: 'yes' as never }, 'shuffle', 'shuffle must be true or false, got "yes"'],
    [{ learningrate: 0.1 }, 'learningrate', 'learningrate is not a hyperparameter'],
  ];

  it.each(bad)('rejects %j, naming the field and its range', (change, field, message) => {
    expect(
      validateHyperparameters({ ...DEFAULT_HYPERPARAMETERS, ...change } as Hyperparameters),
    ).toEqual([{ field, message }]);
  });

  it('allows null for the criteria that can be off, and lists every problem at once', () => {
    const hp = { ...DEFAULT_HYPERPARAMETERS, targetLoss: 0.01, patience: 5 };
    expect(validateHyperparameters(hp)).toEqual([]);
    const errors = validateHyperparameters({
      ...DEFAULT_HYPERPARAMETERS,
      learningRate: -1,
      maxEpochs: 0,
    });
    expect(errors.map((e) => e.field)).toEqual(['learningRate', 'maxEpochs']);
    expect(() => assertHyperparameters({ ...DEFAULT_HYPERPARAMETERS, learningRate: -1 })).toThrow(
      'Invalid hyperparameters: learningRate must be a number > 0 and ≤ 100, got -1',
    );
  });
});
