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

  it('R² is 1 for a perfect fit, and uses each column’s own mean', () => {
    const y = matrixFromRows([[1, 100], [2, 200], [3, 300]]); // prettier-ignore
    expect(regressionMetrics(y, y)).toEqual({ kind: 'regression', rmse: 0, mae: 0, r2: 1 });
    // predicting each column's mean gives R² = 0
    const means = matrixFromRows([[2, 200], [2, 200], [2, 200]]); // prettier-ignore
    expect(regressionMetrics(means, y).r2).toBeCloseTo(0, 15);
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

  it('gives regression metrics without labels', () => {
    expect(computeMetrics(Y, Y, null)).toMatchObject({ kind: 'regression', r2: 1 });
  });
});
