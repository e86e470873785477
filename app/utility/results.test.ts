// A run's results: for a numeric target, predicted against actual on the first 1,000 rows of the
// held-out split at most, with the split's whole row count, so the plot can say "first 1,000 of".
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../core/csv';
import { DEFAULT_HYPERPARAMETERS } from '../../core/hyperparameters';
import { plainKernels } from '../../core/matrix';
import { evaluate } from '../../core/metrics';
import { createNetwork } from '../../core/network';
import { Random } from '../../core/random';
import { createWasmKernels } from '../../core/wasm/wasm-kernels';
import type { SessionConfig } from '../shared/api';
import { trainingFinishedSchema } from '../shared/ipc';
import { prepare } from './prepare';
import { runResults } from './results';
import type { Stopped } from './run';

const config = (testFraction: number): SessionConfig => ({
  roles: ['input', 'target'],
  normalization: 'zscore',
  validationFraction: 0,
  testFraction,
  hiddenLayers: [{ units: 2, activation: 'sigmoid' }],
  outputActivation: 'identity',
  loss: 'mse',
  hyperparameters: { ...DEFAULT_HYPERPARAMETERS },
});

const stopped: Stopped = { reason: 'max-epochs', detail: '', partial: null, restoredEpoch: null };

function predictionsOf(rows: number, testFraction: number) {
  const lines = Array.from({ length: rows }, (_, r) => `${r},${2 * r}`);
  const prepared = prepare(readCsv(['x,y', ...lines].join('\n'), 'line.csv'), config(testFraction));
  const net = createNetwork(prepared.spec, {
    dtype: 'float64',
    initScheme: 'uniform',
    random: new Random(1),
  });
  const result = runResults(net, prepared, stopped, 0, plainKernels);
  expect(trainingFinishedSchema.safeParse(result).success).toBe(true);
  return { predictions: result.predictions!, test: prepared.test!.X.rows };
}

describe('runResults: predicted against actual', () => {
  it('sends the first 1,000 rows of a larger test split, and how many it has', () => {
    const { predictions, test } = predictionsOf(6000, 0.5);
    expect(test).toBe(3000);
    expect(predictions).toMatchObject({ split: 'test', column: 'y', totalRows: 3000 });
    expect(predictions.actual).toHaveLength(1000);
    expect(predictions.predicted).toHaveLength(1000);
  });

  it('sends a small split whole', () => {
    const { predictions, test } = predictionsOf(50, 0.2);
    expect(predictions.totalRows).toBe(test);
    expect(predictions.actual).toHaveLength(test);
  });
});

describe('runResults: every split', () => {
  it.each([
    ['plain', () => plainKernels],
    ['wasm', () => createWasmKernels()],
  ])(
    'equals core evaluate on each split, chunk by chunk to the digit (%s kernels)',
    (_, kernels) => {
      // 6,000 rows: each split spans several chunks of rows.
      const lines = Array.from({ length: 6000 }, (_, r) => `${r % 97},${Math.sin(r)}`);
      const prepared = prepare(readCsv(['x,y', ...lines].join('\n'), 'wave.csv'), {
        ...config(0.25),
        validationFraction: 0.25,
      });
      const net = createNetwork(prepared.spec, {
        dtype: 'float64',
        initScheme: 'uniform',
        random: new Random(2),
      });
      const k = kernels();
      const result = runResults(net, prepared, stopped, 0, k);
      for (const name of ['train', 'validation', 'test'] as const) {
        const data = prepared[name]!;
        expect(data.X.rows).toBeGreaterThan(1024);
        expect(result[name], name).toEqual(evaluate(net, data.X, data.Y, prepared.labels, k));
      }
    },
  );
});
