// The results that cross a process border: a diverged network's numbers (NaN, ±Infinity) pass,
// anything that is not a number is still refused with the field named.
import { describe, expect, it } from 'vitest';
import type { Inspection } from './api';
import {
  check,
  checkCommandResult,
  encodingSchema,
  eventChannels,
  inspectRequestSchema,
  invokeChannels,
  packProgress,
  sessionConfigSchema,
  surfaceResultSchema,
  trainingMessageSchema,
  unpackProgress,
} from './ipc';
import { SURFACE_MAX_POINTS } from './sample-rows';
import { SESSION_CONFIG } from './testing/session-config';
import { INSPECT_MAX_SHOWN_LIMIT } from './shown-block';

/** One row through a 1–1 sigmoid network whose weight overflowed. */
const diverged: Inspection = {
  row: 0,
  trainingRows: 1,
  loss: 'mse',
  x: [1],
  y: [0],
  z: [[1], [Infinity]],
  a: [[1], [1]],
  gPrime: [[0], [0]],
  delta: [[NaN], [-Infinity]],
  dW: [[[NaN]]],
  dTheta: [[NaN]],
  cost: NaN,
  batchMean: null,
  network: { topology: [1, 1], activations: ['sigmoid'], weights: [[[Infinity]]], biases: [[0]] },
  learningRate: 0.5,
  maxShown: 32,
  // Of the finite values alone: none here.
  maxAbs: { W: [0], dW: [0], update: [0] },
};

/** A regression's metrics with one target, y: the overall figures are y's. */
const REGRESSION = {
  kind: 'regression',
  rmse: 1,
  mae: 1,
  r2: 0.5,
  targets: [{ column: 'y', rmse: 1, mae: 1, r2: 0.5 }],
};

describe('checkCommandResult', () => {
  it("passes a diverged network's inspection and gradient check", () => {
    expect(checkCommandResult('inspect', diverged)).toEqual({ ok: true, value: diverged });
    const check = { epsilon: 1e-5, rowsUsed: 1, layers: [{ layer: 1, maxRelativeError: NaN }] };
    expect(checkCommandResult('gradient-check', check).ok).toBe(true);
  });

  it('still refuses what is not a number, naming the field', () => {
    const result = checkCommandResult('inspect', { ...diverged, cost: '0.5' });
    expect(result).toEqual({ ok: false, error: 'result of inspect.cost: expected a number' });
  });
});

describe('an inspection of a wide network', () => {
  /** A 3-40-2 network sent as blocks of at most 4 rows and columns. */
  const rows = (n: number, cols: number) => Array.from({ length: n }, () => Array(cols).fill(0.5));
  const wide: Inspection = {
    ...diverged,
    network: {
      topology: [3, 40, 2],
      activations: ['relu', 'sigmoid'],
      weights: [rows(3, 4), rows(4, 2)],
      biases: [Array(40).fill(0), [0, 0]],
    },
    dW: [rows(3, 4), rows(4, 2)],
    batchMean: {
      rows: 1,
      dW: [rows(3, 4), rows(4, 2)],
      dTheta: [Array(40).fill(0), [0, 0]],
      maxAbs: { dW: [2, 1], update: [3, 1] },
    },
    maxShown: 4,
    maxAbs: { W: [7, 1], dW: [2, 1], update: [3, 1] },
  };

  it('passes the first rows and columns of each matrix with the whole maxima', () => {
    expect(checkCommandResult('inspect', wide)).toEqual({ ok: true, value: wide });
  });

  it('refuses a block larger than its shape and maxShown say, naming the matrix', () => {
    const tooWide = { ...wide, dW: [rows(3, 40), rows(4, 2)] };
    expect(checkCommandResult('inspect', tooWide)).toEqual({
      ok: false,
      error:
        'result of inspect.dW.0.0: expected the first 3 × 4 of the 3 × 40 matrix (maxShown 4), ' +
        'got 40 columns in row 0',
    });
    const tooTall = { ...wide, batchMean: { ...wide.batchMean!, dW: [rows(3, 4), rows(40, 2)] } };
    expect(checkCommandResult('inspect', tooTall)).toEqual({
      ok: false,
      error:
        'result of inspect.batchMean.dW.1: expected the first 4 × 2 of the 40 × 2 matrix ' +
        '(maxShown 4), got 40 rows',
    });
    const whole = { ...wide, network: { ...wide.network, weights: [rows(3, 40), rows(40, 2)] } };
    expect(checkCommandResult('inspect', whole).ok).toBe(false);
  });

  it('refuses a maximum per layer missing', () => {
    const result = checkCommandResult('inspect', { ...wide, maxAbs: { ...wide.maxAbs, W: [7] } });
    expect(result).toEqual({
      ok: false,
      error: 'result of inspect.maxAbs.W: expected 2 values, got 1',
    });
  });

  it('asks for 1 to INSPECT_MAX_SHOWN_LIMIT rows and columns', () => {
    const asked = (maxShown: unknown) =>
      check(inspectRequestSchema, { row: 0, batchMean: false, maxShown }).ok;
    expect([asked(1), asked(32), asked(INSPECT_MAX_SHOWN_LIMIT), asked(undefined)]).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect([asked(0), asked(2.5), asked(INSPECT_MAX_SHOWN_LIMIT + 1)]).toEqual([
      false,
      false,
      false,
    ]);
  });
});

describe('a dataset summary crossing a border', () => {
  it("keeps a text column's categories, which name the one-hot inputs", () => {
    const summary = {
      name: 'paint.csv',
      rows: 3,
      columns: [
        {
          name: 'colour',
          kind: 'text',
          missing: 0,
          min: null,
          max: null,
          mean: null,
          distinct: 2,
          categories: ['red', 'blue'],
        },
        { name: 'y', kind: 'numeric', missing: 0, min: 0, max: 1, mean: 0.5, distinct: 2 },
      ],
      preview: [['red', '0']],
      suggestedRoles: ['input', 'target'],
    };
    expect(checkCommandResult('load-dataset', summary)).toEqual({ ok: true, value: summary });
    const bad = { ...summary, columns: [{ ...summary.columns[0], categories: [1, 2] }] };
    expect(checkCommandResult('load-dataset', bad)).toMatchObject({
      ok: false,
      error: expect.stringContaining('columns.0.categories.0'),
    });
  });

  it('keeps the class sizes (optional), which make the full batch exact; counts only', () => {
    const column = { name: 'y', kind: 'text', missing: 0, min: null, max: null, mean: null };
    const summary = {
      name: 'paint.csv',
      rows: 3,
      columns: [{ ...column, distinct: 2, categories: ['a', 'b'], classSizes: [2, 1] }],
      preview: [],
      suggestedRoles: ['target'],
    };
    expect(checkCommandResult('load-dataset', summary)).toEqual({ ok: true, value: summary });
    for (const classSizes of [
      [2, -1],
      [1.5, 1],
      ['2', 1],
    ]) {
      const bad = { ...summary, columns: [{ ...summary.columns[0], classSizes }] };
      expect(checkCommandResult('load-dataset', bad)).toMatchObject({
        ok: false,
        error: expect.stringContaining('columns.0.classSizes.'),
      });
    }
  });
});

describe('an encoding crossing a border (in a checkpoint)', () => {
  const encoding = {
    schema: {
      inputs: [
        { column: 'size', kind: 'numeric' },
        { column: 'colour', kind: 'one-hot', categories: ['red', 'blue'] },
      ],
      target: { kind: 'classes', column: 'species', labels: ['setosa', 'versicolor'] },
    },
    normalization: { method: 'zscore', offset: [0, 0, 0], scale: [1, 1, 1] },
  };

  it('passes one that a dataset can make', () => {
    expect(check(encodingSchema, encoding)).toEqual({ ok: true, value: encoding });
  });

  it('refuses, as the model file does, one class label, no category and unknown fields', () => {
    const withTarget = (target: object) => ({
      ...encoding,
      schema: { ...encoding.schema, target },
    });
    const oneClass = withTarget({ kind: 'classes', column: 'species', labels: ['setosa'] });
    expect(check(encodingSchema, oneClass)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^schema\.target\.labels: /),
    });
    const noCategory = {
      ...encoding,
      schema: { ...encoding.schema, inputs: [{ column: 'c', kind: 'one-hot', categories: [] }] },
    };
    expect(check(encodingSchema, noCategory)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^schema\.inputs\.0\.categories: /),
    });
    const extra = withTarget({ kind: 'numeric', columns: ['y'], unit: 'cm' });
    expect(check(encodingSchema, extra)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^schema\.target: .*unit/),
    });
  });
});

describe('cell problems in a summary, and what to do with their rows', () => {
  const column = { name: 'x1', kind: 'numeric', missing: 3, min: 1, max: 4, mean: 2, distinct: 3 };
  const summary = {
    name: 'missing.csv',
    rows: 6,
    columns: [
      {
        ...column,
        empty: { count: 1, row: 3, rows: { rows: [1] } },
        invalid: {
          count: 2,
          row: 5,
          rows: { bits: [0b11000] },
          problem: 'has "1e999", which is too large for a float64',
        },
      },
    ],
    preview: [],
    suggestedRoles: ['input'],
  };

  it('keeps empty and invalid cells apart, each with its first row and rows; both optional', () => {
    expect(checkCommandResult('load-dataset', summary)).toEqual({ ok: true, value: summary });
    const none = { ...summary, columns: [{ ...column, missing: 0 }] };
    expect(checkCommandResult('load-dataset', none)).toEqual({ ok: true, value: none });
  });

  it('refuses no cells, a header row or an invalid cell without its problem, naming the field', () => {
    for (const [field, change] of [
      ['empty.count', { empty: { count: 0, row: 3, rows: { rows: [] } } }],
      ['empty.row', { empty: { count: 1, row: 1, rows: { rows: [0] } } }],
      ['empty.rows', { empty: { count: 1, row: 3 } }],
      ['invalid.problem', { invalid: { count: 1, row: 3, rows: { rows: [1] } } }],
    ] as const) {
      const bad = { ...summary, columns: [{ ...summary.columns[0], ...change }] };
      expect(checkCommandResult('load-dataset', bad)).toMatchObject({
        ok: false,
        error: expect.stringContaining(`columns.0.${field}`),
      });
    }
  });

  it('refuses rows beyond the table, and bits of another number of rows', () => {
    for (const [kind, rows] of [
      ['empty', { rows: [6] }],
      ['invalid', { bits: [0b11000, 0] }],
      ['invalid', { bits: [] }],
    ] as const) {
      const cells = { ...summary.columns[0][kind], rows };
      const bad = { ...summary, columns: [{ ...summary.columns[0], [kind]: cells }] };
      expect(checkCommandResult('load-dataset', bad)).toEqual({
        ok: false,
        error: expect.stringContaining(
          `columns.0.${kind}.rows: expected rows of a table of 6 rows`,
        ),
      });
    }
  });

  const config = SESSION_CONFIG;

  it("takes a config without badRows (an older project's) and either choice; refuses others", () => {
    expect(check(sessionConfigSchema, config)).toEqual({ ok: true, value: config });
    for (const badRows of ['refuse', 'leave-out']) {
      expect(check(sessionConfigSchema, { ...config, badRows }).ok).toBe(true);
    }
    expect(check(sessionConfigSchema, { ...config, badRows: 'skip' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^badRows: /),
    });
  });

  it('says how many rows a run and a prediction left out: a count, or nothing', () => {
    const evaluation = { loss: 0.1, metrics: REGRESSION };
    const finished = {
      ...{ reason: 'max-epochs', detail: '', epochs: 3, partial: null },
      ...{ train: evaluation, validation: null, test: null },
    };
    const schema = eventChannels['training:finished'];
    expect(check(schema, { ...finished, leftOut: 2 }).ok).toBe(true);
    expect(check(schema, finished).ok).toBe(true);
    expect(check(schema, { ...finished, leftOut: -1 })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^leftOut: /),
    });
    expect(checkCommandResult('predict', { csv: 'x\n', rows: 1, leftOut: 2 }).ok).toBe(true);
    expect(checkCommandResult('predict', { csv: 'x\n', rows: 1, leftOut: 0.5 }).ok).toBe(false);
  });

  it("keeps the name of a prediction's row column on its way to the page's notice", () => {
    const written = { rows: 1, leftOut: 1, rowColumn: 'file row' };
    expect(checkCommandResult('predict', { csv: 'x\n', ...written })).toEqual({
      ok: true,
      value: { csv: 'x\n', ...written },
    });
    const dialog = invokeChannels['predict:dialog'].result;
    expect(check(dialog, { location: '/d/out.csv', ...written })).toEqual({
      ok: true,
      value: { location: '/d/out.csv', ...written },
    });
    expect(check(dialog, { location: '/d/out.csv', ...written, rowColumn: '' }).ok).toBe(false);
  });
});

describe('a finished run crossing a border', () => {
  const evaluation = { loss: 0.1, metrics: REGRESSION };
  const finished = {
    reason: 'cancelled',
    detail: 'Cancelled after 3 epochs and 2 of the 6 batches of epoch 4.',
    epochs: 3,
    partial: { batches: 2, of: 6 },
    train: evaluation,
    validation: null,
    test: null,
  };
  const schema = eventChannels['training:finished'];

  it('carries the batches of an unfinished epoch its parameters include, or null', () => {
    expect(check(schema, finished)).toEqual({ ok: true, value: finished });
    expect(check(schema, { ...finished, partial: null }).ok).toBe(true);
  });

  it("carries predicted against actual with the split's row count, at least the rows drawn", () => {
    const predictions = (drawn: number, totalRows?: number) => ({
      ...finished,
      predictions: [
        {
          split: 'test',
          column: 'y',
          ...(totalRows === undefined ? {} : { totalRows }),
          actual: Array.from({ length: drawn }, (_, r) => r),
          predicted: Array.from({ length: drawn }, (_, r) => r),
        },
      ],
    });
    expect(check(schema, predictions(1000, 20_000)).ok).toBe(true);
    expect(check(schema, predictions(3, 3)).ok).toBe(true);
    for (const value of [predictions(4, 3), predictions(3)]) {
      expect(check(schema, value)).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^predictions\.0\.totalRows: /),
      });
    }
  });

  it('carries the metrics and predicted against actual of each target column', () => {
    const two = {
      ...finished,
      train: {
        loss: 0.1,
        metrics: {
          ...REGRESSION,
          targets: [
            { column: 's5', rmse: 0.5, mae: 0.4, r2: 0.6 },
            { column: 'progression', rmse: 55, mae: 44, r2: 0.4 },
          ],
        },
      },
      predictions: [
        { split: 'test', column: 's5', totalRows: 2, actual: [4.1, 4.5], predicted: [4, 4.6] },
        {
          split: 'test',
          column: 'progression',
          totalRows: 2,
          actual: [100, 200],
          predicted: [120, 180],
        },
      ],
    };
    expect(check(schema, two)).toEqual({ ok: true, value: two });
    const metrics = (targets: unknown) => ({
      ...two,
      train: { loss: 0.1, metrics: { ...REGRESSION, targets } },
    });
    expect(check(schema, metrics([]))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^train\.metrics\.targets: /),
    });
    expect(check(schema, metrics([{ column: 's5', rmse: 0.5, mae: 0.4 }]))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^train\.metrics\.targets\.0\.r2: /),
    });
    const { targets: _, ...withoutTargets } = REGRESSION;
    expect(check(schema, { ...two, train: { loss: 0.1, metrics: withoutTargets } })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^train\.metrics\.targets: /),
    });
    const [s5, progression] = two.predictions;
    const refused = (predictions: unknown[], path: RegExp) =>
      expect(check(schema, { ...two, predictions })).toMatchObject({
        ok: false,
        error: expect.stringMatching(path),
      });
    refused([{ ...s5, predicted: [4] }], /^predictions\.0\.predicted: /);
    refused([], /^predictions: /);
    refused([s5, { ...progression, split: 'train' }], /^predictions: .*same split and rows/);
    refused([s5, { ...progression, totalRows: 3 }], /^predictions: .*same split and rows/);
  });

  it('refuses a partial epoch that is none or a whole one, and a missing one, naming the field', () => {
    for (const partial of [
      { batches: 0, of: 6 },
      { batches: 6, of: 6 },
      { batches: 1.5, of: 6 },
    ]) {
      expect(check(schema, { ...finished, partial })).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^partial\.batches: /),
      });
    }
    const { partial: _, ...missing } = finished;
    expect(check(schema, missing)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^partial: /),
    });
  });
  it('carries the epoch early stopping restored, a whole number ≥ 0, or null or nothing', () => {
    const stopped = { ...finished, reason: 'early-stopping', partial: null, restoredEpoch: 12 };
    expect(check(schema, stopped)).toEqual({ ok: true, value: stopped });
    expect(check(schema, { ...stopped, restoredEpoch: 0 }).ok).toBe(true);
    expect(check(schema, { ...stopped, restoredEpoch: null }).ok).toBe(true);
    for (const restoredEpoch of [-1, 2.5, '12']) {
      expect(check(schema, { ...stopped, restoredEpoch })).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^restoredEpoch: /),
      });
    }
  });
});

describe('a progress report crossing a border', () => {
  const schema = eventChannels['training:progress'];
  const epoch = { epoch: 3, trainLoss: 0.5, validationLoss: null, maxChange: 0.1, elapsedMs: 9 };
  const whole = packProgress({ points: [epoch], samplesPerSecond: 100, state: 'running' });
  const inside = packProgress({
    points: [],
    samplesPerSecond: 12_345,
    state: 'running',
    underway: { epoch: 4, batches: 4500, of: 10_000 },
  });

  it('carries whole epochs, or how far into an epoch the run is, and unpacks to the same', () => {
    expect(check(schema, whole).ok).toBe(true);
    expect(check(schema, inside)).toEqual({ ok: true, value: inside });
    expect(trainingMessageSchema.safeParse({ kind: 'progress', batch: inside }).success).toBe(true);
    expect(unpackProgress(inside)).toEqual({
      points: [],
      samplesPerSecond: 12_345,
      state: 'running',
      underway: { epoch: 4, batches: 4500, of: 10_000 },
    });
    expect(unpackProgress(whole).underway).toBeUndefined();
    // Inside the one batch of a full batch trained in chunks: its rows so far.
    const rows = { epoch: 4, batches: 0, of: 1, rows: { done: 1024, of: 160_000 } };
    expect(check(schema, { ...inside, underway: rows }).ok).toBe(true);
  });

  it('refuses a place that is not inside an epoch, naming the field', () => {
    for (const [underway, field] of [
      [{ epoch: 4, batches: 0, of: 10 }, 'underway.batches'],
      [{ epoch: 4, batches: 10, of: 10 }, 'underway.batches'],
      [{ epoch: 4, batches: 2.5, of: 10 }, 'underway.batches'],
      [{ epoch: 0, batches: 1, of: 10 }, 'underway.epoch'],
      [{ epoch: 4, batches: 1 }, 'underway.of'],
      [{ epoch: 4, batches: 0, of: 1, rows: { done: 5, of: 5 } }, 'underway.rows'],
      [{ epoch: 4, batches: 0, of: 1, rows: { done: 0, of: 5 } }, 'underway.rows.done'],
    ] as const) {
      expect(check(schema, { ...inside, underway })).toMatchObject({
        ok: false,
        error: expect.stringMatching(new RegExp(`^${field.replace('.', '\\.')}: `)),
      });
    }
  });

  it('refuses a report from inside an epoch with epochs in it, or from a run not running', () => {
    const refused = {
      ok: false,
      error: 'underway: expected a report from inside an epoch to be running, without epochs',
    };
    expect(check(schema, { ...inside, points: whole.points })).toEqual(refused);
    expect(check(schema, { ...inside, state: 'paused' })).toEqual(refused);
  });
});

describe("a gradient check's progress and its cancel crossing a border", () => {
  const schema = eventChannels['gradient:progress'];

  it('carries how many of the parameters are checked, on both sides of main', () => {
    const progress = { checked: 1234, total: 50_000 };
    expect(check(schema, progress)).toEqual({ ok: true, value: progress });
    expect(check(schema, { checked: 50_000, total: 50_000 }).ok).toBe(true);
    const message = { kind: 'gradient-check-progress', progress };
    expect(trainingMessageSchema.safeParse(message).data).toEqual(message);
  });

  it('refuses more checked than there are, a fraction or no parameters, naming the field', () => {
    for (const [progress, error] of [
      [{ checked: 3, total: 2 }, 'checked: expected no more parameters checked than there are'],
      [{ checked: 1.5, total: 2 }, 'checked: Invalid input: expected int, received number'],
      [{ checked: 0, total: 0 }, 'total: Too small: expected number to be >0'],
      [{ checked: 1 }, 'total: Invalid input: expected number, received undefined'],
    ] as const) {
      expect(check(schema, progress, 'gradient:progress')).toEqual({
        ok: false,
        error: `gradient:progress.${error}`,
      });
    }
    const message = { kind: 'gradient-check-progress', progress: { checked: 3, total: 2 } };
    expect(trainingMessageSchema.safeParse(message).success).toBe(false);
  });

  it('answers a check with its result, or null once cancelled; a cancel with nothing', () => {
    expect(checkCommandResult('gradient-check', null)).toEqual({ ok: true, value: null });
    expect(checkCommandResult('cancel-gradient-check', null)).toEqual({ ok: true, value: null });
    expect(checkCommandResult('gradient-check', { cancelled: true })).toMatchObject({ ok: false });
    expect(check(invokeChannels['gradient:check'].result, null).ok).toBe(true);
    expect(check(invokeChannels['gradient:cancel'].args, []).ok).toBe(true);
    expect(check(invokeChannels['gradient:cancel'].args, ['now']).ok).toBe(false);
  });
});

describe('a decision surface crossing a border', () => {
  const surface = (points: number, totalPoints: number) => ({
    xRange: [0, 1],
    yRange: [0, 1],
    resolution: 2,
    outputs: [[0, 1, 1, 0]],
    hidden: [],
    points: Array.from({ length: points }, (_, i) => ({ x: i, y: i, target: 0 })),
    totalPoints,
    labels: ['a'],
    output: 0,
  });

  it('carries at most SURFACE_MAX_POINTS points of the training rows, and how many there are', () => {
    expect(check(surfaceResultSchema, surface(3, 3)).ok).toBe(true);
    expect(check(surfaceResultSchema, surface(SURFACE_MAX_POINTS, 200_000)).ok).toBe(true);
  });

  it('refuses more points, more points than rows, or no count, naming the field', () => {
    const error = (value: unknown) => {
      const c = check(surfaceResultSchema, value);
      return c.ok ? null : c.error;
    };
    expect(error(surface(SURFACE_MAX_POINTS + 1, 300_000))).toMatch(/points/);
    expect(error(surface(4, 3))).toMatch(/totalPoints/);
    const { totalPoints: _, ...old } = surface(3, 3);
    expect(error(old)).toMatch(/totalPoints/);
  });
});
