import { describe, expect, it } from 'vitest';
import { matrixFromRows } from './matrix';
import { networkFromArrays } from './network';
import { cost } from './backprop';
import {
  classIndices,
  classificationMetrics,
  computeMetrics,
  evaluate,
  regressionMetrics,
} from './metrics';

describe('classification metrics', () => {
  it('argmax per row for several outputs; ≥ 0.5 for a single one', () => {
    expect(
      Array.from(
        classIndices(
          matrixFromRows([
            [0.1, 0.7, 0.2],
            [0.5, 0.5, 0],
            [0, 0, 1],
          ]),
        ),
      ),
    ).toEqual([1, 0, 2]);
    expect(Array.from(classIndices(matrixFromRows([[0.49], [0.5], [0.9]])))).toEqual([0, 1, 1]);
  });

  it('accuracy and confusion[actual][predicted]', () => {
    const outputs = matrixFromRows([
      [0.8, 0.1, 0.1], // predicted a
      [0.2, 0.7, 0.1], // predicted b
      [0.3, 0.3, 0.4], // predicted c
      [0.6, 0.3, 0.1], // predicted a
    ]);
    const targets = matrixFromRows([
      [1, 0, 0], // a
      [0, 1, 0], // b
      [0, 1, 0], // b
      [0, 0, 1], // c
    ]);
    expect(classificationMetrics(outputs, targets, ['a', 'b', 'c'])).toEqual({
      kind: 'classification',
      accuracy: 2 / 4,
      labels: ['a', 'b', 'c'],
      confusion: [
        [1, 0, 0],
        [0, 1, 1],
        [1, 0, 0],
      ],
    });
  });

  it('a single sigmoid output makes two classes', () => {
    const m = classificationMetrics(
      matrixFromRows([[0.9], [0.2], [0.6]]),
      matrixFromRows([[1], [0], [0]]),
    );
    expect(m.labels).toEqual(['0', '1']);
    expect(m.accuracy).toBe(2 / 3);
    expect(m.confusion).toEqual([
      [1, 1],
      [0, 1],
    ]);
  });

  it('names mismatched shapes and label counts', () => {
    expect(() => classificationMetrics(matrixFromRows([[1, 0]]), matrixFromRows([[1]]))).toThrow(
      'metrics: outputs are 1×2 but targets are 1×1',
    );
    expect(() =>
      classificationMetrics(matrixFromRows([[1, 0]]), matrixFromRows([[1, 0]]), ['x']),
    ).toThrow('metrics: 1 class labels for 2 classes');
  });
});

describe('regression metrics', () => {
  it('RMSE, MAE and R² from their definitions', () => {
    const a = [1, 2, 4, 3];
    const y = [1.5, 2, 3, 5];
    const m = regressionMetrics(
      matrixFromRows(a.map((v) => [v])),
      matrixFromRows(y.map((v) => [v])),
    );
    const e = a.map((v, i) => v - y[i]);
    const mean = y.reduce((s, v) => s + v, 0) / y.length;
    expect(m.kind).toBe('regression');
    expect(m.rmse).toBeCloseTo(Math.sqrt(e.reduce((s, v) => s + v * v, 0) / 4), 15);
    expect(m.mae).toBeCloseTo(e.reduce((s, v) => s + Math.abs(v), 0) / 4, 15);
    expect(m.r2).toBeCloseTo(
      1 - e.reduce((s, v) => s + v * v, 0) / y.reduce((s, v) => s + (v - mean) ** 2, 0),
      15,
    );
  });

  it('one target: the figures are that target’s, named by its column', () => {
    const m = regressionMetrics(matrixFromRows([[1], [2]]), matrixFromRows([[1.5], [2]]), ['y']);
    expect(m).toEqual({
      kind: 'regression',
      rmse: Math.sqrt(0.125),
      mae: 0.25,
      r2: 1 - 0.25 / 0.125,
      targets: [{ column: 'y', rmse: Math.sqrt(0.125), mae: 0.25, r2: 1 - 0.25 / 0.125 }],
    });
  });

  it('R² is 1 for a perfect fit, and uses each column’s own mean', () => {
    const y = matrixFromRows([[1, 100], [2, 200], [3, 300]]); // prettier-ignore
    const perfect = { rmse: 0, mae: 0, r2: 1 };
    expect(regressionMetrics(y, y)).toEqual({
      kind: 'regression',
      ...perfect,
      targets: [
        { column: '0', ...perfect },
        { column: '1', ...perfect },
      ],
    });
    // predicting each column's mean gives R² = 0
    const means = matrixFromRows([[2, 200], [2, 200], [2, 200]]); // prettier-ignore
    expect(regressionMetrics(means, y).r2).toBeCloseTo(0, 15);
  });

  // The first 10 rows of diabetes.csv's s5 (≈ 4–5) and progression (63–310), and predictions
  // a_s5 = 4.5 + 0.25 ((r mod 3) − 1), a_progression = 150 + 12 (r − 4.5). Expected: numpy,
  // sqrt(((a - y)**2).mean(0)), abs(a - y).mean(0), 1 - ((a - y)**2).sum(0) / ((y - y.mean(0))**2).sum(0).
  const s5 = [4.8598, 3.8918, 4.6728, 4.8903, 4.2905, 4.1897, 3.9512, 4.2485, 4.4773, 5.3845];
  const progression = [151, 75, 141, 206, 135, 97, 138, 63, 110, 310];
  const y = matrixFromRows(s5.map((v, r) => [v, progression[r]]));
  const a = matrixFromRows(s5.map((_, r) => [4.5 + 0.25 * ((r % 3) - 1), 150 + 12 * (r - 4.5)]));

  it('several targets: RMSE, MAE and R² of each column apart, as numpy gives them', () => {
    const m = regressionMetrics(a, y, ['s5', 'progression']);
    expect(m.targets.map((t) => t.column)).toEqual(['s5', 'progression']);
    const [first, second] = m.targets;
    expect(first.rmse).toBeCloseTo(0.5504110082474732, 13);
    expect(first.mae).toBeCloseTo(0.46628, 13);
    expect(first.r2).toBeCloseTo(-0.5402050506872258, 13);
    expect(second.rmse).toBeCloseTo(67.92790295600182, 11);
    expect(second.mae).toBeCloseTo(58.6, 11);
    expect(second.r2).toBeCloseTo(0.002171167586457523, 13);
  });

  it('several targets: the overall figures are the means of the targets’, not pooled', () => {
    const m = regressionMetrics(a, y, ['s5', 'progression']);
    // numpy: the means of the two columns' figures above
    expect(m.rmse).toBeCloseTo(34.23915698212465, 11);
    expect(m.mae).toBeCloseTo(29.53314, 11);
    expect(m.r2).toBeCloseTo(-0.26901694155038414, 13);
    // Pooled over both columns, R² was 0.00215 (the progression's scale swamps s5's −0.54) and
    // RMSE 48.03.
    expect(m.r2).not.toBeCloseTo(0.0021480981237879115, 2);
  });

  it('names a count of column names that does not match the outputs', () => {
    expect(() => regressionMetrics(a, y, ['s5'])).toThrow(
      'metrics: 1 target column names for 2 output columns',
    );
  });
});

describe('evaluate', () => {
  const net = networkFromArrays(
    { topology: [1, 2], activations: ['softmax'], loss: 'cross-entropy' },
    [[[2, -2]]],
    [[0, 0]],
  );
  const X = matrixFromRows([[1], [-1], [0.5]]);
  const Y = matrixFromRows([[1, 0], [0, 1], [0, 1]]); // prettier-ignore

  it('gives the loss and classification metrics when labels are given', () => {
    const result = evaluate(net, X, Y, ['yes', 'no']);
    expect(result.loss).toBe(cost(net, X, Y));
    expect(result.metrics).toMatchObject({
      kind: 'classification',
      accuracy: 2 / 3,
      labels: ['yes', 'no'],
    });
  });

  it('gives regression metrics without labels, each target named by its column', () => {
    expect(computeMetrics(Y, Y, null)).toMatchObject({ kind: 'regression', r2: 1 });
    expect(computeMetrics(Y, Y, null, ['u', 'v'])).toMatchObject({
      targets: [{ column: 'u' }, { column: 'v' }],
    });
    const named = evaluate(net, X, Y, null, undefined, ['u', 'v']).metrics;
    expect(named.kind === 'regression' && named.targets.map((t) => t.column)).toEqual(['u', 'v']);
  });
});
