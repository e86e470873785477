// The tables train and evaluate print: one line a set, or with several numeric targets a line a
// target column under its set's, then the mean of their R².
import { describe, expect, it } from 'vitest';
import type { SplitEvaluation } from '../core/types';
import { evaluationTable } from './report';

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
