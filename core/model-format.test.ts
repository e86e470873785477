import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  biasesCsv,
  createModel,
  layerCsvFiles,
  modelJsonPieces,
  modelNetwork,
  parseModel,
  stringifyModel,
  validateModel,
  weightsCsv,
  type ModelFile,
} from './model-format';
import { predict } from './forward';
import { networkFromArrays } from './network';
import { Random } from './random';
import type { DataSchema } from './dataset';
import { DEFAULT_HYPERPARAMETERS } from './hyperparameters';
import type { DType } from './types';

const schema: DataSchema = {
  inputs: [
    { column: 'size', kind: 'numeric' },
    { column: 'colour', kind: 'one-hot', categories: ['red', 'blue'] },
  ],
  target: { kind: 'classes', column: 'species', labels: ['a', 'b'] },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the cases break a model's JSON in any way
type Loose = Record<string, any>;

function baseModel(dtype: DType = 'float64'): ModelFile {
  const network = networkFromArrays(
    { topology: [3, 2, 2], activations: ['sigmoid', 'softmax'], loss: 'cross-entropy' },
    [
      [
        [0.1, -0.2],
        [0.3, 0.4],
        [-0, 5e-324],
      ],
      [
        [1, 2],
        [3, 4],
      ],
    ],
    [
      [0.5, -0.5],
      [0, 1e-300],
    ],
    dtype,
  );
  return createModel({
    network,
    schema,
    normalization: { method: 'zscore', offset: [1.5, 0.5, 0.5], scale: [2, 0.5, 0.5] },
    hyperparameters: { ...DEFAULT_HYPERPARAMETERS, dtype },
    training: {
      validationFraction: 0,
      testFraction: 0.2,
      epochs: 10,
      stopReason: 'max-epochs',
      stopDetail: 'Reached the maximum of 10 epochs.',
      finalLoss: { train: 0.25, validation: null, test: Number.NaN },
    },
  });
}

function bits(values: ArrayLike<number>, dtype: DType): string {
  const a = dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
  return Buffer.from(a.buffer).toString('hex');
}

describe('model file round trip', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    it(`load → save → load keeps every parameter bit for bit (${dtype}, property)`, () => {
      const value =
        dtype === 'float64'
          ? fc.double({ noNaN: true, noDefaultInfinity: true })
          : fc.float({ noNaN: true, noDefaultInfinity: true }).map(Math.fround);
      fc.assert(
        fc.property(
          fc.array(value, { minLength: 3 * 4 + 4 + 4 * 2 + 2, maxLength: 3 * 4 + 4 + 4 * 2 + 2 }),
          (p) => {
            const network = networkFromArrays(
              { topology: [3, 4, 2], activations: ['tanh', 'softmax'], loss: 'mse' },
              [
                [p.slice(0, 4), p.slice(4, 8), p.slice(8, 12)],
                [p.slice(16, 18), p.slice(18, 20), p.slice(20, 22), p.slice(22, 24)],
              ],
              [p.slice(12, 16), p.slice(24, 26)],
              dtype,
            );
            const model = createModel({
              network,
              schema,
              normalization: { method: 'none', offset: [0, 0, 0], scale: [1, 1, 1] },
              hyperparameters: null,
              training: null,
            });
            const text = stringifyModel(model);
            const loaded = modelNetwork(parseModel(text, 'm.json'));
            expect(loaded.dtype).toBe(dtype);
            loaded.W.forEach((W, l) => expect(bits(W, dtype)).toBe(bits(network.W[l], dtype)));
            loaded.theta.forEach((t, l) =>
              expect(bits(t, dtype)).toBe(bits(network.theta[l], dtype)),
            );
            expect(stringifyModel(parseModel(text, 'm.json'))).toBe(text);
          },
        ),
      );
    });
  }

  it('keeps -0 and the smallest subnormal, and stores a non-finite loss as null', () => {
    const model = baseModel();
    const text = stringifyModel(model);
    expect(text).toContain('[-0, 5e-324]');
    const again = parseModel(text, 'm.json');
    expect(Object.is(again.weights[0][2][0], -0)).toBe(true);
    expect(again.training!.finalLoss).toEqual({ train: 0.25, validation: null, test: null });
    expect(again).toEqual(parseModel(stringifyModel(again), 'm.json'));
  });

  it('starts with the format and version and writes one weight row per line', () => {
    const text = stringifyModel(baseModel());
    expect(text.split('\n').slice(0, 3)).toEqual([
      '{',
      '  "format": "backprop-studio.model",',
      '  "version": 1,',
    ]);
    expect(text).toContain('\n      [0.1, -0.2],\n');
  });
});

describe('the model JSON in pieces (a model too large for one string)', () => {
  it('yields pieces of at most a weight row, which joined are the model file, parsed the same', () => {
    // 20 inputs → 300 → 300 → 2: 96,602 parameters, ~2 MB of JSON.
    const topology = [20, 300, 300, 2];
    const random = new Random(7);
    const weights = topology
      .slice(1)
      .map((n, l) =>
        Array.from({ length: topology[l] }, () => Array.from({ length: n }, () => random.normal())),
      );
    const biases = topology.slice(1).map((n) => Array.from({ length: n }, () => random.normal()));
    const columns = Array.from({ length: 20 }, (_, k) => `x${k}`);
    const model = createModel({
      network: networkFromArrays(
        { topology, activations: ['relu', 'tanh', 'softmax'], loss: 'cross-entropy' },
        weights,
        biases,
      ),
      schema: {
        inputs: columns.map((column) => ({ column, kind: 'numeric' as const })),
        target: { kind: 'classes', column: 'y', labels: ['no', 'yes'] },
      },
      normalization: { method: 'none', offset: Array(20).fill(0), scale: Array(20).fill(1) },
      hyperparameters: null,
      training: null,
    });
    const pieces = Array.from(modelJsonPieces(model));
    const total = pieces.reduce((n, p) => n + p.length, 0);
    const row = JSON.stringify(weights[1][0]).length * 1.2; // a row of W⁽³⁾, spaced
    expect(total).toBeGreaterThan(1.5e6);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(row);
    expect(pieces.join('')).toBe(stringifyModel(model));
    expect(parseModel(pieces.join(''), 'big.json')).toEqual(model);
  });
});

describe('per-layer CSV export', () => {
  it('labels W rows by input feature and columns by unit, θ by unit', () => {
    const model = baseModel();
    expect(weightsCsv(model, 2)).toBe(
      'from \\ to,1,2\nsize,0.1,-0.2\ncolour=red,0.3,0.4\ncolour=blue,-0,5e-324\n',
    );
    expect(biasesCsv(model, 3)).toBe('neuron,theta\na,0\nb,1e-300\n');
  });

  it('numbers W⁽ˡ⁾ and θ⁽ˡ⁾ as the app does: the input is layer 1, so the files are W2 … W_L', () => {
    const model = baseModel();
    expect(layerCsvFiles(model).map((f) => f.name)).toEqual([
      'W2.csv',
      'theta2.csv',
      'W3.csv',
      'theta3.csv',
    ]);
    expect(() => weightsCsv(model, 1)).toThrow('weightsCsv: layer 1 is not in 2..3');
    expect(() => biasesCsv(model, 4)).toThrow('biasesCsv: layer 4 is not in 2..3');
  });

  it('reproduces the prediction when z⁽ˡ⁾ = W⁽ˡ⁾ᵀa⁽ˡ⁻¹⁾ + θ⁽ˡ⁾ is applied by hand from a⁽¹⁾ = x', () => {
    const network = networkFromArrays(
      { topology: [2, 3, 2], activations: ['tanh', 'sigmoid'], loss: 'mse' },
      [
        [
          [0.5, -1.25, 2],
          [-0.75, 0.3, 0.1],
        ],
        [
          [1, -2],
          [0.25, 0.5],
          [-1.5, 0.75],
        ],
      ],
      [
        [0.1, -0.2, 0.3],
        [0.05, -0.4],
      ],
      'float64',
    );
    const model = createModel({
      network,
      schema: {
        inputs: [
          { column: 'u', kind: 'numeric' },
          { column: 'v', kind: 'numeric' },
        ],
        target: { kind: 'numeric', columns: ['p', 'q'] },
      },
      normalization: { method: 'none', offset: [0, 0], scale: [1, 1] },
      hyperparameters: null,
      training: null,
    });
    const files = new Map(layerCsvFiles(model).map((f) => [f.name, f.text]));
    const cells = (name: string) =>
      files
        .get(name)!
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',').slice(1).map(Number));
    const g: Record<string, (z: number) => number> = {
      tanh: Math.tanh,
      sigmoid: (z) => 1 / (1 + Math.exp(-z)),
    };
    const x = [0.7, -1.1];
    let a = x; // a⁽¹⁾ = x
    for (let l = 2; l <= model.topology.length; l++) {
      const W = cells(`W${l}.csv`);
      const theta = cells(`theta${l}.csv`).map((r) => r[0]);
      // z_j⁽ˡ⁾ = Σ_i w_{i,j}⁽ˡ⁾ a_i⁽ˡ⁻¹⁾ + θ_j⁽ˡ⁾, a⁽ˡ⁾ = g(z⁽ˡ⁾)
      const prev = a;
      a = theta.map((t, j) =>
        g[model.activations[l - 2]](t + prev.reduce((s, ai, i) => s + W[i][j] * ai, 0)),
      );
    }
    const out = predict(modelNetwork(model), { rows: 1, cols: 2, data: Float64Array.from(x) });
    expect(a).toEqual(Array.from(out.data).map((v) => expect.closeTo(v, 15)));
  });
});

describe('bad model corpus: each file and its exact error', () => {
  const dir = join(import.meta.dirname, 'fixtures', 'bad-model');
  const expected: Record<string, string> = {
    'malformed-json.json':
      "malformed-json.json: not valid JSON (Expected ',' or ']' after array element in JSON at line 4, column 20)",
    'not-a-model.json':
      'not-a-model.json: format: expected "backprop-studio.model", got nothing: this is not a Backprop Studio model file',
    'array.json': 'array.json: expected a JSON object (a Backprop Studio model), got an array of 2',
    'future-version.json':
      'future-version.json: version: this file is version 2; this program reads version 1',
  };
  it('covers every fixture', () => {
    expect(readdirSync(dir).sort()).toEqual(Object.keys(expected).sort());
  });
  for (const [file, message] of Object.entries(expected)) {
    it(file, () =>
      expect(() => parseModel(readFileSync(join(dir, file), 'utf8'), file)).toThrow(message),
    );
  }

  // Each case breaks one thing in a valid model.
  const cases: [string, (m: Loose) => void, string][] = [
    [
      'a short weight row',
      (m) => m.weights[1][1].pop(),
      'weights[1][1]: expected 2 numbers, got 1',
    ],
    [
      'a missing weight row',
      (m) => m.weights[0].pop(),
      'weights[0]: expected 3 rows (topology[0]), got 2',
    ],
    [
      'a string weight',
      (m) => (m.weights[0][2][1] = '0.5'),
      'weights[0][2][1]: expected number, got "0.5"',
    ],
    [
      'a missing bias',
      (m) => m.biases[0].pop(),
      'biases[0]: expected 2 numbers (topology[1]), got 1',
    ],
    [
      'an extra layer of weights',
      (m) => m.weights.push([[1]]),
      'weights: expected 2 matrices (one per layer after the input), got 3',
    ],
    [
      'too few activations',
      (m) => m.activations.pop(),
      'activations: expected 2 (one per layer after the input), got 1',
    ],
    [
      'an unknown activation',
      (m) => (m.activations[0] = 'swish'),
      'activations[0]: expected "sigmoid" or "tanh" or "relu" or "leaky-relu" or "identity" or "softmax", got "swish"',
    ],
    [
      'softmax in a hidden layer',
      (m) => (m.activations[0] = 'softmax'),
      'm.json: activations: softmax is for the output layer only, not layer 2',
    ],
    [
      'a fractional unit count',
      (m) => (m.topology[1] = 2.5),
      'topology[1]: expected a whole number, got 2.5',
    ],
    ['a missing loss', (m) => delete m.loss, 'loss: missing'],
    ['an unknown field', (m) => (m.color = 'red'), 'm.json: unknown field "color"'],
    [
      'inputs that give the wrong width',
      (m) => m.inputs.columns[1].categories.push('green'),
      'topology[0]: the input columns give 4 features, but the topology has 3 inputs',
    ],
    [
      'a short normalization',
      (m) => m.inputs.normalization.scale.pop(),
      'inputs.normalization.scale: expected 3 numbers (one per input feature), got 2',
    ],
    [
      'a zero scale',
      (m) => (m.inputs.normalization.scale[2] = 0),
      'inputs.normalization.scale[2]: must not be 0',
    ],
    [
      'a negative scale',
      (m) => (m.inputs.normalization.scale[1] = -0.5),
      'inputs.normalization.scale[1]: must be a finite number > 0 (a spread of the feature), got -0.5',
    ],
    [
      'a scale with method "none"',
      (m) => {
        m.inputs.normalization = { method: 'none', offset: [0, 0, 0], scale: [1, 1, 2] };
      },
      'inputs.normalization.scale[2]: must be 1 (method "none"), got 2',
    ],
    [
      'an unknown normalization',
      (m) => (m.inputs.normalization.method = 'robust'),
      'inputs.normalization.method: expected "none" or "zscore" or "minmax", got "robust"',
    ],
    [
      'labels that do not match the outputs',
      (m) => m.target.labels.push('c'),
      'target.labels: 3 class labels for 2 output units (topology[2])',
    ],
    [
      'an unknown input kind',
      (m) => (m.inputs.columns[0].kind = 'date'),
      'inputs.columns[0].kind: expected "numeric" or "one-hot", got "date"',
    ],
    [
      'a single class label',
      (m) => {
        m.target.labels.pop();
        m.topology[2] = 1;
      },
      'target.labels: expected at least 2 entries, got an array of 1',
    ],
    [
      'a negative learning rate',
      (m) => (m.hyperparameters.learningRate = -1),
      'hyperparameters.learningRate: must be > 0, got -1',
    ],
    [
      'an unknown stop reason',
      (m) => (m.training.stopReason = 'bored'),
      'training.stopReason: expected "max-epochs" or "threshold" or "target-loss" or "early-stopping" or "diverged" or "cancelled", got "bored"',
    ],
    [
      'a class label twice',
      (m) => (m.target.labels[1] = m.target.labels[0]),
      'target.labels[1]: "a" is already target.labels[0]',
    ],
    [
      'a category twice',
      (m) => (m.inputs.columns[1].categories[1] = 'red'),
      'inputs.columns[1].categories[1]: "red" is already inputs.columns[1].categories[0]',
    ],
    [
      'an input column twice',
      (m) => m.inputs.columns.push({ column: 'size', kind: 'numeric' }),
      'inputs.columns[2].column: "size" is already inputs.columns[0].column',
    ],
    [
      'an input column twice, once one-hot',
      (m) => (m.inputs.columns[0] = { column: 'colour', kind: 'one-hot', categories: ['x'] }),
      'inputs.columns[1].column: "colour" is already inputs.columns[0].column',
    ],
    [
      'an unknown dtype',
      (m) => (m.dtype = 'float16'),
      'dtype: expected "float64" or "float32", got "float16"',
    ],
  ];
  it('a number beyond a float64 (1e400 reads as Infinity, not as null)', () => {
    const text = stringifyModel(baseModel()).replace(
      /"biases": \[\s*\[[^,\]]+/,
      '"biases": [[1e400',
    );
    expect(() => parseModel(text, 'm.json')).toThrow(
      'm.json: biases[0][0]: expected number, got Infinity (beyond a float64)',
    );
  });

  for (const [name, breakIt, message] of cases) {
    it(name, () => {
      const m = JSON.parse(stringifyModel(baseModel())) as Loose;
      breakIt(m);
      const full = message.startsWith('m.json: ') ? message : `m.json: ${message}`;
      expect(() => validateModel(m, 'm.json')).toThrow(full);
      expect(() => parseModel(JSON.stringify(m), 'm.json')).toThrow(full);
    });
  }
});
