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
    expect(scope(new Error('x'), 'predict')).toBe('dataset');
    expect(scope(new Error('x'), 'step')).toBe('training');
    expect(describeFailure('not an Error', 'start')).toEqual({
      message: 'not an Error',
      scope: 'training',
      code: 'failed',
    });
  });
});
