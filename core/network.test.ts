import { describe, expect, it } from 'vitest';
import {
  cloneNetwork,
  createNetwork,
  networkFromArrays,
  networkToArrays,
  parameterCount,
  validateSpec,
} from './network';
import { Random } from './random';
import type { NetworkSpec } from './types';

const spec: NetworkSpec = { topology: [3, 4, 2], activations: ['tanh', 'sigmoid'], loss: 'mse' };

describe('createNetwork', () => {
  it('allocates W[l] as n_l × n_{l+1} and theta[l] as n_{l+1}, in the dtype asked for', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const net = createNetwork(spec, { dtype, initScheme: 'uniform', random: new Random(1) });
      expect(net.W.map((w) => w.length)).toEqual([12, 8]);
      expect(net.theta.map((t) => t.length)).toEqual([4, 2]);
      expect(net.W[0]).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
      expect(net.dtype).toBe(dtype);
      expect(parameterCount(net)).toBe(12 + 8 + 4 + 2);
    }
  });

  it('is seeded: same seed, same parameters; another seed, others', () => {
    const make = (seed: number) =>
      networkToArrays(
        createNetwork(spec, { dtype: 'float64', initScheme: 'uniform', random: new Random(seed) }),
      );
    expect(make(5)).toEqual(make(5));
    expect(make(5)).not.toEqual(make(6));
  });

  it('uniform: every w and θ within ±1/√fan_in, and spread over it', () => {
    const big: NetworkSpec = {
      topology: [16, 64, 4],
      activations: ['relu', 'identity'],
      loss: 'mse',
    };
    const net = createNetwork(big, {
      dtype: 'float64',
      initScheme: 'uniform',
      random: new Random(2),
    });
    net.W.forEach((W, l) => {
      const bound = 1 / Math.sqrt(big.topology[l]);
      const values = [...W, ...net.theta[l]];
      expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(bound);
      expect(Math.max(...values)).toBeGreaterThan(0.8 * bound);
      expect(Math.min(...values)).toBeLessThan(-0.8 * bound);
    });
  });

  it('xavier: w within ±√(6/(fan_in + fan_out)), θ = 0', () => {
    const net = createNetwork(spec, {
      dtype: 'float64',
      initScheme: 'xavier',
      random: new Random(3),
    });
    net.W.forEach((W, l) => {
      const bound = Math.sqrt(6 / (spec.topology[l] + spec.topology[l + 1]));
      W.forEach((w) => expect(Math.abs(w)).toBeLessThanOrEqual(bound));
      expect(Array.from(net.theta[l])).toEqual(new Array(spec.topology[l + 1]).fill(0));
    });
  });

  it('he: w ~ N(0, 2/fan_in), θ = 0', () => {
    const big: NetworkSpec = {
      topology: [50, 400, 1],
      activations: ['relu', 'identity'],
      loss: 'mse',
    };
    const net = createNetwork(big, { dtype: 'float64', initScheme: 'he', random: new Random(4) });
    const W = Array.from(net.W[0]);
    const mean = W.reduce((s, w) => s + w, 0) / W.length;
    const variance = W.reduce((s, w) => s + (w - mean) ** 2, 0) / W.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(variance / (2 / 50)).toBeGreaterThan(0.95);
    expect(variance / (2 / 50)).toBeLessThan(1.05);
    expect(Array.from(net.theta[0]).every((t) => t === 0)).toBe(true);
  });

  it('rejects an unknown scheme', () => {
    expect(() =>
      createNetwork(spec, {
        dtype: 'float64',
        initScheme: 'zeros' as never,
        random: new Random(1),
      }),
    ).toThrow('initScheme: unknown scheme "zeros" (one of uniform, xavier, he)');
  });
});

describe('networkFromArrays / networkToArrays', () => {
  const weights = [
    [
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 11, 12],
    ],
    [
      [13, 14],
      [15, 16],
      [17, 18],
      [19, 20],
    ],
  ];
  const biases = [
    [0.1, 0.2, 0.3, 0.4],
    [0.5, 0.6],
  ];

  it('stores w_{i,j} at W[l][i·n_{l+1} + j] and round-trips', () => {
    const net = networkFromArrays(spec, weights, biases);
    expect(net.W[0][1 * 4 + 2]).toBe(7); // w_{1,2} of layer 0→1
    expect(net.W[1][3 * 2 + 0]).toBe(19);
    expect(net.theta[1][1]).toBe(0.6);
    expect(networkToArrays(net)).toEqual({ weights, biases });
  });

  it.each([
    [
      [weights[0], weights[1].slice(1)],
      biases,
      'weights[1]: must be 4×2 (W⁽³⁾, layer 2→3), got 3 rows',
    ],
    [
      [weights[0].map((r) => r.slice(1)), weights[1]],
      biases,
      'weights[0]: must be 3×4 (W⁽²⁾, layer 1→2), got 3×3',
    ],
    [
      [weights[0], [[1, 2], [3], [4, 5], [6, 7]]],
      biases,
      'weights[1][1]: expected 2 numbers (a row of W⁽³⁾, layer 2→3, 4×2), got 1',
    ],
    [[weights[0]], biases, 'weights: expected 2 matrices for topology [3,4,2], got 1'],
    [weights, [biases[0], [1]], 'biases[1]: expected 2 numbers (θ⁽³⁾, layer 3), got 1'],
    [weights, [biases[0]], 'biases: expected 2 vectors for topology [3,4,2], got 1'],
    [
      [
        weights[0],
        [
          [1, 2],
          [3, NaN],
          [4, 5],
          [6, 7],
        ],
      ],
      biases,
      'weights[1][1][1]: must be a finite number (w_2,2 of W⁽³⁾, layer 2→3), got NaN',
    ],
    [
      weights,
      [biases[0], [1, Infinity]],
      'biases[1][1]: must be a finite number (θ_2 of θ⁽³⁾, layer 3), got Infinity',
    ],
  ])('names the field, and the layer and matrix, of a wrong shape (%#)', (w, b, message) => {
    expect(() => networkFromArrays(spec, w as number[][][], b)).toThrow(message);
  });

  it("names the fields as the file has them: a project's parameters.weights", () => {
    const short = [weights[0], weights[1].slice(1)];
    expect(() => networkFromArrays(spec, short, biases, 'float64', 'parameters.')).toThrow(
      /^parameters\.weights\[1\]: must be 4×2 \(W⁽³⁾, layer 2→3\), got 3 rows$/,
    );
    expect(() => networkFromArrays(spec, weights, [biases[0]], 'float64', 'parameters.')).toThrow(
      /^parameters\.biases: expected 2 vectors/,
    );
  });

  it('cloneNetwork copies deeply, optionally into another dtype', () => {
    const net = networkFromArrays(spec, weights, biases);
    const copy = cloneNetwork(net);
    copy.W[0][0] = 99;
    expect(net.W[0][0]).toBe(1);
    const f32 = cloneNetwork(net, 'float32');
    expect(f32.dtype).toBe('float32');
    expect(f32.theta[0][0]).toBe(Math.fround(0.1));
  });
});

describe('validateSpec', () => {
  it.each<[NetworkSpec, string]>([
    [
      { topology: [3], activations: [], loss: 'mse' },
      'topology must list at least two layers (inputs and outputs)',
    ],
    [
      { topology: [3, 0, 2], activations: ['tanh', 'sigmoid'], loss: 'mse' },
      'topology: layer 2 must have a whole number of units ≥ 1, got 0',
    ],
    [
      { topology: [3, 4, 2], activations: ['tanh'], loss: 'mse' },
      'activations: expected 2 (one per layer after the input), got 1',
    ],
    [
      { topology: [3, 4, 2], activations: ['softmax', 'sigmoid'], loss: 'mse' },
      'activations: softmax is for the output layer only, not layer 2',
    ],
    [
      { topology: [3, 4, 2], activations: ['tanh', 'swish' as never], loss: 'mse' },
      'activations: layer 3 has unknown activation "swish"',
    ],
    [
      { topology: [3, 4, 2], activations: ['tanh', 'identity'], loss: 'cross-entropy' },
      'loss: cross-entropy needs a sigmoid or softmax output layer, not identity',
    ],
    [
      { topology: [3, 4, 2], activations: ['tanh', 'sigmoid'], loss: 'hinge' as never },
      'loss: unknown loss "hinge" (one of mse, cross-entropy)',
    ],
    [
      { topology: [3, 4, 1], activations: ['tanh', 'softmax'], loss: 'cross-entropy' },
      'activations: a softmax output layer needs at least 2 units',
    ],
  ])('rejects %j', (bad, message) => {
    expect(() => validateSpec(bad)).toThrow(message);
  });

  it('accepts softmax with cross-entropy and sigmoid with either loss', () => {
    expect(() =>
      validateSpec({ topology: [2, 3], activations: ['softmax'], loss: 'cross-entropy' }),
    ).not.toThrow();
    expect(() =>
      validateSpec({ topology: [2, 1], activations: ['sigmoid'], loss: 'cross-entropy' }),
    ).not.toThrow();
  });
});
