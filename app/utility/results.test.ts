// A run's results: for a numeric target, predicted against actual on the first 1,000 rows of the
// held-out split at most, with the split's whole row count, so the plot can say "first 1,000 of";
// with several numeric targets, the metrics and the plotted values of each target column apart.
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../core/csv';
import { DEFAULT_HYPERPARAMETERS } from '../../core/hyperparameters';
import { predict } from '../../core/forward';
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
    expect(predictions).toHaveLength(1);
    expect(predictions[0]).toMatchObject({ split: 'test', column: 'y', totalRows: 3000 });
    expect(predictions[0].actual).toHaveLength(1000);
    expect(predictions[0].predicted).toHaveLength(1000);
  });

  it('sends a small split whole', () => {
    const { predictions, test } = predictionsOf(50, 0.2);
    expect(predictions[0].totalRows).toBe(test);
    expect(predictions[0].actual).toHaveLength(test);
  });
});

describe('runResults: several numeric targets', () => {
  // y is about 0–1, z about 0–1000: each gets its own figures and its own series to plot.
  const lines = Array.from({ length: 60 }, (_, r) => `${r},${(r % 7) / 7},${(r * 37) % 1000}`);
  const prepared = prepare(readCsv(['x,y,z', ...lines].join('\n'), 'two.csv'), {
    ...config(0.25),
    roles: ['input', 'target', 'target'],
  });
  const net = createNetwork(prepared.spec, {
    dtype: 'float64',
    initScheme: 'uniform',
    random: new Random(3),
  });
  const result = runResults(net, prepared, stopped, 0, plainKernels);

  it('gives each target column its RMSE, MAE and R², named by the column, on every split', () => {
    expect(trainingFinishedSchema.safeParse(result).success).toBe(true);
    for (const name of ['train', 'test'] as const) {
      const data = prepared[name]!;
      const metrics = result[name]!.metrics;
      expect(metrics).toEqual(
        evaluate(net, data.X, data.Y, null, plainKernels, ['y', 'z']).metrics,
      );
      if (metrics.kind !== 'regression') throw new Error('expected regression metrics');
      expect(metrics.targets.map((t) => t.column)).toEqual(['y', 'z']);
      // z's errors are in the hundreds, y's below 2: apart, not pooled.
      expect(metrics.targets[0].rmse).toBeLessThan(2);
      expect(metrics.targets[1].rmse).toBeGreaterThan(100);
      expect(metrics.r2).toBeCloseTo((metrics.targets[0].r2 + metrics.targets[1].r2) / 2, 15);
    }
  });

  it("plots each target's own column, row by row, on the same split", () => {
    const predictions = result.predictions!;
    const test = prepared.test!;
    expect(predictions.map((p) => p.column)).toEqual(['y', 'z']);
    const outputs = predict(net, test.X, plainKernels);
    for (const [c, p] of predictions.entries()) {
      expect(p).toMatchObject({ split: 'test', totalRows: test.X.rows });
      expect(p.actual).toEqual(
        Array.from({ length: test.X.rows }, (_, r) => test.Y.data[r * 2 + c]),
      );
      expect(p.predicted).toEqual(
        Array.from({ length: test.X.rows }, (_, r) => outputs.data[r * 2 + c]),
      );
    }
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
        expect(result[name], name).toEqual(
          evaluate(net, data.X, data.Y, prepared.labels, k, ['y']),
        );
      }
    },
  );
});
