// A hand-made inspection of a 3-5-1 network sent with maxShown 2: W⁽²⁾ (3 × 5) arrives as its
// first 2 × 2, W⁽³⁾ (5 × 1) as its first 2 × 1; vectors whole. Numbers are easy, not a real pass.
import type { Inspection } from '../../../app/shared/api';

export function wideInspection(shift = 0): Inspection {
  return {
    row: 0,
    trainingRows: 4,
    loss: 'mse',
    x: [1, 2, 3],
    y: [1],
    z: [[], [0.1, 0.2, 0.3, 0.4, 0.5], [0.6]],
    a: [[1, 2, 3], [0.1, 0.2, 0.3, 0.4, 0.5], [0.6]],
    gPrime: [[], [1, 1, 1, 1, 1], [0.24]],
    delta: [[], [0.01, 0.02, 0.03, 0.04, 0.05], [-0.1]],
    dW: [
      [
        [0.01, 0.02],
        [0.02, 0.04],
      ],
      [[-0.01], [-0.02]],
    ],
    dTheta: [[0.01, 0.02, 0.03, 0.04, 0.05], [-0.1]],
    cost: 0.08,
    batchMean: {
      rows: 4,
      dW: [
        [
          [1, 2],
          [3, 4],
        ],
        [[5], [6]],
      ],
      dTheta: [[7, 8, 9, 10, 11], [12]],
      maxAbs: { dW: [30, 60], update: [15, 31] },
    },
    network: {
      topology: [3, 5, 1],
      activations: ['relu', 'sigmoid'],
      weights: [
        [
          [0.1 + shift, 0.2],
          [0.3, 0.4],
        ],
        [[0.5], [0.6]],
      ],
      biases: [[0, 0, 0, 0, 0], [0]],
    },
    learningRate: 0.5,
    maxShown: 2,
    // Of the whole matrices, larger than anything in the blocks.
    maxAbs: { W: [7, 9], dW: [0.15, 0.1], update: [7.05, 9.02] },
  };
}
