import { describe, expect, it } from 'vitest';
import { DataError } from '../../core/data-error';
import { CommandFailure, describeFailure } from './command-failure';
import { ConfigError } from './prepare';
import { SourceMissingError } from './text-source';

describe('describeFailure', () => {
  it("keeps a CommandFailure's scope and code, and calls a missing file the dataset's", () => {
    const changed = new CommandFailure('changed', 'project', 'dataset-changed');
    expect(describeFailure(changed, 'open-project')).toEqual({
      message: 'changed',
      scope: 'project',
      code: 'dataset-changed',
    });
    const missing = new SourceMissingError('/a/iris.csv');
    expect(describeFailure(missing, 'open-project')).toMatchObject({
      scope: 'dataset',
      code: 'dataset-missing',
    });
  });

  it('gives a data or configuration error its own scope, any other that of the command', () => {
    const scope = (error: unknown, type: Parameters<typeof describeFailure>[1]) =>
      describeFailure(error, type).scope;
    expect(scope(new DataError('iris.csv: row 3'), 'open-project')).toBe('dataset');
    expect(scope(new ConfigError('hyperparameters.learningRate'), 'start')).toBe('config');
    expect(scope(new Error('x'), 'export-losses')).toBe('export');
    expect(scope(new Error('x'), 'save-project')).toBe('project');
    expect(scope(new Error('x'), 'step')).toBe('training');
    expect(describeFailure('not an Error', 'start')).toEqual({
      message: 'not an Error',
      scope: 'training',
      code: 'failed',
    });
  });

  it("scopes every failure of a Predict as Predict's, never the loaded dataset's", () => {
    const failures = [
      new DataError('new.csv: no column named "sepal_length" (an input of the model)'),
      new SourceMissingError('/a/new.csv'),
      new CommandFailure('Load a dataset to predict', 'dataset'),
      new ConfigError('Choose the columns'),
      new Error('x'),
    ];
    for (const error of failures) {
      expect(describeFailure(error, 'predict')).toEqual({
        message: error.message,
        scope: 'export',
        code: 'failed',
      });
    }
  });
});
