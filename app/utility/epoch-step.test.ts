import { describe, expect, it } from 'vitest';
import { DEFAULT_HYPERPARAMETERS } from '../../core/hyperparameters';
import { createMatrix } from '../../core/matrix';
import { createNetwork } from '../../core/network';
import { Random } from '../../core/random';
import { Trainer } from '../../core/train';
import type { Hyperparameters } from '../../core/types';
import { EpochStep } from './epoch-step';

/** 10 rows of y = [x₀ + x₁ > 0] in batches of 2, and a step's clock: 1 ms more at each reading. */
function setup(change: Partial<Hyperparameters> = {}) {
  const random = new Random(3);
  const X = createMatrix(10, 2);
  const Y = createMatrix(10, 1);
  for (let r = 0; r < 10; r++) {
    X.data[2 * r] = random.uniform(-1, 1);
    X.data[2 * r + 1] = random.uniform(-1, 1);
    Y.data[r] = X.data[2 * r] + X.data[2 * r + 1] > 0 ? 1 : 0;
  }
  const net = createNetwork(
    { topology: [2, 3, 1], activations: ['tanh', 'sigmoid'], loss: 'mse' },
    { dtype: 'float64', initScheme: 'uniform', random: new Random(1) },
  );
  let t = 0;
  const clock = () => t++;
  const hp = { ...DEFAULT_HYPERPARAMETERS, threshold: 0, batchSize: 2, ...change };
  return { trainer: new Trainer(net, { X, Y }, hp, { clock: () => 0 }), clock };
}

describe('EpochStep', () => {
  it('trains the epoch in slices of the budget, never past its end', () => {
    const { trainer, clock } = setup();
    const step = new EpochStep(clock);
    // 5 batches of 2 rows; each batch reads the step's clock once (1 ms) against a 2 ms budget.
    expect(step.slice(trainer, 2)).toBe(false);
    expect(trainer.epoch).toBe(0);
    expect(trainer.partialEpoch).toEqual({ batches: 2, of: 5 });
    expect(step.slice(trainer, 2)).toBe(false);
    expect(trainer.partialEpoch).toEqual({ batches: 4, of: 5 });
    expect(step.slice(trainer, 2)).toBe(true);
    expect(trainer.epoch).toBe(1);
    expect(trainer.partialEpoch).toBeNull();
  });

  it('goes on from the middle of an epoch to its end only', () => {
    const { trainer, clock } = setup();
    trainer.step();
    trainer.step();
    expect(new EpochStep(clock).slice(trainer, 1000)).toBe(true);
    expect(trainer.epoch).toBe(1);
    expect(trainer.partialEpoch).toBeNull();
  });

  it('is over when a stop criterion fires, or at once on a stopped Trainer', () => {
    const { trainer, clock } = setup({ maxEpochs: 1 });
    expect(new EpochStep(clock).slice(trainer, 1000)).toBe(true);
    expect(trainer.stopReason).toBe('max-epochs');
    const stopped = setup();
    stopped.trainer.cancel();
    expect(new EpochStep(stopped.clock).slice(stopped.trainer, 1000)).toBe(true);
    expect(stopped.trainer.samplesSeen).toBe(0);
  });

  it('replies once, when it ends: resolved, or rejected with the failure', async () => {
    const { clock } = setup();
    const step = new EpochStep(clock);
    expect(step.over).toBe(false);
    step.end();
    step.end(new Error('too late'));
    expect(step.over).toBe(true);
    await expect(step.done).resolves.toBeUndefined();

    const failing = new EpochStep(clock);
    failing.end(new Error('Training failed: no memory'));
    failing.end();
    await expect(failing.done).rejects.toThrow('Training failed: no memory');
  });
});
