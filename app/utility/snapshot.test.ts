import { describe, expect, it } from 'vitest';
import { createNetwork, networkToArrays } from '../../core/network';
import { Random } from '../../core/random';
import { sampleUnits } from '../shared/sample-units';
import { snapshot } from './snapshot';

const net = (topology: number[]) =>
  createNetwork(
    { topology, activations: topology.slice(1).map(() => 'sigmoid' as const), loss: 'mse' },
    { dtype: 'float64', initScheme: 'uniform', random: new Random(7) },
  );

describe('snapshot', () => {
  it('sends every weight of a network no layer of which is wider than maxUnits', () => {
    const small = net([4, 8, 3]);
    const s = snapshot(small, undefined, 12);
    expect(s).toEqual({
      topology: [4, 8, 3],
      activations: ['sigmoid', 'sigmoid'],
      ...networkToArrays(small),
    });
    expect(snapshot(net([4, 100, 3]))).not.toHaveProperty('units');
  });

  it('sends a wider layer as the units the drawing shows, with the weights between them', () => {
    const wide = net([3, 100, 40, 2]);
    const all = networkToArrays(wide);
    const s = snapshot(wide, undefined, 12);
    expect(s.topology).toEqual([3, 100, 40, 2]);
    expect(s.units).toEqual([[0, 1, 2], sampleUnits(100, 12), sampleUnits(40, 12), [0, 1]]);
    expect(s.weights.map((W) => [W.length, W[0].length])).toEqual([
      [3, 12],
      [12, 12],
      [12, 2],
    ]);
    for (let l = 0; l < 3; l++) {
      s.units![l].forEach((i, r) =>
        s.units![l + 1].forEach((j, c) => expect(s.weights[l][r][c]).toBe(all.weights[l][i][j])),
      );
      expect(s.biases[l]).toEqual(s.units![l + 1].map((j) => all.biases[l][j]));
    }
  });
});
