import { describe, expect, it } from 'vitest';
import { fitNormalization } from '../../core/normalization';
import { createNetwork } from '../../core/network';
import { parseModel, stringifyModel } from '../../core/model-format';
import { Random } from '../../core/random';
import { DEFAULT_HYPERPARAMETERS } from '../../core/hyperparameters';
import { exportModel } from './export';
import type { Prepared } from './prepare';
import type { SessionConfig } from '../shared/api';

describe('exportModel', () => {
  it('gives the model file in chunks of about a megabyte, never as one string', () => {
    // 4 inputs → 800 → 800 → 3: 646,403 parameters, ~14 MB of JSON.
    const spec = {
      topology: [4, 800, 800, 3],
      activations: ['relu', 'relu', 'softmax'] as const,
      loss: 'cross-entropy' as const,
    };
    const network = createNetwork(
      { ...spec, activations: [...spec.activations] },
      { dtype: 'float64', initScheme: 'he', random: new Random(1) },
    );
    const X = { rows: 2, cols: 4, data: Float64Array.from([1, 2, 3, 4, 2, 1, 0, 5]) };
    const prepared = {
      schema: {
        inputs: ['a', 'b', 'c', 'd'].map((column) => ({ column, kind: 'numeric' as const })),
        target: { kind: 'classes', column: 'y', labels: ['p', 'q', 'r'] },
      },
      normalization: fitNormalization('zscore', X),
      train: null,
      validation: null,
      test: null,
    } as unknown as Prepared;
    const config = {
      hyperparameters: DEFAULT_HYPERPARAMETERS,
      validationFraction: 0,
      testFraction: 0,
    } as unknown as SessionConfig;
    const { model } = exportModel({ network, prepared, config, stopReason: null, history: [] });
    const total = model.reduce((n, c) => n + c.length, 0);
    expect(total).toBeGreaterThan(10e6);
    expect(Math.max(...model.map((c) => c.length))).toBeLessThan(1.1 * (1 << 20));
    const text = model.join('');
    expect(stringifyModel(parseModel(text, 'model.json'))).toBe(text);
  });
});
