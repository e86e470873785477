import { describe, expect, it } from 'vitest';
import { DEFAULT_HYPERPARAMETERS } from '../../core/hyperparameters';
import {
  checkRoles,
  parseProject,
  PROJECT_FORMAT,
  PROJECT_VERSION,
  projectEncoding,
  projectRun,
  type ProjectFile,
  type ProjectTable,
} from './project';

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

/**
 * A whole project file as a session saves it, of a 2-1-1 network trained three epochs on
 * data.csv (id, x, colour, y): x and colour (red, blue) in, y out, id ignored.
 */
function saved(): ProjectFile {
  return {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    dataset: { kind: 'path', path: '/a/data.csv', name: 'data.csv', size: 60, fingerprint: 'f' },
    config: {
      roles: ['ignored', 'input', 'input', 'target'],
      normalization: 'zscore',
      validationFraction: 0,
      testFraction: 0,
      hiddenLayers: [{ units: 1, activation: 'sigmoid' }],
      outputActivation: 'identity',
      loss: 'mse',
      hyperparameters: { ...DEFAULT_HYPERPARAMETERS },
    },
    history: [0, 1, 2, 3].map((epoch) => ({
      epoch,
      trainLoss: 1 / (epoch + 1),
      validationLoss: null,
      maxChange: 0.1,
      elapsedMs: epoch * 2,
    })),
    stopReason: 'max-epochs',
    stopDetail: 'Reached the maximum of 3 epochs.',
    stopPartial: null,
    stopRestoredEpoch: null,
    parameters: { weights: [[[0.5], [-0.5], [0.25]], [[1]]], biases: [[0], [0]] },
    encoding: project([1, 0.5, 0.5], [2, 0.5, 0.5]).encoding,
    gradientCheck: null,
    resume: null,
  };
}

/** data.csv's columns as loaded, `kinds` overriding a column's kind. */
function table(kinds: Record<string, 'numeric' | 'text'> = {}): ProjectTable {
  const columns = ['id', 'x', 'colour', 'y'].map((name) => ({
    name,
    kind: kinds[name] ?? (name === 'colour' ? 'text' : 'numeric'),
  }));
  return { fileName: 'data.csv', columns };
}

describe('parseProject', () => {
  it('opens a whole project, and one saved before the optional fields were kept', () => {
    expect(parseProject(JSON.parse(JSON.stringify(saved())))).toEqual(saved());
    const older: Partial<ProjectFile> = saved();
    for (const field of [
      'stopDetail',
      'stopPartial',
      'stopRestoredEpoch',
      'encoding',
      'gradientCheck',
      'resume',
    ] as const)
      delete older[field];
    expect(parseProject(older)).toEqual(older);
    expect(parseProject({ ...older, history: [], stopReason: null })).toMatchObject({
      history: [],
    });
  });

  it('keeps what the run did with rows with an empty or invalid cell (config.badRows)', () => {
    const leaving = saved();
    leaving.config = { ...leaving.config, badRows: 'leave-out' };
    const reopened = parseProject(JSON.parse(JSON.stringify(leaving)));
    expect(reopened.config.badRows).toBe('leave-out');
    expect(parseProject(JSON.parse(JSON.stringify(saved()))).config).not.toHaveProperty('badRows');
    const bad = { ...leaving, config: { ...leaving.config, badRows: 'drop' } };
    expect(() => parseProject(bad)).toThrow('project.config.badRows');
  });

  it('says what a file of another kind or a newer version is, instead of listing its fields', () => {
    // A model file (Export weights) chosen in Open project… was "Not a valid project file:
    // project.format: Invalid input: expected "backprop-studio.project"; project.dataset: …"
    const model = { format: 'backprop-studio.model', version: 1, topology: [4, 6, 3] };
    expect(() => parseProject(model)).toThrow(
      new Error(
        'Not a project file: it is a model file ("format": "backprop-studio.model", what Export weights writes); a project is what Save project… writes',
      ),
    );
    expect(() => parseProject([1, 2])).toThrow(
      'Not a project file: expected a JSON object with "format": "backprop-studio.project", got an array',
    );
    expect(() => parseProject({ ...saved(), format: 'something.else' })).toThrow(
      'Not a project file: "format" is "something.else", not "backprop-studio.project"',
    );
    // A newer version: "project.version: Invalid input: expected 1"
    expect(() => parseProject({ ...saved(), version: 2 })).toThrow(
      'Not a project file this version reads: project.version is 2; this version of Backprop Studio reads version 1',
    );
  });

  it.each([
    [[0, 1, 3, 2], 'project.history[3]: epoch 2 after epoch 3'],
    [[0, 1, 1, 2], 'project.history[2]: epoch 1 after epoch 1'],
    [[5, 0], 'project.history[1]: epoch 0 after epoch 5'],
  ])('refuses epochs that do not strictly increase (%j)', (epochs, problem) => {
    const project = saved();
    project.history = epochs.map((epoch, i) => ({ ...project.history[0], epoch, elapsedMs: i }));
    expect(() => parseProject(project)).toThrow(`Not a valid project file: ${problem}`);
  });
});

describe('checkRoles', () => {
  it('accepts roles that say what the encoding does, and a file without an encoding', () => {
    expect(() => checkRoles(saved(), table())).not.toThrow();
    const { encoding: _, ...older } = saved();
    older.config.roles = ['target', 'input', 'ignored', 'input'];
    expect(() => checkRoles(older, table())).not.toThrow();
  });

  it.each([
    [
      ['input', 'input', 'input', 'target'],
      'column "id" is in neither the inputs nor the target, project.config.roles[0] says input',
    ],
    [
      ['ignored', 'target', 'input', 'target'],
      'column "x" is an input, project.config.roles[1] says target',
    ],
    [
      ['ignored', 'input', 'ignored', 'target'],
      'column "colour" is an input, project.config.roles[2] says ignored',
    ],
    [
      ['ignored', 'input', 'input', 'input'],
      'column "y" is a target, project.config.roles[3] says input',
    ],
  ] as const)('refuses roles that disagree with the encoding (%#)', (roles, problem) => {
    const project = saved();
    project.config.roles = [...roles];
    expect(() => checkRoles(project, table())).toThrow(
      `Not a valid project file: project.encoding: ${problem}`,
    );
  });

  it('refuses roles for another number of columns than the dataset has', () => {
    const project = saved();
    project.config.roles = ['input', 'input', 'target'];
    expect(() => checkRoles(project, table())).toThrow(
      'Not a valid project file: project.config.roles: 3 roles for the 4 columns of data.csv',
    );
  });

  it('refuses a numeric target encoded otherwise than config.targetClasses says', () => {
    const numbers = saved();
    numbers.config.targetClasses = true;
    expect(() => checkRoles(numbers, table())).toThrow(
      'Not a valid project file: project.encoding.target: column "y" is a number, project.config.targetClasses says classes',
    );
    const classes = saved();
    classes.encoding!.target = { kind: 'classes', column: 'y', labels: ['0', '1'] };
    expect(() => checkRoles(classes, table())).toThrow(
      'project.encoding.target: column "y" holds classes, project.config.targetClasses says a number',
    );
    classes.config.targetClasses = true;
    expect(() => checkRoles(classes, table())).not.toThrow();
    // A text target is a set of classes whatever targetClasses says.
    classes.config.targetClasses = false;
    expect(() => checkRoles(classes, table({ y: 'text' }))).not.toThrow();
  });

  it('leaves a column the dataset lacks to encode, which names the dataset', () => {
    const project = saved();
    project.config.roles = ['input', 'target'];
    const other = { fileName: 'other.csv', columns: table().columns.slice(2) };
    expect(() => checkRoles(project, other)).not.toThrow();
  });
});

describe('projectRun', () => {
  it('gives the run a project saved: its losses and why it stopped, or what it goes on with', () => {
    const finished = saved();
    expect(projectRun(finished)).toEqual({
      history: finished.history,
      stopped: {
        reason: 'max-epochs',
        detail: 'Reached the maximum of 3 epochs.',
        partial: null,
        restoredEpoch: null,
      },
      resume: { optimizer: null, position: null, best: null },
    });
    const paused: ProjectFile = {
      ...saved(),
      stopReason: null,
      stopDetail: '',
      resume: {
        optimizer: { optimizer: 'adam', steps: 3, arrays: { m: [[0.5, 0.25]], v: [[1, 2]] } },
        position: { epoch: 3, row: 2, random: [1, 2, 3, 4], maxChange: 0.125 },
        best: { epoch: 2, loss: 0.25, W: [[1, 2]], theta: [[3]] },
      },
    };
    expect(projectRun(paused)).toEqual({
      history: paused.history,
      stopped: null,
      resume: {
        optimizer: {
          optimizer: 'adam',
          steps: 3,
          arrays: { m: [Float64Array.of(0.5, 0.25)], v: [Float64Array.of(1, 2)] },
        },
        position: paused.resume!.position,
        best: { epoch: 2, loss: 0.25, W: [Float64Array.of(1, 2)], theta: [Float64Array.of(3)] },
      },
    });
  });
});
