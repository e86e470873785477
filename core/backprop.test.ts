import { describe, expect, it } from 'vitest';
import {
  backprop,
  backpropDescendInto,
  cost,
  createGradients,
  l2Penalty,
  meanGradients,
} from './backprop';
import { forward } from './forward';
import { gradientCheck } from './gradient-check';
import { createMatrix, matrixFromRows } from './matrix';
import { cloneNetwork, createNetwork, networkFromArrays, parameterArrays } from './network';
import { Random } from './random';
import type { NetworkSpec } from './types';
import { createWasmKernels } from './wasm/wasm-kernels';

function randomData(rows: number, inputs: number, outputs: number, random: Random, oneHot = false) {
  const X = createMatrix(rows, inputs);
  const Y = createMatrix(rows, outputs);
  for (let i = 0; i < X.data.length; i++) X.data[i] = random.normal();
  for (let r = 0; r < rows; r++) {
    if (oneHot) Y.data[r * outputs + random.int(outputs)] = 1;
    else for (let k = 0; k < outputs; k++) Y.data[r * outputs + k] = random.next();
  }
  return { X, Y };
}

describe('backprop on the seed network, by hand', () => {
  // One sample through a 1-1-1 sigmoid network: every quantity from the chain rule, written out.
  const w1 = 0.4, t1 = -0.1, w2 = -0.7, t2 = 0.2, x = 0.9, y = 0.3; // prettier-ignore
  const net = networkFromArrays(
    { topology: [1, 1, 1], activations: ['sigmoid', 'sigmoid'], loss: 'mse' },
    [[[w1]], [[w2]]],
    [[t1], [t2]],
  );
  const s = (v: number) => 1 / (1 + Math.exp(-v));
  const a1 = s(w1 * x + t1);
  const a2 = s(w2 * a1 + t2);
  const delta2 = (a2 - y) * a2 * (1 - a2);
  const delta1 = w2 * delta2 * a1 * (1 - a1);

  it('gives δ⁽ˡ⁾, ∂C/∂W⁽ˡ⁾ = a⁽ˡ⁻¹⁾δ⁽ˡ⁾ and ∂C/∂θ⁽ˡ⁾ = δ⁽ˡ⁾', () => {
    const X = matrixFromRows([[x]]);
    const g = backprop(net, forward(net, X), matrixFromRows([[y]]));
    expect(g.delta[0].rows).toBe(1);
    expect(g.delta[0].cols).toBe(0);
    expect(g.delta[2].data[0]).toBeCloseTo(delta2, 15);
    expect(g.delta[1].data[0]).toBeCloseTo(delta1, 15);
    expect(g.dW[1][0]).toBeCloseTo(a1 * delta2, 15);
    expect(g.dTheta[1][0]).toBeCloseTo(delta2, 15);
    expect(g.dW[0][0]).toBeCloseTo(x * delta1, 15);
    expect(g.dTheta[0][0]).toBeCloseTo(delta1, 15);
    expect(g.cost).toBeCloseTo(0.5 * (a2 - y) ** 2, 15);
  });

  it('averages over the batch: two copies of a sample give the same gradients', () => {
    const X = matrixFromRows([[x], [x]]);
    const g = backprop(net, forward(net, X), matrixFromRows([[y], [y]]));
    expect(g.dW[0][0]).toBeCloseTo(x * delta1, 15);
    expect(g.cost).toBeCloseTo(0.5 * (a2 - y) ** 2, 15);
  });

  it('adds λW to ∂C/∂W (not to ∂C/∂θ) and leaves the reported cost without the L2 term', () => {
    const X = matrixFromRows([[x]]);
    const plain = backprop(net, forward(net, X), matrixFromRows([[y]]));
    const l2 = backprop(net, forward(net, X), matrixFromRows([[y]]), { l2: 0.3 });
    expect(l2.dW[0][0] - plain.dW[0][0]).toBeCloseTo(0.3 * w1, 15);
    expect(l2.dW[1][0] - plain.dW[1][0]).toBeCloseTo(0.3 * w2, 15);
    expect(l2.dTheta[0][0]).toBe(plain.dTheta[0][0]);
    expect(l2.cost).toBe(plain.cost);
    expect(l2Penalty(net, 0.3)).toBeCloseTo(0.15 * (w1 * w1 + w2 * w2), 15);
  });

  it('names targets of the wrong shape', () => {
    const cache = forward(net, matrixFromRows([[x], [x]]));
    expect(() => backprop(net, cache, matrixFromRows([[y]]))).toThrow(
      'Y must be 2×1 (one row per sample, one column per output), got 1×1',
    );
  });
});

const specs: NetworkSpec[] = [
  { topology: [3, 4, 2], activations: ['sigmoid', 'sigmoid'], loss: 'mse' },
  { topology: [2, 5, 3, 1], activations: ['tanh', 'tanh', 'identity'], loss: 'mse' },
  { topology: [4, 6, 3], activations: ['tanh', 'softmax'], loss: 'cross-entropy' },
  { topology: [4, 6, 3], activations: ['sigmoid', 'softmax'], loss: 'mse' },
  { topology: [3, 5, 2], activations: ['leaky-relu', 'sigmoid'], loss: 'cross-entropy' },
  { topology: [3, 5, 2], activations: ['relu', 'identity'], loss: 'mse' },
];

/** A seeded xavier network of `spec` and `rows` random rows for it (one-hot under softmax). */
function specCase(spec: NetworkSpec, seed: number, rows: number) {
  const random = new Random(seed);
  const net = createNetwork(spec, { dtype: 'float64', initScheme: 'xavier', random });
  const out = spec.topology[spec.topology.length - 1];
  const oneHot = spec.activations.at(-1) === 'softmax';
  return { net, ...randomData(rows, spec.topology[0], out, random, oneHot) };
}

describe.each(specs)('gradient check of $activations with $loss', (spec) => {
  it('agrees with centred finite differences in every layer, with and without L2', () => {
    const { net, X, Y } = specCase(spec, 17, 7);
    for (const l2 of [0, 0.01]) {
      const result = gradientCheck(net, X, Y, { l2 });
      expect(result.layers.map((l) => l.layer)).toEqual(
        spec.topology.slice(1).map((_, i) => i + 1),
      );
      for (const { maxRelativeError } of result.layers) expect(maxRelativeError).toBeLessThan(1e-5);
    }
  });
});

it('cost() is the mean per-sample cost over every row (chunked past 1024 rows)', () => {
  const spec: NetworkSpec = { topology: [2, 3, 1], activations: ['tanh', 'sigmoid'], loss: 'mse' };
  const random = new Random(4);
  const net = createNetwork(spec, { dtype: 'float64', initScheme: 'uniform', random });
  const { X, Y } = randomData(2500, 2, 1, random);
  const a = forward(net, X).a[2];
  let sum = 0;
  for (let r = 0; r < 2500; r++) sum += 0.5 * (a.data[r] - Y.data[r]) ** 2;
  expect(cost(net, X, Y)).toBeCloseTo(sum / 2500, 14);
});

describe.each(specs)(
  'backprop fused with a gradient-descent step, $activations with $loss',
  (spec) => {
    const { net, X, Y } = specCase(spec, 23, 9);
    const kernels = createWasmKernels();
    const lr = 0.3;

    it.each([0, 0.01])(
      'takes the step of backprop then SGD, and returns its largest change (λ = %s)',
      (l2) => {
        // The reference: every gradient, then p ← p − lr·g.
        const expected = cloneNetwork(net);
        const grads = backprop(expected, forward(expected, X), Y, { l2 });
        const params = parameterArrays(expected);
        const gradients = [...grads.dW, ...grads.dTheta];
        let largest = 0;
        params.forEach((p, k) => {
          for (let i = 0; i < p.length; i++) {
            const old = p[i];
            p[i] = old - lr * gradients[k][i];
            largest = Math.max(largest, Math.abs(p[i] - old));
          }
        });
        const fused = cloneNetwork(net);
        const into = createGradients(fused, X.rows);
        const change = backpropDescendInto(
          fused,
          forward(fused, X, kernels),
          Y,
          into,
          lr,
          l2,
          kernels,
        );
        expect(into.cost).toBeCloseTo(grads.cost, 12);
        expect(change).toBeCloseTo(largest, 12);
        parameterArrays(fused).forEach((p, k) => {
          for (let i = 0; i < p.length; i++) expect(p[i]).toBeCloseTo(params[k][i], 12);
        });
      },
    );

    it('leaves the parameters alone when the cost is not finite', () => {
      const fused = cloneNetwork(net);
      const bad = { ...Y, data: Y.data.slice() };
      bad.data[0] = NaN;
      const into = createGradients(fused, X.rows);
      expect(
        backpropDescendInto(fused, forward(fused, X, kernels), bad, into, lr, 0, kernels),
      ).toBeNaN();
      expect(into.cost).toBeNaN();
      expect(parameterArrays(fused)).toEqual(parameterArrays(net));
    });
  },
);

describe('meanGradients', () => {
  const spec: NetworkSpec = {
    topology: [5, 7, 3],
    activations: ['tanh', 'softmax'],
    loss: 'cross-entropy',
  };
  const net = createNetwork(spec, {
    dtype: 'float64',
    initScheme: 'xavier',
    random: new Random(8),
  });

  it('over more rows than a chunk: the gradients of one pass over them all, with λW, and the mean cost', () => {
    // 2,500 rows: chunks of 1,024, 1,024 and 452.
    const { X, Y } = randomData(2500, 5, 3, new Random(9), true);
    const whole = backprop(net, forward(net, X), Y, { l2: 0.02 });
    const chunked = meanGradients(net, X, Y, 0.02);
    expect(chunked.cost).toBeCloseTo(whole.cost, 13);
    for (const [a, b] of [
      [chunked.dW, whole.dW],
      [chunked.dTheta, whole.dTheta],
    ]) {
      a.forEach((g, l) => g.forEach((v, i) => expect(v).toBeCloseTo(b[l][i], 14)));
    }
    // λW is in: the gradient without it differs.
    expect(meanGradients(net, X, Y).dW[0][0]).not.toBeCloseTo(chunked.dW[0][0], 6);
  });

  it('up to a chunk of rows: exactly backprop', () => {
    const { X, Y } = randomData(40, 5, 3, new Random(10), true);
    const whole = backprop(net, forward(net, X), Y);
    const chunked = meanGradients(net, X, Y);
    expect(chunked.dW).toEqual(whole.dW);
    expect(chunked.dTheta).toEqual(whole.dTheta);
    expect(chunked.cost).toBe(whole.cost);
  });
});
