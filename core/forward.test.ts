import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from './activation';
import { forward, predict } from './forward';
import { createMatrix, matrixFromRows, matrixToRows } from './matrix';
import { createNetwork, networkFromArrays } from './network';
import { Random } from './random';
import type { ActivationName } from './types';

describe('forward', () => {
  // 2 inputs, 3 hidden (tanh), 1 output (sigmoid)
  const W1 = [
    [0.1, -0.2, 0.3],
    [0.4, 0.5, -0.6],
  ];
  const W2 = [[0.7], [-0.8], [0.9]];
  const theta1 = [0.01, 0.02, 0.03];
  const theta2 = [-0.1];
  const net = networkFromArrays(
    { topology: [2, 3, 1], activations: ['tanh', 'sigmoid'], loss: 'mse' },
    [W1, W2],
    [theta1, theta2],
  );

  it('computes z⁽ˡ⁾ = W⁽ˡ⁾ᵀa⁽ˡ⁻¹⁾ + θ⁽ˡ⁾ and a⁽ˡ⁾ = g(z⁽ˡ⁾) for each sample', () => {
    const x = [
      [1, 2],
      [-0.5, 0.25],
    ];
    const cache = forward(net, matrixFromRows(x));
    x.forEach((x0, r) => {
      // z_j = Σ_i w_{i,j} a_i + θ_j, written per column vector as in the app's notation
      const z1 = theta1.map((t, j) => t + x0.reduce((s, ai, i) => s + W1[i][j] * ai, 0));
      const a1 = z1.map(Math.tanh);
      const z2 = theta2.map((t, j) => t + a1.reduce((s, ai, i) => s + W2[i][j] * ai, 0));
      const a2 = z2.map((z) => 1 / (1 + Math.exp(-z)));
      expect(matrixToRows(cache.a[0])[r]).toEqual(x0);
      matrixToRows(cache.z[1])[r].forEach((v, j) => expect(v).toBeCloseTo(z1[j], 15));
      matrixToRows(cache.a[1])[r].forEach((v, j) => expect(v).toBeCloseTo(a1[j], 15));
      matrixToRows(cache.z[2])[r].forEach((v, j) => expect(v).toBeCloseTo(z2[j], 15));
      matrixToRows(cache.a[2])[r].forEach((v, j) => expect(v).toBeCloseTo(a2[j], 15));
    });
    expect(cache.z[0]).toBe(cache.a[0]);
  });

  it('predict returns a⁽ᴸ⁾', () => {
    const X = matrixFromRows([[0.3, -0.7]]);
    expect(predict(net, X)).toEqual(forward(net, X).a[2]);
  });

  it('predict works through large inputs chunk by chunk, and converts the dtype', () => {
    const random = new Random(3);
    const X = createMatrix(2500, 2);
    for (let i = 0; i < X.data.length; i++) X.data[i] = random.normal();
    const whole = forward(net, X).a[2];
    expect(predict(net, X)).toEqual(whole);
    const X32 = { ...X, data: Float32Array.from(X.data) };
    const p = predict(net, X32);
    expect(p.data).toBeInstanceOf(Float64Array);
    expect(p.data).toEqual(forward(net, { ...X, data: Float64Array.from(X32.data) }).a[2].data);
  });

  it('names a wrong number of input columns', () => {
    expect(() => forward(net, matrixFromRows([[1, 2, 3]]))).toThrow(
      'X has 3 columns but the network has 2 inputs',
    );
  });

  it('gives every layer batch rows × units, for any topology and batch', () => {
    const activation = fc.constantFrom<ActivationName>(
      ...(Object.keys(ACTIVATIONS) as ActivationName[]),
    );
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 5 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer(),
        activation,
        (topology, rows, seed, g) => {
          const random = new Random(seed);
          const net = createNetwork(
            { topology, activations: topology.slice(1).map(() => g), loss: 'mse' },
            { dtype: 'float64', initScheme: 'uniform', random },
          );
          const X = matrixFromRows(
            Array.from({ length: rows }, () =>
              Array.from({ length: topology[0] }, () => random.normal()),
            ),
          );
          const { z, a } = forward(net, X);
          expect(z.length).toBe(topology.length);
          expect(a.length).toBe(topology.length);
          topology.forEach((units, l) => {
            expect([a[l].rows, a[l].cols, a[l].data.length]).toEqual([rows, units, rows * units]);
            expect([z[l].rows, z[l].cols]).toEqual([rows, units]);
          });
          expect(a.every((m) => m.data.every(Number.isFinite))).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
