// The inspector's numbers against the golden PyTorch traces and against the formulas written out
// by hand on the seed's 3-3-2 network (one sample), where every value can be checked on paper.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { backprop, cost } from '../../core/backprop';
import { forward } from '../../core/forward';
import { createMatrix, matrixFromRows } from '../../core/matrix';
import { createNetwork, networkFromArrays } from '../../core/network';
import { Random } from '../../core/random';
import type { ActivationName, FloatArray, LossName, Matrix } from '../../core/types';
import { INSPECT_MAX_SHOWN } from '../shared/shown-block';
import { inspectRow, wholeMaxAbs, worstRow, type InspectContext } from './inspect';

interface Golden {
  topology: number[];
  activations: ActivationName[];
  loss: LossName;
  l2?: number;
  optimizer: { lr: number };
  init: { weights: number[][][]; biases: number[][] };
  data: { x: number[][]; y: number[][] };
  expected: { initialLoss: number; gradients: { weights: number[][][]; biases: number[][] } };
}

const golden = (name: string): Golden =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, '../../core/fixtures/golden', `${name}.json`), 'utf8'),
  ) as Golden;

function context(g: Golden, batchSize = 0, l2 = g.l2 ?? 0): InspectContext {
  const net = networkFromArrays(g, g.init.weights, g.init.biases);
  return {
    net,
    X: matrixFromRows(g.data.x),
    Y: matrixFromRows(g.data.y),
    learningRate: g.optimizer.lr,
    batchSize,
    l2,
  };
}

function expectClose(actual: unknown, expected: unknown, what: string, tol = 1e-12): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${what} is an array`).toBe(true);
    expect((actual as unknown[]).length, `${what}.length`).toBe(expected.length);
    expected.forEach((e, i) => expectClose((actual as unknown[])[i], e, `${what}[${i}]`, tol));
    return;
  }
  const e = expected as number;
  expect(Math.abs((actual as number) - e), `${what}: ${actual} vs ${e}`).toBeLessThanOrEqual(
    tol * Math.max(1, Math.abs(e)),
  );
}

const σ = (z: number) => 1 / (1 + Math.exp(-z));

describe('inspectRow on the seed 3-3-2 sigmoid network, one sample', () => {
  const g = golden('seed-3-3-2-single-sample');
  const ins = inspectRow(context(g), { row: 0, batchMean: false });
  const [W2, W3] = g.init.weights;
  const [θ2, θ3] = g.init.biases;
  const x = g.data.x[0];
  const y = g.data.y[0];
  // Forward by hand: z⁽ˡ⁾_j = Σ_i w_{i,j} a⁽ˡ⁻¹⁾_i + θ_j, a = σ(z)
  const z2 = [0, 1, 2].map((j) => x[0] * W2[0][j] + x[1] * W2[1][j] + x[2] * W2[2][j] + θ2[j]);
  const a2 = z2.map(σ);
  const z3 = [0, 1].map((j) => a2[0] * W3[0][j] + a2[1] * W3[1][j] + a2[2] * W3[2][j] + θ3[j]);
  const a3 = z3.map(σ);
  // Backward by hand: δ⁽³⁾ = (a − y) ⊙ a(1 − a); δ⁽²⁾ = (W⁽³⁾δ⁽³⁾) ⊙ a(1 − a)
  const d3 = [0, 1].map((k) => (a3[k] - y[k]) * a3[k] * (1 - a3[k]));
  const d2 = [0, 1, 2].map((j) => (W3[j][0] * d3[0] + W3[j][1] * d3[1]) * a2[j] * (1 - a2[j]));

  it('shows x = a⁽¹⁾, y and the layer values computed by hand', () => {
    expectClose(ins.x, x, 'x');
    expectClose(ins.a[0], x, 'a⁽¹⁾');
    expectClose(ins.y, y, 'y');
    expectClose(ins.z, [[], z2, z3], 'z');
    expectClose(ins.a, [x, a2, a3], 'a');
    expectClose(
      ins.gPrime[1],
      a2.map((a) => a * (1 - a)),
      "g'(z⁽²⁾)",
    );
    expectClose(ins.delta, [[], d2, d3], 'δ');
  });

  it('has ∂C/∂W⁽ˡ⁾ = a⁽ˡ⁻¹⁾δ⁽ˡ⁾ᵀ and ∂C/∂θ⁽ˡ⁾ = δ⁽ˡ⁾, equal to PyTorch', () => {
    expectClose(
      ins.dW[0],
      x.map((xi) => d2.map((dj) => xi * dj)),
      '∂C/∂W⁽²⁾',
    );
    expectClose(
      ins.dW[1],
      a2.map((ai) => d3.map((dk) => ai * dk)),
      '∂C/∂W⁽³⁾',
    );
    expectClose(ins.dW, g.expected.gradients.weights, 'dW vs golden', 1e-9);
    expectClose(ins.dTheta, g.expected.gradients.biases, 'dTheta vs golden', 1e-9);
    expectClose(ins.cost, 0.5 * ((a3[0] - y[0]) ** 2 + (a3[1] - y[1]) ** 2), 'C');
    expectClose(ins.cost, g.expected.initialLoss, 'C vs golden', 1e-9);
  });

  it('carries the network, the loss and α', () => {
    expect(ins.network.topology).toEqual([3, 3, 2]);
    expect(ins.network.weights).toEqual(g.init.weights);
    expect(ins.network.biases).toEqual(g.init.biases);
    expect(ins.loss).toBe('mse');
    expect(ins.learningRate).toBe(0.5);
    expect(ins.trainingRows).toBe(1);
    expect(ins.batchMean).toBeNull();
  });

  it('sends the matrices whole (they fit) with their largest |value|', () => {
    expect(ins.maxShown).toBe(INSPECT_MAX_SHOWN);
    expect(ins.maxAbs.W).toEqual(g.init.weights.map((W) => Math.max(...W.flat().map(Math.abs))));
    expect(ins.maxAbs.dW).toEqual(ins.dW.map((d) => Math.max(...d.flat().map(Math.abs))));
  });
});

describe('inspectRow on a wide 3-300-200-2 network', () => {
  const random = new Random(7);
  const spec = { topology: [3, 300, 200, 2], activations: ['tanh', 'relu', 'sigmoid'] } as const;
  const net = createNetwork(
    { topology: [...spec.topology], activations: [...spec.activations], loss: 'mse' },
    { dtype: 'float64', initScheme: 'uniform', random },
  );
  const fill = (rows: number, cols: number, f: () => number): Matrix => {
    const m = createMatrix(rows, cols, 'float64');
    for (let i = 0; i < m.data.length; i++) m.data[i] = f();
    return m;
  };
  const X = fill(10, 3, () => random.uniform(-2, 2));
  const Y = fill(10, 2, () => (random.uniform(0, 1) < 0.5 ? 0 : 1));
  const ctx: InspectContext = { net, X, Y, learningRate: 0.1, batchSize: 4, l2: 0.01 };
  const ins = inspectRow(ctx, { row: 5, batchMean: true });
  const row = backprop(net, forward(net, rows(X, 5, 1)), rows(Y, 5, 1));
  // The batch of 4 holding row 5: rows 4..7, with λ.
  const batch = backprop(net, forward(net, rows(X, 4, 4)), rows(Y, 4, 4), { l2: 0.01 });
  const top = spec.topology;
  const largest = (d: ArrayLike<number>) =>
    Array.from(d).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  /** Rows 0..31 and columns 0..31 of the engine's row-major W[l] (or dW[l]). */
  const topLeft = (d: FloatArray, l: number) =>
    Array.from({ length: Math.min(top[l], 32) }, (_, i) =>
      Array.from({ length: Math.min(top[l + 1], 32) }, (_, j) => d[i * top[l + 1] + j]),
    );

  it("sends the top-left 32 × 32 of W, the row's ∂C/∂W and the batch mean's", () => {
    expect(ins.maxShown).toBe(32);
    expect(ins.network.topology).toEqual(top);
    expect(ins.network.weights.map((W) => [W.length, W[0].length])).toEqual([
      [3, 32],
      [32, 32],
      [32, 2],
    ]);
    expect(ins.network.weights).toEqual(net.W.map(topLeft));
    expect(ins.dW).toEqual(row.dW.map(topLeft));
    expect(ins.batchMean?.dW).toEqual(batch.dW.map(topLeft));
    expect(ins.batchMean?.rows).toBe(4);
  });

  it('sends the vectors whole', () => {
    expect(ins.network.biases).toEqual(net.theta.map((θ) => Array.from(θ)));
    expect(ins.dTheta).toEqual(row.dTheta.map((d) => Array.from(d)));
    expect(ins.batchMean?.dTheta).toEqual(batch.dTheta.map((d) => Array.from(d)));
    expect(ins.delta.map((d) => d.length)).toEqual([0, 300, 200, 2]);
    expect(ins.a.map((a) => a.length)).toEqual(top);
  });

  it('carries the largest |value| of each whole matrix, W − α∂C/∂W included', () => {
    expect(ins.maxAbs.W).toEqual(net.W.map(largest));
    expect(ins.maxAbs.dW).toEqual(row.dW.map(largest));
    expect(ins.maxAbs.update).toEqual(
      net.W.map((W, l) => largest(W.map((w, i) => w - 0.1 * row.dW[l][i]))),
    );
    expect(ins.batchMean?.maxAbs.dW).toEqual(batch.dW.map(largest));
    expect(ins.batchMean?.maxAbs.update).toEqual(
      net.W.map((W, l) => largest(W.map((w, i) => w - 0.1 * batch.dW[l][i]))),
    );
    // The whole 300 × 200 W holds larger values than its top-left block.
    expect(ins.maxAbs.W[1]).toBeGreaterThan(largest(ins.network.weights[1].flat()));
  });

  it('stays small: under 80 kB serialized, against 1.4 MB with every matrix whole', () => {
    expect(serialize(ins).byteLength).toBeLessThan(80_000);
    const whole = inspectRow(ctx, { row: 5, batchMean: true, maxShown: 256 });
    expect(whole.network.weights[1].length).toBe(256);
    expect(serialize(whole).byteLength).toBeGreaterThan(1_000_000);
  });

  it('cuts to the maxShown asked for', () => {
    const small = inspectRow(ctx, { row: 5, batchMean: false, maxShown: 2 });
    expect(small.maxShown).toBe(2);
    expect(small.dW.map((d) => [d.length, d[0].length])).toEqual([
      [2, 2],
      [2, 2],
      [2, 2],
    ]);
    expect(small.dW[1]).toEqual([
      [row.dW[1][0], row.dW[1][1]],
      [row.dW[1][200], row.dW[1][201]],
    ]);
    expect(small.maxAbs).toEqual(ins.maxAbs);
  });
});

/** Rows start..start+n of m, copied. */
function rows(m: Matrix, start: number, n: number): Matrix {
  return { rows: n, cols: m.cols, data: m.data.slice(start * m.cols, (start + n) * m.cols) };
}

describe('inspectRow batch mean', () => {
  it('over the full batch equals the golden full-data gradient (sigmoid 4-8-3, 20 rows)', () => {
    const g = golden('sigmoid-4-8-3-full-batch');
    const ins = inspectRow(context(g, 0), { row: 7, batchMean: true });
    expect(ins.batchMean?.rows).toBe(20);
    expectClose(ins.batchMean?.dW, g.expected.gradients.weights, 'batch dW', 1e-9);
    expectClose(ins.batchMean?.dTheta, g.expected.gradients.biases, 'batch dθ', 1e-9);
  });

  it('includes the L2 term λW (relu-softmax cross-entropy, λ = 0.001), the row gradient does not', () => {
    const g = golden('relu-softmax-cross-entropy-adam-l2');
    const ctx = context(g, 0);
    const withL2 = inspectRow(ctx, { row: 0, batchMean: true });
    expectClose(withL2.batchMean?.dW, g.expected.gradients.weights, 'batch dW', 1e-9);
    const plain = inspectRow({ ...ctx, l2: 0 }, { row: 0, batchMean: false });
    expectClose(plain.dW, withL2.dW, 'row dW has no λ');
  });

  it('takes the batch holding the row (batches of 8, row 10 → rows 8..15)', () => {
    const g = golden('relu-softmax-cross-entropy-adam-l2');
    const ctx = context(g, 8, 0);
    const ins = inspectRow(ctx, { row: 10, batchMean: true });
    expect(ins.batchMean?.rows).toBe(8);
    const rows = g.data.x
      .slice(8, 16)
      .map((_, r) => inspectRow(ctx, { row: 8 + r, batchMean: false }));
    const mean = ins.network.weights[1].map((row, i) =>
      row.map((_, j) => rows.reduce((s, r) => s + r.dW[1][i][j], 0) / 8),
    );
    expectClose(ins.batchMean?.dW[1], mean, 'mean of the 8 rows', 1e-12);
  });
});

describe('worst row', () => {
  it('is the row of largest cost, by the engine', () => {
    const g = golden('tanh-identity-minibatch-momentum');
    const ctx = context(g);
    const costs = g.data.x.map((x, r) =>
      cost(ctx.net, matrixFromRows([x]), matrixFromRows([g.data.y[r]])),
    );
    const expected = costs.indexOf(Math.max(...costs));
    expect(worstRow(ctx.net, ctx.X, ctx.Y)).toBe(expected);
    const ins = inspectRow(ctx, { row: 'worst', batchMean: false });
    expect(ins.row).toBe(expected);
    expectClose(ins.cost, costs[expected], 'worst cost');
  });
});

it('names the valid rows when asked for one that does not exist', () => {
  const ctx = context(golden('sigmoid-4-8-3-full-batch'));
  expect(() => inspectRow(ctx, { row: 20, batchMean: false })).toThrow(
    'Inspect: row 20 does not exist; training rows are 0 to 19',
  );
});

it('takes the largest finite |value| of a diverged matrix (the heat map leaves NaN and ±∞ out)', () => {
  const W = Float64Array.of(1, -Infinity, NaN, -3);
  const dW = Float64Array.of(NaN, 2, 0, 0.5);
  expect(wholeMaxAbs(W, dW, 0.1)).toEqual({ W: 3, dW: 2, update: 3.05 });
  expect(wholeMaxAbs(Float64Array.of(NaN), Float64Array.of(Infinity), 1)).toEqual({
    W: 0,
    dW: 0,
    update: 0,
  });
});
