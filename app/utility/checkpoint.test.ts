import { describe, expect, it } from 'vitest';
import { createNetwork } from '../../core/network';
import { Random } from '../../core/random';
import type { NetworkSpec } from '../../core/types';
import { checkpointNetwork, checkpointOf, checkpointRun } from './checkpoint';
import type { RunRecord } from './run';

const spec: NetworkSpec = {
  topology: [2, 3, 1],
  activations: ['tanh', 'sigmoid'],
  loss: 'mse',
};
const network = (seed: number) =>
  createNetwork(spec, { dtype: 'float64', initScheme: 'uniform', random: new Random(seed) });

const history = [0, 1, 2].map((epoch) => ({
  epoch,
  trainLoss: 1 / (epoch + 1),
  validationLoss: epoch === 0 ? null : 0.5,
  maxChange: 0.25,
  elapsedMs: epoch * 3,
}));

function checkpoint(run: RunRecord) {
  const dataset = { kind: 'path' as const, path: '/a/data.csv' };
  return checkpointOf({ dataset, config: null, prepared: null, network: network(1), run });
}

describe('checkpoint', () => {
  it('gives back the run it was made of: losses, where it stopped, what it goes on with', () => {
    const stopped: RunRecord = {
      history,
      stopped: {
        reason: 'cancelled',
        detail: 'Stopped after 2 epochs and 3 of 8 batches.',
        partial: { batches: 3, of: 8 },
        restoredEpoch: null,
      },
      resume: null,
    };
    // The stop detail is not kept in a checkpoint; a stopped run goes on with nothing.
    expect(checkpointRun(checkpoint(stopped))).toEqual({
      history,
      stopped: { ...stopped.stopped, detail: '' },
      resume: { optimizer: null, position: null, best: null },
    });
    const paused: RunRecord = {
      history,
      stopped: null,
      resume: {
        optimizer: { optimizer: 'momentum', steps: 4, arrays: { v: [Float64Array.of(1, 2)] } },
        position: { epoch: 2, row: 5, random: [1, 2, 3, 4], maxChange: 0.125 },
        best: { epoch: 1, loss: 0.5, W: [Float64Array.of(3)], theta: [Float64Array.of(4)] },
      },
    };
    expect(checkpointRun(checkpoint(paused))).toEqual(paused);
  });

  it("puts a checkpoint's parameters into the configured network, naming an array that does not fit", () => {
    const { parameters } = checkpoint({ history, stopped: null, resume: null });
    const restored = checkpointNetwork(network(2), parameters!, 'float64');
    expect(restored.W).toEqual(network(1).W);
    expect(restored.theta).toEqual(network(1).theta);
    const wide = createNetwork(
      { ...spec, topology: [2, 4, 1] },
      { dtype: 'float64', initScheme: 'uniform', random: new Random(1) },
    );
    expect(() => checkpointNetwork(wide, parameters!, 'float64')).toThrow(
      'parameters: W[0] has 6 values, the network 8',
    );
  });
});
