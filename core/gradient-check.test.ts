import { describe, expect, it } from 'vitest';
import { gradientCheck, relativeError } from './gradient-check';
import { createMatrix, plainKernels, type Kernels } from './matrix';
import { createNetwork } from './network';
import { Random } from './random';

function setup(seed: number) {
  const random = new Random(seed);
  const net = createNetwork(
    { topology: [3, 5, 4, 2], activations: ['tanh', 'sigmoid', 'sigmoid'], loss: 'mse' },
    { dtype: 'float64', initScheme: 'xavier', random },
  );
  const X = createMatrix(30, 3);
  const Y = createMatrix(30, 2);
  for (let i = 0; i < X.data.length; i++) X.data[i] = random.normal();
  for (let i = 0; i < Y.data.length; i++) Y.data[i] = random.next();
  return { net, X, Y };
}

describe('gradientCheck', () => {
  it('reports a small relative error for every layer of a correct backprop', () => {
    const { net, X, Y } = setup(1);
    const result = gradientCheck(net, X, Y, { l2: 0.05 });
    expect(result.epsilon).toBe(1e-5);
    expect(result.layers.map((l) => l.layer)).toEqual([1, 2, 3]);
    result.layers.forEach((l) => expect(l.maxRelativeError).toBeLessThan(1e-6));
  });

  it('catches a wrong gradient, in the layer where it is wrong', () => {
    const { net, X, Y } = setup(2);
    // ∂C/∂W computed 1% too large: only the gemmTransA of the backward pass is off
    const wrong: Kernels = {
      ...plainKernels,
      gemmTransA: (A, B, C, alpha = 1, beta = 0) =>
        plainKernels.gemmTransA(A, B, C, alpha * 1.01, beta),
    };
    const result = gradientCheck(net, X, Y, { kernels: wrong });
    result.layers.forEach((l) => expect(l.maxRelativeError).toBeGreaterThan(5e-3));
  });

  it('can check on a seeded sample of the rows', () => {
    const { net, X, Y } = setup(3);
    const a = gradientCheck(net, X, Y, { rows: 5, random: new Random(9) });
    const b = gradientCheck(net, X, Y, { rows: 5, random: new Random(9) });
    expect(a).toEqual(b);
    a.layers.forEach((l) => expect(l.maxRelativeError).toBeLessThan(1e-6));
  });

  it('checks a float32 network in float64', () => {
    const { net, X, Y } = setup(4);
    const f32 = {
      ...net,
      dtype: 'float32' as const,
      W: net.W.map((w) => Float32Array.from(w)),
      theta: net.theta.map((t) => Float32Array.from(t)),
    };
    gradientCheck(f32, X, Y).layers.forEach((l) => expect(l.maxRelativeError).toBeLessThan(1e-6));
  });

  it('relative error: |a − n| / max(|a|, |n|, 1e-7)', () => {
    expect(relativeError(1, 1.001)).toBeCloseTo(0.001 / 1.001, 15);
    expect(relativeError(0, 0)).toBe(0);
    expect(relativeError(1e-12, 2e-12)).toBeCloseTo(1e-12 / 1e-7, 20);
  });
});
