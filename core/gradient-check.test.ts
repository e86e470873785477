import { describe, expect, it } from 'vitest';
import { GradientChecker, gradientCheck, relativeError } from './gradient-check';
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

  it('checks in slices of a time budget, a parameter at least, to the result of one call', () => {
    const { net, X, Y } = setup(3);
    const whole = gradientCheck(net, X, Y, { l2: 0.05, rows: 8, random: new Random(4) });
    const checker = new GradientChecker(net, X, Y, { l2: 0.05, rows: 8, random: new Random(4) });
    // 3·5 + 5 + 5·4 + 4 + 4·2 + 2 parameters; a clock 1 ms on at every reading, 3 ms slices.
    expect(checker.total).toBe(54);
    let t = 0;
    const clock = () => t++;
    const seen: number[] = [];
    let result = null;
    while (!(result = checker.run(clock, 3))) seen.push(checker.checked);
    expect(seen.slice(0, 3)).toEqual([3, 6, 9]);
    expect(checker.checked).toBe(54);
    expect(result).toEqual(whole);
    // A slice checks one parameter at least, however small its budget.
    const slow = new GradientChecker(net, X, Y);
    expect(slow.run(clock, 0)).toBeNull();
    expect(slow.checked).toBe(1);
    // It checks a copy taken when it was made: the network trained meanwhile changes nothing.
    const copy = new GradientChecker(net, X, Y, { l2: 0.05, rows: 8, random: new Random(4) });
    net.W[0][0] += 1;
    expect(copy.run()).toEqual(whole);
  });

  it('relative error: |a − n| / max(|a|, |n|, 1e-7)', () => {
    expect(relativeError(1, 1.001)).toBeCloseTo(0.001 / 1.001, 15);
    expect(relativeError(0, 0)).toBe(0);
    expect(relativeError(1e-12, 2e-12)).toBeCloseTo(1e-12 / 1e-7, 20);
  });
});
