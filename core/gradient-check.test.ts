import { describe, expect, it } from 'vitest';
import { backprop } from './backprop';
import { forward } from './forward';
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
    expect(result.layers.map((l) => l.verdict)).toEqual(['fail', 'fail', 'fail']);
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

/**
 * Like the digits, smaller: 32 pixel columns, half of them rarely lit, z-scored (a rare pixel becomes
 * an input of 5 to 12), into 32 tanh units and a softmax of 10 classes, after 20 epochs of descent.
 * The rare large inputs give J large third derivatives along the weights they feed, whose
 * gradients are tiny: D(ε) itself is off by more than 1e-6 there.
 */
function digitsLike() {
  const random = new Random(11);
  const rows = 200;
  const X = createMatrix(rows, 32, 'float64');
  const Y = createMatrix(rows, 10, 'float64');
  for (let j = 0; j < 32; j++) {
    // Column j lit in about 1 row of 60 (the first 16), else in a third of the rows.
    const p = j < 16 ? 1 / 60 : 1 / 3;
    const column = Array.from({ length: rows }, () =>
      random.next() < p ? 1 + Math.floor(random.next() * 16) : 0,
    );
    const mean = column.reduce((s, v) => s + v, 0) / rows;
    const sd = Math.sqrt(column.reduce((s, v) => s + (v - mean) ** 2, 0) / rows) || 1;
    column.forEach((v, i) => (X.data[i * 32 + j] = (v - mean) / sd));
  }
  for (let i = 0; i < rows; i++) Y.data[i * 10 + Math.floor(random.next() * 10)] = 1;
  const net = createNetwork(
    { topology: [32, 32, 10], activations: ['tanh', 'softmax'], loss: 'cross-entropy' },
    { dtype: 'float64', initScheme: 'xavier', random },
  );
  for (let epoch = 0; epoch < 20; epoch++) {
    const g = backprop(net, forward(net, X), Y);
    // W ← W − α ∂C/∂W, θ ← θ − α ∂C/∂θ, α = 0.5
    net.W.forEach((W, l) => W.forEach((w, i) => (W[i] = w - 0.5 * g.dW[l][i])));
    net.theta.forEach((t, l) => t.forEach((v, i) => (t[i] = v - 0.5 * g.dTheta[l][i])));
  }
  return { net, X, Y, options: { rows: 32, random: new Random(1) } };
}

describe('gradientCheck within finite-difference accuracy', () => {
  it('passes a correct backprop whose finite differences are themselves off by more than 1e-6', () => {
    const { net, X, Y, options } = digitsLike();
    const result = gradientCheck(net, X, Y, options);
    // A relative error of 1e-6 is out of reach of D(ε) here: a fixed pass mark would call it FAIL.
    expect(Math.max(...result.layers.map((l) => l.maxRelativeError))).toBeGreaterThan(1e-6);
    const first = result.layers[0];
    expect(first.verdict).toBe('fd-accuracy');
    expect(first.failed).toBe(0);
    expect(first.withinFdAccuracy).toBeGreaterThan(0);
    // Each such parameter's disagreement is within its own bound, and the largest bound says so.
    expect(first.maxFdError).toBeGreaterThanOrEqual(first.maxRelativeError);
    result.layers.forEach((l) => expect(l.verdict).not.toBe('fail'));
  });

  it('still fails a δ of the wrong sign in one layer, and only that layer', () => {
    const { net, X, Y, options } = digitsLike();
    // δ⁽¹⁾ = −(δ⁽²⁾W⁽²⁾ᵀ) ⊙ g′(z⁽¹⁾): gemmTransB is only backprop's product for the layer below
    const wrong: Kernels = {
      ...plainKernels,
      gemmTransB: (A, B, C, alpha = 1, beta = 0) => plainKernels.gemmTransB(A, B, C, -alpha, beta),
    };
    const result = gradientCheck(net, X, Y, { ...options, kernels: wrong });
    expect(result.layers.map((l) => l.verdict)).toEqual(['fail', 'pass']);
    expect(result.layers[0].failed).toBeGreaterThan(500);
  });

  it('still fails a δ missing its factor g′(z) in one layer', () => {
    const { net, X, Y, options } = digitsLike();
    // δ⁽¹⁾ = δ⁽²⁾W⁽²⁾ᵀ, without ⊙ g′(z⁽¹⁾)
    const wrong: Kernels = { ...plainKernels, multiplyByDerivative: () => true };
    const result = gradientCheck(net, X, Y, { ...options, kernels: wrong });
    expect(result.layers[0].verdict).toBe('fail');
    expect(result.layers[1].verdict).not.toBe('fail');
  });

  it('fails a gradient 1% off in one layer where D(ε) is accurate to far better', () => {
    const { net, X, Y, options } = digitsLike();
    const wrong: Kernels = {
      ...plainKernels,
      gemmTransB: (A, B, C, alpha = 1, beta = 0) =>
        plainKernels.gemmTransB(A, B, C, alpha * 1.01, beta),
    };
    const result = gradientCheck(net, X, Y, { ...options, kernels: wrong });
    expect(result.layers.map((l) => l.verdict)).toEqual(['fail', 'pass']);
  });
});
