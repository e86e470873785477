// Every PyTorch reference trace in fixtures/golden, reproduced through the public API: float64 to
// 1e-9 relative, and the same cases run in float32 to 1e-4.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HYPERPARAMETERS,
  Trainer,
  backprop,
  cost,
  forward,
  matrixFromRows,
  networkFromArrays,
  networkToArrays,
  type ActivationName,
  type DType,
  type Hyperparameters,
  type Kernels,
  type LossName,
  type Network,
  plainKernels,
} from './index';
import { createWasmKernels } from './wasm/wasm-kernels';

interface GoldenCase {
  name: string;
  topology: number[];
  activations: ActivationName[];
  loss: LossName;
  optimizer: { type: 'sgd' | 'adam'; lr: number; momentum?: number };
  l2?: number;
  batchSize: number;
  epochs: number;
  threshold?: number;
  init: { weights: number[][][]; biases: number[][] };
  data: { x: number[][]; y: number[][] };
  expected: {
    initialLoss: number;
    gradients: { weights: number[][][]; biases: number[][] };
    lossPerEpoch: number[];
    stopEpoch?: number;
    final: { weights: number[][][]; biases: number[][] };
  };
}

const dir = join(import.meta.dirname, 'fixtures/golden');
const cases: GoldenCase[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as GoldenCase);

/** |actual − expected| ≤ tol·max(|expected|, scale): relative, with an absolute floor near 0. */
function expectClose(actual: number, expected: number, tol: number, scale: number, what: string) {
  const error = Math.abs(actual - expected);
  const bound = tol * Math.max(Math.abs(expected), scale);
  if (!(error <= bound)) {
    throw new Error(`${what}: got ${actual}, expected ${expected} (error ${error} > ${bound})`);
  }
}

function expectAllClose(
  actual: unknown,
  expected: unknown,
  tol: number,
  scale: number,
  what: string,
) {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), what).toBe(true);
    expect((actual as unknown[]).length, `${what}: length`).toBe(expected.length);
    expected.forEach((e, i) =>
      expectAllClose((actual as unknown[])[i], e, tol, scale, `${what}[${i}]`),
    );
  } else {
    expectClose(actual as number, expected as number, tol, scale, what);
  }
}

/** The largest |value| in a nested array: the scale of a gradient, for the absolute floor. */
function maxAbs(values: unknown): number {
  if (typeof values === 'number') return Math.abs(values);
  const parts = Array.isArray(values) ? values : Object.values(values as object);
  return Math.max(0, ...parts.map(maxAbs));
}

function setup(c: GoldenCase, dtype: DType) {
  const spec = { topology: c.topology, activations: c.activations, loss: c.loss };
  const net = networkFromArrays(spec, c.init.weights, c.init.biases, dtype);
  const X = matrixFromRows(c.data.x, dtype);
  const Y = matrixFromRows(c.data.y, dtype);
  const hp: Hyperparameters = {
    ...DEFAULT_HYPERPARAMETERS,
    optimizer: c.optimizer.type === 'adam' ? 'adam' : c.optimizer.momentum ? 'momentum' : 'sgd',
    learningRate: c.optimizer.lr,
    momentum: c.optimizer.momentum ?? 0,
    l2: c.l2 ?? 0,
    batchSize: c.batchSize,
    shuffle: false,
    maxEpochs: c.epochs,
    threshold: c.threshold ?? 0,
    targetLoss: null,
    patience: null,
    dtype,
  };
  return { net, X, Y, hp };
}

function params(net: Network) {
  return networkToArrays(net);
}

const precisions: { dtype: DType; tol: number }[] = [
  { dtype: 'float64', tol: 1e-9 },
  { dtype: 'float32', tol: 1e-4 },
];

// Every kernel implementation must reproduce the traces: the plain reference and WebAssembly SIMD.
const kernelSets: { name: string; create: () => Kernels }[] = [
  { name: 'plain', create: () => plainKernels },
  { name: 'wasm', create: () => createWasmKernels() },
];

describe.each(kernelSets)('$name kernels:', ({ create }) =>
  describe.each(precisions)('golden traces in $dtype', ({ dtype, tol }) => {
    it('finds every fixture', () => {
      expect(cases.length).toBeGreaterThanOrEqual(5);
    });

    describe.each(cases)('$name', (c) => {
      it('initial loss', () => {
        const { net, X, Y } = setup(c, dtype);
        expectClose(cost(net, X, Y, create()), c.expected.initialLoss, tol, 0, 'initial loss');
      });

      it('gradients of the full-data cost at the initial parameters', () => {
        const { net, X, Y, hp } = setup(c, dtype);
        const kernels = create();
        const grads = backprop(net, forward(net, X, kernels), Y, { l2: hp.l2, kernels });
        const got = networkToArrays({ ...net, W: grads.dW, theta: grads.dTheta });
        const scale = maxAbs(c.expected.gradients);
        expectAllClose(got.weights, c.expected.gradients.weights, tol, scale, 'dW');
        expectAllClose(got.biases, c.expected.gradients.biases, tol, scale, 'dTheta');
        expectClose(grads.cost, c.expected.initialLoss, tol, 0, 'batch cost');
      });

      it('loss per epoch, stop epoch and final parameters', () => {
        const { net, X, Y, hp } = setup(c, dtype);
        const trainer = new Trainer(net, { X, Y }, hp, { kernels: create() });
        expectClose(trainer.initial.trainLoss, c.expected.initialLoss, tol, 0, 'Trainer.initial');
        const reason = trainer.run();
        const stopEpoch = c.expected.stopEpoch ?? c.epochs;
        expect(reason).toBe(c.expected.stopEpoch !== undefined ? 'threshold' : 'max-epochs');
        if (dtype === 'float64') expect(trainer.epoch).toBe(stopEpoch);
        else expect(Math.abs(trainer.epoch - stopEpoch)).toBeLessThanOrEqual(stopEpoch * 0.01);
        const n = Math.min(trainer.history.length, c.expected.lossPerEpoch.length);
        expectAllClose(
          trainer.history.slice(0, n).map((p) => p.trainLoss),
          c.expected.lossPerEpoch.slice(0, n),
          tol,
          0,
          'loss per epoch',
        );
        const final = params(trainer.network);
        const scale = maxAbs(c.expected.final);
        expectAllClose(final.weights, c.expected.final.weights, tol, scale, 'final weights');
        expectAllClose(final.biases, c.expected.final.biases, tol, scale, 'final biases');
      });
    });
  }),
);
