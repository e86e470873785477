import { describe, expect, it } from 'vitest';
import { backprop, cost } from './backprop';
import { forward } from './forward';
import { DEFAULT_HYPERPARAMETERS } from './hyperparameters';
import { createMatrix, matrixFromRows, plainKernels, type Kernels } from './matrix';
import { cloneNetwork, createNetwork, networkToArrays, parameterArrays } from './network';
import { createOptimizer } from './optimizer';
import { formatValue } from './number-format';
import { Random } from './random';
import {
  BATCH_CHUNK_BYTES,
  batchChunkRows,
  cancelledDetail,
  createWorkspace,
  Trainer,
  type BestSoFar,
  type EpochPosition,
} from './train';
import type { EpochProgress, Hyperparameters, Matrix, Network, NetworkSpec } from './types';
import { createWasmKernels } from './wasm/wasm-kernels';

const spec: NetworkSpec = { topology: [2, 4, 1], activations: ['tanh', 'sigmoid'], loss: 'mse' };

function makeNet(seed = 1, s: NetworkSpec = spec): Network {
  return createNetwork(s, { dtype: 'float64', initScheme: 'uniform', random: new Random(seed) });
}

/** y = 1 when x₀ + x₁ > 0: a problem the network can learn. */
function makeData(rows: number, seed: number): { X: Matrix; Y: Matrix } {
  const random = new Random(seed);
  const X = createMatrix(rows, 2);
  const Y = createMatrix(rows, 1);
  for (let r = 0; r < rows; r++) {
    X.data[2 * r] = random.uniform(-1, 1);
    X.data[2 * r + 1] = random.uniform(-1, 1);
    Y.data[r] = X.data[2 * r] + X.data[2 * r + 1] > 0 ? 1 : 0;
  }
  return { X, Y };
}

const hp = (change: Partial<Hyperparameters> = {}): Hyperparameters => ({
  ...DEFAULT_HYPERPARAMETERS,
  threshold: 0,
  ...change,
});

function rows(m: Matrix, start: number, count: number): Matrix {
  return {
    rows: count,
    cols: m.cols,
    data: m.data.slice(start * m.cols, (start + count) * m.cols),
  };
}

describe('Trainer batches', () => {
  it('runs ⌈n / batch⌉ steps an epoch; the short last batch is averaged over its own size', () => {
    const data = makeData(10, 1);
    const trainer = new Trainer(makeNet(), data, hp({ batchSize: 4, learningRate: 0.3 }));
    expect([trainer.step(), trainer.step(), trainer.step()]).toEqual([false, false, true]);
    expect(trainer.epoch).toBe(1);

    // The same epoch by hand: forward, backprop and an sgd step per batch of rows 0–3, 4–7, 8–9.
    const net = makeNet();
    const opt = createOptimizer(parameterArrays(net), {
      optimizer: 'sgd',
      learningRate: 0.3,
      momentum: 0,
    });
    for (const [start, count] of [
      [0, 4],
      [4, 4],
      [8, 2],
    ]) {
      // prettier-ignore
      const X = rows(data.X, start, count);
      const g = backprop(net, forward(net, X), rows(data.Y, start, count));
      opt.step([...g.dW, ...g.dTheta]);
    }
    expect(networkToArrays(trainer.network)).toEqual(networkToArrays(net));
    expect(trainer.history[0].trainLoss).toBe(cost(net, data.X, data.Y));
  });

  it('full batch (0) and batches of 1 take 1 and n steps an epoch', () => {
    const data = makeData(5, 2);
    const full = new Trainer(makeNet(), data, hp({ batchSize: 0 }));
    expect(full.step()).toBe(true);
    expect(full.batchSize).toBe(5);
    const online = new Trainer(makeNet(), data, hp({ batchSize: 1 }));
    const steps = [1, 2, 3, 4, 5].map(() => online.step());
    expect(steps).toEqual([false, false, false, false, true]);
    expect(online.samplesSeen).toBe(5);
  });

  it('shuffles with the seed: same seed, same run; shuffle off is file order', () => {
    const data = makeData(12, 3);
    const run = (change: Partial<Hyperparameters>) => {
      const t = new Trainer(makeNet(), data, hp({ batchSize: 3, maxEpochs: 5, ...change }));
      t.run();
      return networkToArrays(t.network);
    };
    expect(run({ shuffle: true, seed: 7 })).toEqual(run({ shuffle: true, seed: 7 }));
    expect(run({ shuffle: true, seed: 7 })).not.toEqual(run({ shuffle: true, seed: 8 }));
    expect(run({ shuffle: true, seed: 7 })).not.toEqual(run({ shuffle: false }));
  });

  it('does not change the network it was given; trains a copy in the dtype asked for', () => {
    const net = makeNet();
    const before = networkToArrays(net);
    const trainer = new Trainer(net, makeData(8, 4), hp({ dtype: 'float32', maxEpochs: 3 }));
    trainer.run();
    expect(networkToArrays(net)).toEqual(before);
    expect(trainer.network.W[0]).toBeInstanceOf(Float32Array);
    expect(networkToArrays(trainer.network)).not.toEqual(before);
  });
});

it('reuses its buffers: every batch after the first epoch writes into matrices it wrote before', () => {
  const outputs = new Set<unknown>();
  const record =
    <F extends (...args: never[]) => void>(f: F, index: number) =>
    (...args: Parameters<F>) => {
      outputs.add((args[index] as { data?: unknown }).data ?? args[index]);
      f(...args);
    };
  const kernels: Kernels = {
    name: 'recording',
    gemm: record(plainKernels.gemm, 2),
    gemmTransA: record(plainKernels.gemmTransA, 2),
    gemmTransB: record(plainKernels.gemmTransB, 2),
    addRowVector: record(plainKernels.addRowVector, 0),
    columnSums: record(plainKernels.columnSums, 1),
  };
  const trainer = new Trainer(
    makeNet(),
    makeData(10, 17),
    hp({ batchSize: 4, shuffle: true, maxEpochs: 20 }),
    {
      kernels,
    },
  );
  trainer.runEpoch();
  const afterOneEpoch = outputs.size;
  trainer.run();
  expect(trainer.epoch).toBe(20);
  expect(outputs.size).toBe(afterOneEpoch);
});

describe('Trainer stop criteria', () => {
  it('max epochs', () => {
    const trainer = new Trainer(makeNet(), makeData(8, 5), hp({ maxEpochs: 4 }));
    expect(trainer.run()).toBe('max-epochs');
    expect(trainer.epoch).toBe(4);
    expect(trainer.history.map((p) => p.epoch)).toEqual([1, 2, 3, 4]);
    expect(trainer.stopDetail).toBe('Reached the maximum of 4 epochs.');
  });

  it('writes the counts in stopDetail with formatCount (default: plain digits)', () => {
    const grouped = (n: number) => n.toLocaleString('en-US');
    const data = makeData(8, 5);
    const plain = new Trainer(makeNet(), data, hp({ maxEpochs: 1200 }));
    plain.run();
    expect(plain.stopDetail).toBe('Reached the maximum of 1200 epochs.');
    const trainer = new Trainer(makeNet(), data, hp({ maxEpochs: 1200 }), { formatCount: grouped });
    trainer.run();
    expect(trainer.stopDetail).toBe('Reached the maximum of 1,200 epochs.');
    const one = new Trainer(makeNet(), data, hp({ maxEpochs: 1 }), { formatCount: grouped });
    one.run();
    expect(one.stopDetail).toBe('Reached the maximum of 1 epoch.');
    // 1,001 of the 1,500 one-row batches of the first epoch.
    const rows = makeData(1500, 6);
    const long = new Trainer(makeNet(), rows, hp({ batchSize: 1 }), { formatCount: grouped });
    for (let b = 0; b < 1001; b++) long.step();
    long.cancel();
    expect(long.stopDetail).toBe(
      'Cancelled after 0 epochs and 1,001 of the 1,500 batches of epoch 1 (the parameters include those batches).',
    );
    expect(cancelledDetail(12000, { batches: 1500, of: 2048 }, grouped)).toBe(
      'Cancelled after 12,000 epochs and 1,500 of the 2,048 batches of epoch 12,001 (the parameters include those batches).',
    );
    expect(cancelledDetail(12000, null)).toBe('Cancelled after 12000 epochs.');
  });

  it('threshold: stops after the first epoch whose largest change is ≤ ε', () => {
    const trainer = new Trainer(
      makeNet(),
      makeData(8, 6),
      hp({ threshold: 1e-3, maxEpochs: 100000 }),
    );
    expect(trainer.run()).toBe('threshold');
    const { history } = trainer;
    expect(history.at(-1)!.maxChange).toBeLessThanOrEqual(1e-3);
    expect(history.slice(0, -1).every((p) => p.maxChange > 1e-3)).toBe(true);
    expect(trainer.stopDetail).toBe(
      `No weight or bias moved by more than 0.001 in epoch ${history.length} (largest change ${formatValue(history.at(-1)!.maxChange)}).`,
    );
  });

  it('target loss: stops once the training loss is at or below it', () => {
    const trainer = new Trainer(
      makeNet(),
      makeData(20, 7),
      hp({ targetLoss: 0.1, maxEpochs: 100000, learningRate: 2 }),
    );
    expect(trainer.run()).toBe('target-loss');
    expect(trainer.history.at(-1)!.trainLoss).toBeLessThanOrEqual(0.1);
    expect(trainer.history.slice(0, -1).every((p) => p.trainLoss > 0.1)).toBe(true);
    // The loss as the app writes losses (four significant digits), not a 17-digit double.
    const last = trainer.history.at(-1)!;
    expect(trainer.stopDetail).toBe(
      `The training loss ${formatValue(last.trainLoss)} reached the target 0.1 in epoch ${last.epoch}.`,
    );
    const written = /^The training loss (\S+) reached/.exec(trainer.stopDetail)![1];
    const digits = written.replace(/e.*$/, '').replace(/\D/g, '').replace(/^0+/, '');
    expect(digits.length).toBeLessThanOrEqual(4);
    expect(Math.abs(Number(written) - last.trainLoss)).toBeLessThan(5e-4 * last.trainLoss);
  });

  it('early stopping: stops after `patience` epochs without a better validation loss and restores the best', () => {
    const data = makeData(20, 8);
    // Validation targets flipped: the better the network learns, the worse its validation loss.
    const validation = { X: data.X, Y: { ...data.Y, data: data.Y.data.map((y) => 1 - y) } };
    const snapshots: number[][][][] = [];
    const trainer = new Trainer(
      makeNet(),
      data,
      hp({ patience: 3, maxEpochs: 1000, learningRate: 1 }),
      {
        validation,
        onEpoch: () => {
          snapshots.push(networkToArrays(trainer.network).weights);
        },
      },
    );
    expect(trainer.run()).toBe('early-stopping');
    const losses = [trainer.initial, ...trainer.history].map((p) => p.validationLoss!);
    const best = losses.indexOf(Math.min(...losses));
    expect(trainer.bestEpoch).toBe(best);
    expect(trainer.epoch).toBe(best + 3);
    const expected = best === 0 ? networkToArrays(makeNet()).weights : snapshots[best - 1];
    expect(networkToArrays(trainer.network).weights).toEqual(expected);
    expect(trainer.stopDetail).toContain(`the parameters of epoch ${best}`);
  });

  it.each([
    ['the plain kernels', () => plainKernels],
    ['wasm kernels, the step inside backprop', () => createWasmKernels()],
  ] as const)(
    'divergence (%s): a non-finite loss stops training and keeps the last finite parameters',
    (_, kernels) => {
      const s: NetworkSpec = {
        topology: [2, 3, 1],
        activations: ['identity', 'identity'],
        loss: 'mse',
      };
      // Inputs of 1e100: the first step overflows the loss at once.
      const data = makeData(10, 9);
      for (let i = 0; i < data.X.data.length; i++) data.X.data[i] *= 1e100;
      const initial = networkToArrays(makeNet(1, s));
      const trainer = new Trainer(makeNet(1, s), data, hp({ learningRate: 50, maxEpochs: 10000 }), {
        kernels: kernels(),
      });
      expect(Number.isFinite(trainer.initial.trainLoss)).toBe(true);
      expect(trainer.run()).toBe('diverged');
      expect(trainer.history).toEqual([]);
      expect(networkToArrays(trainer.network)).toEqual(initial);
      expect(trainer.stopDetail).toMatch(
        /^Training diverged: .* became (Infinity|NaN) in epoch 1; the initial parameters are kept\./,
      );
    },
  );

  /**
   * Like the diabetes (10 correlated z-scored inputs, a target around 150), fitted by a linear
   * model: at learning rate 1 the steps overshoot the steepest direction and the loss grows ×14
   * an epoch.
   */
  function diabetesLike(noise = 50) {
    const random = new Random(5);
    const X = createMatrix(200, 10);
    const Y = createMatrix(200, 1);
    for (let r = 0; r < 200; r++) {
      const common = random.normal();
      let y = 150;
      for (let j = 0; j < 10; j++) {
        const x = 0.6 * common + 0.8 * random.normal();
        X.data[r * 10 + j] = x;
        y += (j % 3 === 0 ? 20 : 5) * x;
      }
      Y.data[r] = y + noise * random.normal();
    }
    const net = createNetwork(
      { topology: [10, 1], activations: ['identity'], loss: 'mse' },
      { dtype: 'float64', initScheme: 'xavier', random: new Random(1) },
    );
    return { net, data: { X, Y } };
  }

  it.each([
    ['the plain kernels', () => plainKernels],
    ['wasm kernels, the step inside backprop', () => createWasmKernels()],
  ] as const)(
    'divergence (%s): an exploding loss stops within 3 epochs of passing 1000 times its start, keeping the lowest',
    (_, kernels) => {
      const { net, data } = diabetesLike();
      const snapshots = [networkToArrays(net)];
      const trainer = new Trainer(net, data, hp({ learningRate: 1, maxEpochs: 2000 }), {
        kernels: kernels(),
        onEpoch: () => snapshots.push(networkToArrays(trainer.network)),
      });
      expect(trainer.run()).toBe('diverged');
      const losses = [trainer.initial, ...trainer.history].map((p) => p.trainLoss);
      const start = losses[0];
      const first = losses.findIndex((loss) => loss > 1000 * start);
      expect(first).toBeGreaterThan(0);
      expect(trainer.epoch).toBe(first + 2);
      // Stopped at a loss of 1e10, not at 1e304 with weights of 1e152.
      expect(Math.max(...losses)).toBeLessThan(1e12);
      const lowest = losses.indexOf(Math.min(...losses));
      expect(trainer.lowestEpoch).toBe(lowest);
      expect(networkToArrays(trainer.network)).toEqual(snapshots[lowest]);
      expect(trainer.stopDetail).toBe(
        `Training diverged: the training loss stayed above ${formatValue(1000 * start)} (1000 times its initial loss) for 3 epochs, up to ${formatValue(losses.at(-1)!)} in epoch ${trainer.epoch}; the initial parameters (training loss ${formatValue(start)}, the lowest) are kept. Try a smaller learning rate.`,
      );
    },
  );

  it('a sane run whose loss rises for a while is not stopped', () => {
    // Momentum overshoots and comes back: the loss rises 3.5-fold over three epochs.
    const { net, data } = diabetesLike();
    const trainer = new Trainer(
      net,
      data,
      hp({ learningRate: 0.15, optimizer: 'momentum', momentum: 0.9, maxEpochs: 200 }),
    );
    expect(trainer.run()).toBe('max-epochs');
    const losses = trainer.history.map((p) => p.trainLoss);
    expect(Math.max(...losses.slice(4, 8)) / losses[3]).toBeGreaterThan(3);
    expect(losses.at(-1)!).toBeLessThan(losses[3]);
  });

  it("is not stopped by a loss far above a near-perfect fit's when it is below a constant prediction's", () => {
    // Fitted to a loss of 1e-27, then Adam: its first steps are as large as the learning rate
    // whatever the gradient, and the loss jumps 1e27-fold for a long while before it falls back.
    const { net, data } = diabetesLike(0);
    const fit = new Trainer(net, data, hp({ learningRate: 0.2, maxEpochs: 3000 }));
    fit.run();
    const trainer = new Trainer(
      fit.network,
      data,
      hp({ optimizer: 'adam', learningRate: 0.5, maxEpochs: 300 }),
    );
    expect(trainer.initial.trainLoss).toBeLessThan(1e-20);
    expect(trainer.run()).toBe('max-epochs');
    const losses = trainer.history.map((p) => p.trainLoss);
    expect(losses.filter((loss) => loss > 1e6 * trainer.initial.trainLoss).length).toBeGreaterThan(
      10,
    );
    expect(losses.at(-1)!).toBeLessThan(1e-10);
  });

  it('cancel: stops between batches with reason "cancelled"; stepping afterwards is an error', () => {
    const trainer = new Trainer(makeNet(), makeData(8, 10), hp({ batchSize: 2 }));
    trainer.step();
    trainer.cancel();
    expect(trainer.stopReason).toBe('cancelled');
    expect(trainer.run()).toBe('cancelled');
    expect(() => trainer.step()).toThrow('Training has stopped (cancelled); start a new Trainer');
  });

  it('cancel inside an epoch: the parameters keep its batches, and the detail counts them', () => {
    // 10 rows in batches of 4: an epoch is 3 batches (4, 4 and 2 rows).
    const trainer = new Trainer(makeNet(), makeData(10, 11), hp({ batchSize: 4 }));
    expect(trainer.partialEpoch).toBeNull();
    trainer.runEpoch();
    expect(trainer.partialEpoch).toBeNull();
    const afterEpoch = networkToArrays(cloneNetwork(trainer.network));
    trainer.step();
    trainer.step();
    expect(trainer.partialEpoch).toEqual({ batches: 2, of: 3 });
    const now = networkToArrays(cloneNetwork(trainer.network));
    trainer.cancel();
    expect(trainer.epoch).toBe(1);
    expect(networkToArrays(trainer.network)).toEqual(now);
    expect(networkToArrays(trainer.network)).not.toEqual(afterEpoch);
    expect(trainer.stopDetail).toBe(
      'Cancelled after 1 epoch and 2 of the 3 batches of epoch 2 (the parameters include those batches).',
    );
  });

  it('cancel at an epoch boundary: the whole epochs only', () => {
    const trainer = new Trainer(makeNet(), makeData(8, 10), hp({ batchSize: 4 }));
    trainer.runEpoch();
    trainer.runEpoch();
    trainer.cancel();
    expect(trainer.stopDetail).toBe('Cancelled after 2 epochs.');
    const fresh = new Trainer(makeNet(), makeData(8, 10), hp());
    fresh.cancel();
    expect(fresh.stopDetail).toBe('Cancelled after 0 epochs.');
  });
});

describe('Trainer as the host drives it', () => {
  it('run(budget) returns null when the budget is spent and resumes where it stopped', () => {
    let now = 0;
    const clock = () => (now += 1); // every reading advances the clock by 1 ms
    const trainer = new Trainer(makeNet(), makeData(8, 11), hp({ maxEpochs: 50, batchSize: 2 }), {
      clock,
    });
    expect(trainer.run(20)).toBeNull();
    const epochs = trainer.epoch;
    expect(epochs).toBeGreaterThan(0);
    expect(epochs).toBeLessThan(50);
    expect(trainer.run()).toBe('max-epochs');
    expect(trainer.epoch).toBe(50);
  });

  it('reports every epoch through onEpoch, with losses, largest change and elapsed time', () => {
    const reports: EpochProgress[] = [];
    let now = 1000;
    const data = makeData(8, 12);
    const validation = makeData(4, 13);
    const trainer = new Trainer(makeNet(), data, hp({ maxEpochs: 3 }), {
      validation,
      clock: () => (now += 5),
      onEpoch: (p) => reports.push(p),
    });
    expect(trainer.initial.epoch).toBe(0);
    expect(trainer.initial.trainLoss).toBe(cost(makeNet(), data.X, data.Y));
    trainer.run();
    expect(reports).toEqual(trainer.history);
    expect(reports.map((p) => p.epoch)).toEqual([1, 2, 3]);
    reports.forEach((p) => {
      expect(Number.isFinite(p.trainLoss)).toBe(true);
      expect(p.validationLoss).not.toBeNull();
      expect(p.maxChange).toBeGreaterThan(0);
    });
    expect(reports.at(-1)!.trainLoss).toBe(cost(trainer.network, data.X, data.Y));
    expect(reports.at(-1)!.validationLoss).toBe(cost(trainer.network, validation.X, validation.Y));
    expect(reports[1].elapsedMs).toBeGreaterThan(reports[0].elapsedMs);
  });

  it('runEpoch() finishes the current epoch and returns its report', () => {
    const trainer = new Trainer(makeNet(), makeData(9, 14), hp({ batchSize: 2, maxEpochs: 10 }));
    trainer.step();
    const report = trainer.runEpoch();
    expect(report.epoch).toBe(1);
    expect(trainer.runEpoch().epoch).toBe(2);
  });

  it('names bad data and bad hyperparameters', () => {
    const data = makeData(4, 15);
    expect(
      () => new Trainer(makeNet(), { X: matrixFromRows([[1, 2, 3]]), Y: data.Y }, hp()),
    ).toThrow('training data: X has 3 columns but the network has 2 inputs');
    expect(() => new Trainer(makeNet(), { X: data.X, Y: matrixFromRows([[1]]) }, hp())).toThrow(
      'training data: Y must be 4×1 (one row per sample, one column per output), got 1×1',
    );
    const holes = makeData(4, 15);
    holes.X.data[5] = NaN;
    expect(() => new Trainer(makeNet(), holes, hp())).toThrow(
      'training data: X row 2, column 1 is NaN, not a finite number',
    );
    expect(
      () =>
        new Trainer(makeNet(), data, hp(), {
          validation: { X: data.X, Y: { ...data.Y, data: Float64Array.of(0, 1, Infinity, 0) } },
        }),
    ).toThrow('validation data: Y row 2, column 0 is Infinity, not a finite number');
    expect(() => new Trainer(makeNet(), data, hp({ learningRate: -1 }))).toThrow(
      'Invalid hyperparameters: learningRate must be a number > 0 and ≤ 100, got -1',
    );
  });

  it.each([
    ['momentum', 'float64', 0.3],
    ['adam', 'float64', 0.02],
    ['adam', 'float32', 0.02],
  ] as const)(
    '%s (%s): K epochs, the state handed to a new Trainer, then N − K: the parameters of N epochs',
    (optimizer, dtype, learningRate) => {
      const [N, K] = [12, 5];
      const data = makeData(10, 17);
      // Batches in file order: a new Trainer starts its shuffling over (not part of this state).
      const settings = hp({ optimizer, dtype, learningRate, batchSize: 3, shuffle: false });
      const options = { kernels: plainKernels };
      const whole = new Trainer(makeNet(), data, settings, options);
      for (let e = 0; e < N; e++) whole.runEpoch();

      // K epochs, then a new Trainer on their parameters for N − K more.
      const resumed = (handOn: boolean) => {
        const first = new Trainer(makeNet(), data, settings, options);
        for (let e = 0; e < K; e++) first.runEpoch();
        const second = new Trainer(first.network, data, settings, {
          ...options,
          optimizerState: handOn ? first.optimizerState : undefined,
        });
        for (let e = K; e < N; e++) second.runEpoch();
        return { first, second };
      };
      const { first, second } = resumed(true);
      expect(first.optimizerState.steps).toBe(K * 4);
      expect(second.optimizerState.steps).toBe(N * 4);
      expect(networkToArrays(second.network)).toEqual(networkToArrays(whole.network));
      expect(second.optimizerState).toEqual(whole.optimizerState);
      // Without the state the optimizer starts over, and the run goes elsewhere.
      expect(networkToArrays(resumed(false).second.network)).not.toEqual(
        networkToArrays(whole.network),
      );
    },
  );

  it.each(['sgd', 'momentum'] as const)(
    "%s, shuffled: a Trainer given another's position mid-epoch goes on as one run would",
    (optimizer) => {
      const data = makeData(10, 19);
      const settings = hp({ optimizer, learningRate: 0.3, batchSize: 3, shuffle: true, seed: 4 });
      const options = { kernels: plainKernels };
      // 4 batches an epoch: 11 steps are two epochs and three batches of the third.
      const whole = new Trainer(makeNet(), data, settings, options);
      for (let i = 0; i < 11; i++) whole.step();
      const first = new Trainer(makeNet(), data, settings, options);
      for (let i = 0; i < 6; i++) first.step();
      expect(first.position.row).toBe(6);
      const second = new Trainer(first.network, data, settings, {
        ...options,
        optimizerState: first.optimizerState,
        position: first.position,
      });
      for (let i = 0; i < 5; i++) second.step();
      expect(networkToArrays(second.network)).toEqual(networkToArrays(whole.network));
      // The epoch that was cut in two reports the largest change of all its batches, under its
      // number in the whole run.
      expect(second.history[0]).toMatchObject({ epoch: 2, maxChange: whole.history[1].maxChange });
      expect(second.position).toEqual(whole.position);
      // Without the position, the resumed run draws other orders and goes elsewhere.
      const fresh = new Trainer(first.network, data, settings, {
        ...options,
        optimizerState: first.optimizerState,
      });
      for (let i = 0; i < 5; i++) fresh.step();
      expect(networkToArrays(fresh.network)).not.toEqual(networkToArrays(whole.network));
    },
  );

  it("a resumed run keeps early stopping's best epoch, loss and parameters (bestSoFar)", () => {
    const data = makeData(20, 8);
    // Validation targets flipped: the better the network learns, the worse its validation loss.
    const validation = { X: data.X, Y: { ...data.Y, data: data.Y.data.map((y) => 1 - y) } };
    const settings = hp({ patience: 3, maxEpochs: 1000, learningRate: 1, batchSize: 6 });
    const whole = new Trainer(makeNet(), data, settings, { validation });
    expect(whole.run()).toBe('early-stopping');
    // Paused an epoch and a batch past the best one, before patience runs out.
    const first = new Trainer(makeNet(), data, settings, { validation });
    while (first.epoch < whole.bestEpoch + 1) first.step();
    first.step();
    const resumed = (best: BestSoFar | undefined) => {
      const trainer = new Trainer(first.network, data, settings, {
        validation,
        optimizerState: first.optimizerState,
        position: first.position,
        best,
      });
      trainer.run();
      return trainer;
    };
    const second = resumed(first.bestSoFar ?? undefined);
    expect(second.stopReason).toBe('early-stopping');
    expect(second.epoch).toBe(whole.epoch);
    expect(second.bestEpoch).toBe(whole.bestEpoch);
    expect(second.bestSoFar).toEqual(whole.bestSoFar);
    expect(networkToArrays(second.network)).toEqual(networkToArrays(whole.network));
    // Without it, patience starts again at the resumed epoch, whose parameters it then restores.
    const forgetful = resumed(undefined);
    expect(forgetful.epoch).toBe(first.epoch + 3);
    expect(forgetful.epoch).toBeGreaterThan(whole.epoch);
  });

  it('names a best it cannot take over, and has none without validation data', () => {
    const data = makeData(10, 19);
    const net = makeNet();
    const { W, theta } = net;
    const at = (best: BestSoFar) => () =>
      new Trainer(makeNet(), data, hp(), { validation: data, best });
    expect(at({ epoch: 1, loss: 0.5, W, theta })).toThrow(
      'best: epoch 1 is not a whole number from 0 to 0',
    );
    expect(at({ epoch: 0, loss: NaN, W, theta })).toThrow('best: loss NaN is not a finite number');
    expect(at({ epoch: 0, loss: 0.5, W: [W[0]], theta })).toThrow(
      'best: W has 1 layers, the network 2',
    );
    expect(at({ epoch: 0, loss: 0.5, W, theta: [theta[0], new Float64Array(3)] })).toThrow(
      'best: theta[1] has 3 values, the network 1',
    );
    expect(new Trainer(makeNet(), data, hp()).bestSoFar).toBeNull();
  });

  it('names a position it cannot go on from', () => {
    const data = makeData(10, 19);
    const at = (position: EpochPosition) => () =>
      new Trainer(makeNet(), data, hp({ batchSize: 3 }), { position });
    expect(at({ row: 10, random: [1, 2, 3, 4], maxChange: 0 })).toThrow(
      'position: row 10 is not a row of the 10 training rows',
    );
    expect(at({ row: 3, random: [1, 2, 3, 4], maxChange: NaN })).toThrow(
      'position: maxChange NaN is not a finite number ≥ 0',
    );
    expect(at({ epoch: 1.5, row: 3, random: [1, 2, 3, 4], maxChange: 0 })).toThrow(
      'position: epoch 1.5 is not a whole number ≥ 0',
    );
    expect(at({ row: 3, random: [0, 0, 0, 0], maxChange: 0 })).toThrow(
      'position: Random: a state is four 32-bit unsigned integers',
    );
  });

  it('names an optimizer state that does not fit its network or optimizer', () => {
    const data = makeData(4, 18);
    const adam = new Trainer(makeNet(), data, hp({ optimizer: 'adam' })).optimizerState;
    expect(
      () => new Trainer(makeNet(), data, hp({ optimizer: 'momentum' }), { optimizerState: adam }),
    ).toThrow('optimizer state (momentum): it is the state of adam, not of momentum');
    const wide: NetworkSpec = { ...spec, topology: [2, 5, 1] };
    expect(
      () =>
        new Trainer(makeNet(1, wide), data, hp({ optimizer: 'adam' }), { optimizerState: adam }),
    ).toThrow(
      'optimizer state (adam): m[0] has 8 values, expected 10 (the length of parameter array 0)',
    );
  });

  it('learns: the loss falls on a separable problem', () => {
    const data = makeData(40, 16);
    const trainer = new Trainer(makeNet(), data, hp({ maxEpochs: 300, learningRate: 2 }));
    trainer.run();
    expect(trainer.history.at(-1)!.trainLoss).toBeLessThan(trainer.initial.trainLoss / 3);
  });
});

describe('Trainer with kernels that take the gradient-descent step inside backprop', () => {
  const data = makeData(10, 21);
  const settings = hp({ batchSize: 3, shuffle: false, l2: 0.01, learningRate: 0.5, maxEpochs: 6 });

  it('trains plain SGD as the unfused step does: same losses, changes, steps and parameters', () => {
    const wasm = createWasmKernels();
    let fusedCalls = 0;
    const counting: Kernels = {
      ...wasm,
      gemmTransAChange: (...args) => (fusedCalls++, wasm.gemmTransAChange(...args)),
    };
    const fused = new Trainer(makeNet(), data, settings, { kernels: counting });
    const unfused = new Trainer(makeNet(), data, settings, {
      kernels: { ...wasm, gemmTransAChange: undefined },
    });
    fused.run();
    unfused.run();
    // Two weight matrices, four batches an epoch, six epochs.
    expect(fusedCalls).toBe(2 * 4 * 6);
    expect(fused.optimizerState.steps).toBe(unfused.optimizerState.steps);
    fused.history.forEach((p, e) => {
      expect(p.trainLoss).toBeCloseTo(unfused.history[e].trainLoss, 12);
      expect(p.maxChange).toBeCloseTo(unfused.history[e].maxChange, 12);
    });
    const [a, b] = [fused, unfused].map((t) => parameterArrays(t.network).flatMap((p) => [...p]));
    a.forEach((x, i) => expect(x).toBeCloseTo(b[i], 12));
  });

  it('keeps no gradient of every weight when the step is fused, and one for other optimizers', () => {
    const net = makeNet();
    const wasm = createWasmKernels();
    const params = parameterArrays(net);
    const sgd = createOptimizer(params, settings, 'float64', wasm);
    const momentum = createOptimizer(params, { ...settings, optimizer: 'momentum' });
    expect(createWorkspace(net, 3, wasm, sgd).grads.dW).toEqual([]);
    expect(createWorkspace(net, 3, plainKernels, sgd).grads.dW.map((g) => g.length)).toEqual([
      8, 4,
    ]);
    expect(createWorkspace(net, 3, wasm, momentum).grads.dW.map((g) => g.length)).toEqual([8, 4]);
  });

  it('leaves momentum and Adam to their optimizer', () => {
    const kernels: Kernels = {
      ...createWasmKernels(),
      gemmTransAChange: () => {
        throw new Error('not for this optimizer');
      },
    };
    for (const optimizer of ['momentum', 'adam'] as const) {
      const trainer = new Trainer(makeNet(), data, { ...settings, optimizer }, { kernels });
      expect(trainer.run()).toBe('max-epochs');
    }
  });
});

describe('Trainer with batches larger than it trains at once (chunks)', () => {
  const wide: NetworkSpec = {
    topology: [2, 6, 5, 1],
    activations: ['tanh', 'relu', 'sigmoid'],
    loss: 'mse',
  };
  const data = makeData(300, 31);

  /** Parameters, losses and changes of a run, with `chunkRows` or without chunks. */
  function run(settings: Hyperparameters, kernels: Kernels, chunkRows?: number) {
    const trainer = new Trainer(makeNet(4, wide), data, settings, { kernels, chunkRows });
    const reason = trainer.run();
    return {
      reason,
      detail: trainer.stopDetail,
      steps: trainer.optimizerState.steps,
      history: trainer.history,
      parameters: parameterArrays(trainer.network).flatMap((p) => [...p]),
    };
  }

  /** Equal but for rounding: within 1e-12 of the larger magnitude (and of 1). */
  const close = (x: number, y: number) =>
    expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(x), Math.abs(y)));

  function expectSameRun(a: ReturnType<typeof run>, b: ReturnType<typeof run>) {
    expect(a.reason).toBe(b.reason);
    expect(a.steps).toBe(b.steps);
    expect(a.history).toHaveLength(b.history.length);
    a.history.forEach((p, e) => {
      close(p.trainLoss, b.history[e].trainLoss);
      close(p.maxChange, b.history[e].maxChange);
    });
    expect(a.parameters).toHaveLength(b.parameters.length);
    a.parameters.forEach((x, i) => close(x, b.parameters[i]));
  }

  it('trains as one pass would, the gradient summed over the chunks (full batch and minibatches, every optimizer, L2, both kernels)', () => {
    const cases: [Partial<Hyperparameters>, number][] = [
      [{ batchSize: 0, learningRate: 0.5 }, 64], // the full batch of 300 in 5 chunks, the last of 44
      [{ batchSize: 0, learningRate: 0.5, l2: 0.01 }, 1],
      [{ batchSize: 128, shuffle: true, learningRate: 0.2 }, 50], // 128, 128, 44: chunks of 50
      [{ batchSize: 0, optimizer: 'momentum', momentum: 0.9, learningRate: 0.1 }, 100],
      [{ batchSize: 0, optimizer: 'adam', learningRate: 0.01, l2: 0.001 }, 77],
    ];
    for (const kernels of [plainKernels, createWasmKernels()]) {
      for (const [change, chunkRows] of cases) {
        const settings = hp({ maxEpochs: 8, ...change });
        const whole = run(settings, kernels);
        const chunked = run(settings, kernels, chunkRows);
        expectSameRun(chunked, whole);
        // The run learned something: the comparison is not of two untouched networks.
        expect(chunked.history.at(-1)!.trainLoss).toBeLessThan(chunked.history[0].trainLoss);
      }
    }
  });

  it('stops a diverging run as one pass would, with the same parameters kept', () => {
    const settings = hp({ batchSize: 0, learningRate: 50, maxEpochs: 50 });
    const unbounded: NetworkSpec = { ...wide, activations: ['tanh', 'relu', 'identity'] };
    const diverging = (chunkRows?: number) => {
      const trainer = new Trainer(makeNet(4, unbounded), data, settings, { chunkRows });
      return {
        reason: trainer.run(),
        detail: trainer.stopDetail,
        steps: trainer.optimizerState.steps,
        history: trainer.history,
        parameters: parameterArrays(trainer.network).flatMap((p) => [...p]),
      };
    };
    const whole = diverging();
    const chunked = diverging(64);
    expect(whole.reason).toBe('diverged');
    expect(chunked.detail).toBe(whole.detail);
    expectSameRun(chunked, whole);
  });

  it('leaves a batch between chunks while the caller is over its time, changing nothing until its last chunk', () => {
    const settings = hp({ batchSize: 0, learningRate: 0.5, maxEpochs: 3 });
    const whole = new Trainer(makeNet(4, wide), data, settings);
    whole.step();
    const trainer = new Trainer(makeNet(4, wide), data, settings, { chunkRows: 64 });
    const before = parameterArrays(trainer.network).map((p) => [...p]);
    // 300 rows in chunks of 64: the first four calls each train one chunk and return.
    for (let call = 1; call <= 4; call++) {
      expect(trainer.step(() => true)).toBe(false);
      expect(parameterArrays(trainer.network).map((p) => [...p])).toEqual(before);
      expect(trainer.position.row).toBe(0);
      expect(trainer.samplesSeen).toBe(0);
      expect(trainer.optimizerState.steps).toBe(0);
    }
    // The fifth trains the last chunk and takes the step: epoch 1, as one pass would.
    expect(trainer.step(() => true)).toBe(true);
    expect(trainer.epoch).toBe(1);
    expect(trainer.history[0].trainLoss).toBeCloseTo(whole.history[0].trainLoss, 12);
    const [a, b] = [trainer, whole].map((t) => parameterArrays(t.network).flatMap((p) => [...p]));
    a.forEach((x, i) => expect(x).toBeCloseTo(b[i], 12));
  });

  it('cancelled between chunks, keeps the parameters the batch started from', () => {
    const settings = hp({ batchSize: 0, learningRate: 0.5, maxEpochs: 3 });
    const trainer = new Trainer(makeNet(4, wide), data, settings, { chunkRows: 64 });
    trainer.step();
    const after1 = parameterArrays(trainer.network).map((p) => [...p]);
    expect(trainer.step(() => true)).toBe(false);
    trainer.cancel();
    expect(trainer.stopDetail).toBe('Cancelled after 1 epoch.');
    expect(parameterArrays(trainer.network).map((p) => [...p])).toEqual(after1);
  });

  it('run(budget) ends a slice between chunks once the budget is spent, and the next goes on', () => {
    // The full batch in five chunks; shuffled batches of 128 in chunks of 50, the order of an
    // epoch drawn once though its first batch spans slices.
    for (const [change, chunkRows] of [
      [{ batchSize: 0 }, 64],
      [{ batchSize: 128, shuffle: true }, 50],
    ] as const) {
      let now = 0;
      // Every reading of the clock is a millisecond later.
      const clock = () => now++;
      const settings = hp({ learningRate: 0.5, maxEpochs: 2, ...change });
      const trainer = new Trainer(makeNet(4, wide), data, settings, { chunkRows, clock });
      let slices = 0;
      while (trainer.run(3) === null) slices++;
      expect(trainer.stopReason).toBe('max-epochs');
      expect(trainer.epoch).toBe(2);
      // Two epochs of chunks could not fit in one slice of 3 ms.
      expect(slices).toBeGreaterThan(2);
      const whole = new Trainer(makeNet(4, wide), data, settings);
      whole.run();
      const [a, b] = [trainer, whole].map((t) => parameterArrays(t.network).flatMap((p) => [...p]));
      a.forEach((x, i) => expect(x).toBeCloseTo(b[i], 12));
    }
  });

  it('names a chunk size that is not a whole number of rows', () => {
    for (const chunkRows of [0, 2.5, NaN]) {
      expect(() => new Trainer(makeNet(), data, hp(), { chunkRows })).toThrow(/chunkRows/);
    }
  });

  it('holds a chunk of at most 64 MB of activations and deltas, and at least 1,024 rows', () => {
    // Issue 5's W3 (256-1024-1024-10) in float64: 6,440 values a row, 50 KB.
    const w3 = batchChunkRows({ topology: [256, 1024, 1024, 10], dtype: 'float64' });
    expect(w3 * (256 + 10 + 3 * (1024 + 1024 + 10)) * 8).toBeLessThanOrEqual(BATCH_CHUNK_BYTES);
    expect(w3).toBeGreaterThan(1024);
    expect(batchChunkRows({ topology: [256, 1024, 1024, 10], dtype: 'float32' })).toBe(
      Math.floor(BATCH_CHUNK_BYTES / (6440 * 4)),
    );
    // Iris' 4-16-3: a full batch of 100,000 rows trains at once.
    expect(batchChunkRows({ topology: [4, 16, 3], dtype: 'float64' })).toBeGreaterThan(100_000);
    // Wider than the budget a row: still COST_CHUNK_ROWS rows.
    expect(batchChunkRows({ topology: [4096, 4096, 4096, 4096], dtype: 'float64' })).toBe(1024);
  });
});
