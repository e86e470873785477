// The built-in examples: each is a dataset (as CSV text, so it goes through the same reader as a
// user's file), the settings a person would start from, and, for the seed's worked example, fixed
// initial parameters. Generated data is seeded, so an example is the same every time.
import { DEFAULT_HYPERPARAMETERS } from '../../core/hyperparameters';
import { Random } from '../../core/random';
import type { ExampleId, SessionConfig } from '../shared/api';
import irisCsv from '../../examples/iris.csv?raw';

export interface Example {
  id: ExampleId;
  /** File name shown in the data panel. */
  name: string;
  csv: () => string;
  config: SessionConfig;
  /** weights[l][i][j] and biases[l][j] in the model-file convention, or null for seeded init. */
  initial: { weights: number[][][]; biases: number[][] } | null;
}

const hp = DEFAULT_HYPERPARAMETERS;

/** The seed's 3-3-2 sigmoid network on its one sample (core/fixtures/golden/seed-3-3-2…). */
const SEED_SAMPLE = {
  x: [-0.8778934505607527, -0.5508909868646992, -0.5314949721103213],
  y: [0.17709922744775553, 0.5560680561489946],
  weights: [
    [
      [-0.45097539245165746, -0.045133907609597894, 0.2405995043341208],
      [0.092117686147402, -0.0038482568395605396, 0.011980217004370627],
      [-0.19683297680234874, 0.25196274763277193, -0.13335509104797288],
    ],
    [
      [-0.350143791171089, 0.014372936518041621],
      [0.24460961398347955, 0.49060023075998],
      [0.5770032799894171, 0.4534858661052575],
    ],
  ],
  biases: [
    [-0.47366185825232043, -0.44172385709975664, 0.1619345762126886],
    [0.4349984656577557, 0.3983388835113436],
  ],
};

/**
 * Two interleaved spirals (classes A and B), `perArm` points each:
 * r = t, angle = t·turns·2π + arm·π, plus Gaussian noise of `noise`; t uniform in (0, 1].
 */
export function spiralsCsv(perArm = 150, seed = 7, noise = 0.04, turns = 1.25): string {
  const random = new Random(seed);
  const lines = ['x,y,arm'];
  for (let i = 0; i < perArm; i++) {
    for (const [arm, label] of [
      [0, 'A'],
      [1, 'B'],
    ] as const) {
      const t = (i + 1) / perArm;
      const angle = t * turns * 2 * Math.PI + arm * Math.PI;
      const x = t * Math.cos(angle) + noise * random.normal();
      const y = t * Math.sin(angle) + noise * random.normal();
      lines.push(`${x.toFixed(5)},${y.toFixed(5)},${label}`);
    }
  }
  return lines.join('\n') + '\n';
}

export const EXAMPLES: Record<ExampleId, Example> = {
  'seed-3-3-2': {
    id: 'seed-3-3-2',
    name: 'seed-3-3-2.csv',
    csv: () => `x1,x2,x3,y1,y2\n${[...SEED_SAMPLE.x, ...SEED_SAMPLE.y].map(String).join(',')}\n`,
    config: {
      roles: ['input', 'input', 'input', 'target', 'target'],
      normalization: 'none',
      validationFraction: 0,
      testFraction: 0,
      hiddenLayers: [{ units: 3, activation: 'sigmoid' }],
      outputActivation: 'sigmoid',
      loss: 'mse',
      hyperparameters: { ...hp, learningRate: 0.5, batchSize: 0, maxEpochs: 200, threshold: 0 },
    },
    initial: { weights: SEED_SAMPLE.weights, biases: SEED_SAMPLE.biases },
  },
  xor: {
    id: 'xor',
    name: 'xor.csv',
    csv: () => 'x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n',
    config: {
      roles: ['input', 'input', 'target'],
      normalization: 'none',
      validationFraction: 0,
      testFraction: 0,
      hiddenLayers: [{ units: 2, activation: 'tanh' }],
      outputActivation: 'sigmoid',
      loss: 'mse',
      hyperparameters: {
        ...hp,
        learningRate: 1,
        batchSize: 0,
        maxEpochs: 3000,
        targetLoss: 0.002,
        seed: 3,
      },
    },
    // 2-2-1 as in the textbooks; fixed weights that learn XOR in about a thousand epochs
    // (a two-unit hidden layer can stall in a local minimum from some random starts).
    initial: {
      weights: [
        [
          [0.5, -0.4],
          [-0.3, 0.6],
        ],
        [[0.7], [-0.5]],
      ],
      biases: [[0.1, -0.2], [0.05]],
    },
  },
  spirals: {
    id: 'spirals',
    name: 'spirals.csv',
    csv: () => spiralsCsv(),
    config: {
      roles: ['input', 'input', 'target'],
      normalization: 'zscore',
      validationFraction: 0.2,
      testFraction: 0,
      hiddenLayers: [
        { units: 16, activation: 'tanh' },
        { units: 16, activation: 'tanh' },
      ],
      outputActivation: 'softmax',
      loss: 'cross-entropy',
      hyperparameters: {
        ...hp,
        optimizer: 'adam',
        learningRate: 0.01,
        batchSize: 16,
        shuffle: true,
        maxEpochs: 600,
        threshold: 0,
      },
    },
    initial: null,
  },
  iris: {
    id: 'iris',
    name: 'iris.csv',
    csv: () => irisCsv,
    config: {
      roles: ['input', 'input', 'input', 'input', 'target'],
      normalization: 'zscore',
      validationFraction: 0.2,
      testFraction: 0.2,
      hiddenLayers: [{ units: 8, activation: 'tanh' }],
      outputActivation: 'softmax',
      loss: 'cross-entropy',
      hyperparameters: { ...hp, learningRate: 0.5, batchSize: 0, maxEpochs: 500 },
    },
    initial: null,
  },
};
