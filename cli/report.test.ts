// The tables train and evaluate print: one line a set, or with several numeric targets a line a
// target column under its set's, then the mean of their R².
import { describe, expect, it } from 'vitest';
import type { SplitEvaluation } from '../core/types';
import { confusionTable, evaluationTable } from './report';

const one = (rmse: number, r2: number): SplitEvaluation => ({
  loss: 0.5,
  metrics: {
    kind: 'regression',
    rmse,
    mae: 1,
    r2,
    targets: [{ column: 'progression', rmse, mae: 1, r2 }],
  },
});

const two = (loss: number): SplitEvaluation => ({
  loss,
  metrics: {
    kind: 'regression',
    rmse: 27.75,
    mae: 22.25,
    r2: 0.5,
    targets: [
      { column: 's5', rmse: 0.5, mae: 0.5, r2: 0.25 },
      { column: 'progression', rmse: 55, mae: 44, r2: 0.75 },
    ],
  },
});

describe('evaluationTable', () => {
  it('one numeric target: a line a set, as before', () => {
    expect(
      evaluationTable([
        ['train', one(1.25, 0.875)],
        ['validation', null],
        ['test', one(1.5, 0.8)],
      ]),
    ).toEqual([
      '       loss  rmse  mae     r2',
      'train   0.5  1.25    1  0.875',
      'test    0.5   1.5    1    0.8',
    ]);
  });

  it('several: a line a target column, named by it, the loss once, then the mean R² alone', () => {
    expect(
      evaluationTable([
        ['train', two(845.3)],
        ['test', two(2012)],
      ]),
    ).toEqual([
      '       target        loss  rmse  mae    r2',
      'train  s5           845.3   0.5  0.5  0.25',
      '       progression           55   44  0.75',
      '       mean                            0.5',
      'test   s5            2012   0.5  0.5  0.25',
      '       progression           55   44  0.75',
      '       mean                            0.5',
    ]);
  });
});

describe('confusionTable', () => {
  const classes = (labels: string[]) => ({
    kind: 'classification' as const,
    accuracy: 0.5,
    labels,
    confusion: labels.map((_, i) => labels.map((_, j) => (i === j ? 12 : j === 0 ? 3 : 0))),
  });

  it('writes the class labels over the columns when the table is narrow', () => {
    expect(confusionTable(classes(['setosa', 'versicolor', 'virginica']))).toEqual([
      'actual \\ predicted  setosa  versicolor  virginica',
      'setosa                  12           0          0',
      'versicolor               3          12          0',
      'virginica                3           0         12',
    ]);
  });

  it('numbers the columns as the rows when long labels would make lines too wide to read', () => {
    // Ten labels of 47 characters made each line 500 characters wide, wrapped on a terminal
    const labels = Array.from(
      { length: 10 },
      (_, k) => `class label that is really rather long #${k}`,
    );
    const lines = confusionTable(classes(labels));
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
    expect(lines[0]).toBe(
      'actual \\ predicted                              1   2   3   4   5   6   7   8   9  10',
    );
    expect(lines[1]).toBe(
      ' 1  class label that is really rather long #0  12   0   0   0   0   0   0   0   0   0',
    );
    expect(lines[10]).toBe(
      '10  class label that is really rather long #9   3   0   0   0   0   0   0   0   0  12',
    );
    expect(lines.at(-1)).toBe('(the predicted classes are numbered as the rows)');
  });
});
