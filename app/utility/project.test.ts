import { describe, expect, it } from 'vitest';
import { projectEncoding, type ProjectFile } from './project';

/** A project whose only field read here is its encoding: x (numeric) and colour (red, blue). */
function project(offset: number[], scale: number[]): ProjectFile {
  const encoding: NonNullable<ProjectFile['encoding']> = {
    inputs: {
      columns: [
        { column: 'x', kind: 'numeric' },
        { column: 'colour', kind: 'one-hot', categories: ['red', 'blue'] },
      ],
      normalization: { method: 'zscore', offset, scale },
    },
    target: { kind: 'numeric', columns: ['y'] },
  };
  return { encoding } as ProjectFile;
}

describe('projectEncoding', () => {
  it('gives the schema and normalization the project was trained with', () => {
    expect(projectEncoding(project([1, 0.5, 0.5], [2, 0.5, 0.5]))).toEqual({
      schema: {
        inputs: [
          { column: 'x', kind: 'numeric' },
          { column: 'colour', kind: 'one-hot', categories: ['red', 'blue'] },
        ],
        target: { kind: 'numeric', columns: ['y'] },
      },
      normalization: { method: 'zscore', offset: [1, 0.5, 0.5], scale: [2, 0.5, 0.5] },
    });
  });

  it.each([
    [[1, 0.5], [2, 0.5, 0.5], 'offset: expected 3 numbers (one per input feature), got 2'],
    [[1, 0.5, 0.5], [2, 0, 0.5], 'scale[1]: must not be 0'],
    [
      [1, 0.5, 0.5],
      [2, 0.5, -0.5],
      'scale[2]: must be a finite number > 0 (a spread of the feature), got -0.5',
    ],
  ])('refuses a normalization the engine cannot have fitted (%#)', (offset, scale, problem) => {
    expect(() => projectEncoding(project(offset, scale))).toThrow(
      `Not a valid project file: project.encoding.inputs.normalization.${problem}`,
    );
  });

  it('refuses an input column, a category or a class named twice, as a model file does', () => {
    const twice = project([1, 0.5, 0.5], [2, 0.5, 0.5]);
    const { columns } = twice.encoding!.inputs;
    columns[1] = { column: 'x', kind: 'one-hot', categories: ['red', 'red'] };
    expect(() => projectEncoding(twice)).toThrow(
      'Not a valid project file: project.encoding.inputs.columns[1].column: "x" is already inputs.columns[0].column',
    );
    columns[1] = { column: 'colour', kind: 'one-hot', categories: ['red', 'red'] };
    expect(() => projectEncoding(twice)).toThrow(
      'project.encoding.inputs.columns[1].categories[1]: "red" is already inputs.columns[1].categories[0]',
    );
  });
});
