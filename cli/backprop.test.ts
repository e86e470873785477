// End to end: the bundled `backprop` command run as a child process, as a user runs it.
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../test/temp-dir';

const root = resolve(import.meta.dirname, '..');
const examples = join(root, 'examples');
const golden = join(root, 'core', 'fixtures', 'golden');
let dir: string;
let bin: string;

beforeAll(async () => {
  dir = tempDir('backprop-cli-');
  await build({
    configFile: join(root, 'vite.cli.config.ts'),
    root,
    logLevel: 'silent',
    build: { outDir: join(dir, 'bin'), emptyOutDir: true },
  });
  bin = join(dir, 'bin', 'backprop.mjs');
});

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function backprop(...args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [bin, ...args], {
      cwd: dir,
      maxBuffer: 1 << 26,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const error = e as { code: number; stdout: string; stderr: string };
    return { code: error.code, stdout: error.stdout, stderr: error.stderr };
  }
}

function relative(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

describe('backprop --help and usage', () => {
  it('runs as a program of its own (its #! line, executable), as npx backprop runs it', async () => {
    const { stdout } = await promisify(execFile)(bin, ['--help'], { cwd: dir });
    expect(stdout).toContain('train');
  });

  it('prints every command and option', async () => {
    const r = await backprop('--help');
    expect(r.code).toBe(0);
    for (const word of [
      'train',
      'predict',
      'evaluate',
      '--init',
      '--log',
      '--json',
      '--target-loss',
      '--patience',
    ]) {
      expect(r.stdout).toContain(word);
    }
  });

  const usage: [string, string[], string][] = [
    ['no command', [], 'backprop: no command given (see backprop --help)'],
    ['an unknown command', ['fit'], "backprop: unknown command 'fit' (see backprop --help)"],
    [
      'an unknown option',
      ['train', '--data', 'x.csv', '--out', 'm.json', '--speed', '3'],
      'backprop: unknown option --speed for backprop train (see backprop --help)',
    ],
    [
      'a missing value',
      ['train', '--data', 'x.csv', '--out', 'm.json', '--lr'],
      'backprop: --lr needs a value (see backprop --help)',
    ],
    [
      'a number that is not one',
      ['train', '--data', 'x.csv', '--out', 'm.json', '--lr', 'fast'],
      "backprop: --lr: expected a number, got 'fast' (see backprop --help)",
    ],
    [
      'a number out of range',
      ['train', '--data', 'x.csv', '--out', 'm.json', '--lr=-1'],
      'backprop: --lr: must be a number > 0 and ≤ 100, got -1 (see backprop --help)',
    ],
    [
      'an unknown choice',
      ['train', '--data', 'x.csv', '--out', 'm.json', '--optimizer', 'rmsprop'],
      "backprop: --optimizer: expected one of sgd, momentum, adam, got 'rmsprop' (see backprop --help)",
    ],
    [
      'a negative value without =',
      ['train', '--data', 'x.csv', '--out', 'm.json', '--lr', '-1'],
      "backprop: --lr: write a value that starts with '-' as --lr=VALUE (see backprop --help)",
    ],
    [
      'no --out',
      ['train', '--data', 'x.csv'],
      'backprop: train needs --out MODEL.json (where to write the model) (see backprop --help)',
    ],
    [
      '--layers with --init',
      ['train', '--data', 'x.csv', '--out', 'm.json', '--init', 'i.json', '--layers', '4'],
      'backprop: --layers cannot be used with --init (the model file sets the topology) (see backprop --help)',
    ],
    [
      'a --batch that is neither full nor a number',
      ['train', '--data', 'x.csv', '--out', 'm.json', '--batch', 'FULL'],
      "backprop: --batch: expected 'full' or a number of rows ≥ 1, got 'FULL' (see backprop --help)",
    ],
    [
      'a negative --batch',
      ['train', '--data', 'x.csv', '--out', 'm.json', '--batch=-3'],
      "backprop: --batch: expected 'full' or a number of rows ≥ 1, got '-3' (see backprop --help)",
    ],
    [
      'an empty entry in --layers',
      ['train', '--data', 'x.csv', '--out', 'm.json', '--layers', '4,,3'],
      "backprop: --layers: expected sizes like 16,8 (whole numbers ≥ 1), got '4,,3' (see backprop --help)",
    ],
    [
      'no size in --layers',
      ['train', '--data', 'x.csv', '--out', 'm.json', '--layers', ','],
      "backprop: --layers: expected sizes like 16,8 (whole numbers ≥ 1), got ',' (see backprop --help)",
    ],
    [
      'a number in another base',
      ['train', '--data', 'x.csv', '--out', 'm.json', '--lr', '0x10'],
      "backprop: --lr: expected a number, got '0x10' (see backprop --help)",
    ],
    [
      'a --batch in another base',
      ['train', '--data', 'x.csv', '--out', 'm.json', '--batch', '0b11'],
      "backprop: --batch: expected 'full' or a number of rows ≥ 1, got '0b11' (see backprop --help)",
    ],
    [
      'a size in --layers in another base',
      ['train', '--data', 'x.csv', '--out', 'm.json', '--layers', '8,0o7'],
      "backprop: --layers: expected sizes like 16,8 (whole numbers ≥ 1), got '8,0o7' (see backprop --help)",
    ],
    [
      'a layer wider than the app allows',
      ['train', '--data', 'x.csv', '--out', 'm.json', '--layers', '8,20000'],
      'backprop: --layers: at most 4096 units a layer (as in the app), got 20000 (see backprop --help)',
    ],
    [
      '--patience without validation',
      ['train', '--data', 'x.csv', '--out', 'm.json', '--patience', '5'],
      'backprop: --patience needs a validation set: add --validation F (e.g. 0.2) (see backprop --help)',
    ],
  ];
  for (const [name, args, message] of usage) {
    it(`exits 2 for ${name}, with one line on stderr`, async () => {
      const r = await backprop(...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`${message}\n`);
      expect(r.stdout).toBe('');
    });
  }
});

describe('bad input: exit 1 with one line naming file, row, column or field', () => {
  beforeAll(() => {
    writeFileSync(join(dir, 'bad-cell.csv'), 'x,y,label\n1,2,a\n3,oops,b\n4,5,a\n6,7,b\n');
    writeFileSync(join(dir, 'ragged.csv'), 'x,y,label\n1,2,a\n3,4\n');
    writeFileSync(join(dir, 'huge.csv'), 'x,y,label\n1,2,a\n3,1e39,b\n4,5,a\n6,7,b\n');
    writeFileSync(join(dir, 'pipe.csv'), 'x|y|label\n1|2|a\n3|4|b\n');
    writeFileSync(join(dir, 'numbers.csv'), 'x,y\n3,0.5\n1,151\n4,0\n2,1\n');
    writeFileSync(join(dir, 'spaces.txt'), 'x  y  label\n1  2  a\n3  4  b\n');
    writeFileSync(
      join(dir, 'bad-model.json'),
      '{"format": "backprop-studio.model", "version": 1, "dtype": "float64"}\n',
    );
  });

  const cases: [string, string[], string][] = [
    [
      'a missing data file',
      ['train', '--data', 'nowhere.csv', '--out', 'm.json'],
      'backprop: cannot read nowhere.csv: no such file or directory',
    ],
    [
      'a non-numeric cell',
      ['train', '--data', 'bad-cell.csv', '--out', 'm.json'],
      'backprop: bad-cell.csv: row 3, column 2 "y" has "oops", which is not a number; --drop-rows skips such rows',
    ],
    [
      'a ragged row',
      ['train', '--data', 'ragged.csv', '--out', 'm.json'],
      'backprop: ragged.csv: row 3 has 2 fields, the header has 3; column 3 "label" is missing',
    ],
    [
      'a file that another character than comma, tab or semicolon separates',
      ['train', '--data', 'pipe.csv', '--out', 'm.json'],
      'backprop: pipe.csv: row 1: no comma, tab or semicolon separates the header\'s fields, but "|" seems to (3 fields); save the file with commas, tabs or semicolons between the fields',
    ],
    [
      'a file that runs of spaces separate (numpy.savetxt), as the app refuses it',
      ['train', '--data', 'spaces.txt', '--out', 'm.json'],
      'backprop: spaces.txt: row 1: no comma, tab or semicolon separates the header\'s fields, but spaces seem to, as in the rows below it (3 fields); save the file with commas, tabs or semicolons between the fields (numpy.savetxt: delimiter=",")',
    ],
    [
      'an unknown target column',
      ['train', '--data', 'bad-cell.csv', '--out', 'm.json', '--target', 'z'],
      'backprop: bad-cell.csv: no column named "z" (columns: "x", "y", "label")',
    ],
    [
      'a value beyond a float32, unnormalized, for a float32 network',
      [
        'train',
        '--data',
        'huge.csv',
        '--out',
        'm.json',
        '--dtype',
        'float32',
        '--normalize',
        'none',
      ],
      'backprop: huge.csv: row 3, column 2 "y" has 1e+39, beyond a float32 (at most ±3.4e38); normalize the inputs or train in float64',
    ],
    [
      'cross-entropy on a numeric target beyond 0 to 1 (a regression)',
      ['train', '--data', 'numbers.csv', '--out', 'm.json', '--loss', 'cross-entropy'],
      'backprop: numbers.csv: row 3, column 2 "y" has 151, but cross-entropy needs targets from 0 to 1 (probabilities); use mean squared error (mse) to regress on a number',
    ],
    [
      'a bad model file',
      ['predict', '--model', 'bad-model.json', '--data', 'bad-cell.csv'],
      'backprop: bad-model.json: topology: missing',
    ],
    [
      'an output directory that does not exist',
      [
        'train',
        '--data',
        join(examples, 'iris.csv'),
        '--out',
        'no/such/dir/m.json',
        '--epochs',
        '1',
      ],
      'backprop: cannot write no/such/dir/m.json: no such file or directory',
    ],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const r = await backprop(...args);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`${message}\n`);
    });
  }

  it('drops the bad rows with --drop-rows and says so', async () => {
    const r = await backprop(
      'train',
      '--data',
      'bad-cell.csv',
      '--out',
      'dropped.json',
      '--drop-rows',
      '--test',
      '0',
      '--epochs',
      '3',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'bad-cell.csv: 4 rows (1 dropped for empty or non-numeric cells); 2 inputs → label (2 classes: a, b)',
    );
  });

  it('treats a numeric target as classes with --classes, in numeric order', async () => {
    const rows = Array.from({ length: 20 }, (_, r) => `${(r * 7) % 20},${r % 3 === 0 ? 10 : 2}`);
    writeFileSync(join(dir, 'numeric-classes.csv'), ['x,digit', ...rows].join('\n'));
    const r = await backprop(
      'train',
      '--data',
      'numeric-classes.csv',
      '--classes',
      '--epochs',
      '2',
      '--out',
      'nc.json',
      '--json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).metrics.train).toMatchObject({
      kind: 'classification',
      labels: ['2', '10'],
    });
  });

  it('checks that the outputs can be written before it reads or trains anything', async () => {
    const r = await backprop('train', '--data', 'ragged.csv', '--out', 'no/such/dir/m.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('backprop: cannot write no/such/dir/m.json: no such file or directory\n');
    const p = await backprop(
      'predict',
      '--model',
      'bad-model.json',
      '--data',
      'ragged.csv',
      '--out',
      'no/p.csv',
    );
    expect(p.stderr).toBe('backprop: cannot write no/p.csv: no such file or directory\n');
  });

  const clashes: [string, string[], string][] = [
    [
      'train --out naming the data file',
      ['train', '--data', 'bad-cell.csv', '--out', './bad-cell.csv', '--drop-rows'],
      '--out and --data name the same file (./bad-cell.csv); give --out another',
    ],
    [
      'train --log naming the model file',
      [
        'train',
        '--data',
        'bad-cell.csv',
        '--out',
        'same.json',
        '--log',
        'same.json',
        '--drop-rows',
      ],
      '--log and --out name the same file (same.json); give --log another',
    ],
    [
      'predict --out naming the data file',
      ['predict', '--model', 'bad-model.json', '--data', 'bad-cell.csv', '--out', 'bad-cell.csv'],
      '--out and --data name the same file (bad-cell.csv); give --out another',
    ],
  ];
  it('lets train --out replace the --init model (read first, written whole), not --log', async () => {
    const init = await backprop(
      'train',
      '--data',
      join(examples, 'iris.csv'),
      '--out',
      'again.json',
      '--epochs',
      '1',
    );
    expect(init.code).toBe(0);
    const before = readFileSync(join(dir, 'again.json'), 'utf8');
    const r = await backprop(
      'train',
      '--data',
      join(examples, 'iris.csv'),
      '--init',
      'again.json',
      '--out',
      'again.json',
      '--epochs',
      '1',
    );
    expect(r.stderr).toBe('');
    expect(readFileSync(join(dir, 'again.json'), 'utf8')).not.toBe(before);
    const log = await backprop(
      'train',
      '--data',
      join(examples, 'iris.csv'),
      '--init',
      'again.json',
      '--out',
      'm.json',
      '--log',
      'again.json',
    );
    expect(log.stderr).toBe(
      'backprop: --log and --init name the same file (again.json); give --log another (see backprop --help)\n',
    );
    expect(log.code).toBe(2);
  });

  for (const [name, args, message] of clashes) {
    it(`refuses ${name}, and the file is left as it was`, async () => {
      const before = readFileSync(join(dir, 'bad-cell.csv'), 'utf8');
      const r = await backprop(...args);
      expect(r.stderr).toBe(`backprop: ${message} (see backprop --help)\n`);
      expect(r.code).toBe(2);
      expect(readFileSync(join(dir, 'bad-cell.csv'), 'utf8')).toBe(before);
    });
  }

  it('takes a --target or --ignore that names a column with a comma in its name', async () => {
    const rows = Array.from({ length: 10 }, (_, r) => `${(r * 3) % 10},${r % 3},${(r * 7) % 5}`);
    writeFileSync(join(dir, 'comma-name.csv'), ['x,"size, cm","weight, kg"', ...rows].join('\n'));
    const r = await backprop(
      'train',
      '--data',
      'comma-name.csv',
      '--target',
      'weight, kg',
      '--ignore',
      'size, cm',
      '--epochs',
      '1',
      '--output-activation',
      'identity',
      '--out',
      'comma-name.json',
    );
    expect(r.stderr).toBe('');
    const model = JSON.parse(readFileSync(join(dir, 'comma-name.json'), 'utf8'));
    expect(model.inputs.columns).toEqual([{ column: 'x', kind: 'numeric' }]);
    expect(model.target).toEqual({ kind: 'numeric', columns: ['weight, kg'] });
  });

  it('says on stderr when a numeric target runs beyond what the output activation gives', async () => {
    // the default sigmoid output on a regression's target
    const rows = Array.from(
      { length: 12 },
      (_, r) => `${(r * 5) % 12},${25 + ((r * 7) % 12) * 20}`,
    );
    writeFileSync(join(dir, 'regression.csv'), ['x,"weight, kg"', ...rows].join('\n'));
    const args = ['train', '--data', 'regression.csv', '--epochs', '2', '--out', 'reg.json'];
    const r = await backprop(...args);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'backprop: regression.csv: the target column 2 "weight, kg" runs from 25 to 245, but a sigmoid output layer gives values from 0 to 1 only; --output-activation identity fits any number\n',
    );
    const relu = await backprop(...args, '--output-activation', 'relu');
    expect(relu.stderr).toBe('');
    const tanh = await backprop(...args, '--output-activation', 'tanh');
    expect(tanh.stderr).toContain('a tanh output layer gives values from -1 to 1 only');
    expect((await backprop(...args, '--output-activation', 'identity')).stderr).toBe('');
  });

  it('ignores a pandas index column as the app does, says so on stderr, and --input uses it', async () => {
    // Iris sorted by class with pandas' unnamed index: the index alone tells the class.
    const iris = readFileSync(join(examples, 'iris.csv'), 'utf8').trimEnd().split('\n');
    const lines = iris.map((line, r) => `${r === 0 ? '' : r - 1},${line}`);
    writeFileSync(join(dir, 'iris_pandas.csv'), `${lines.join('\n')}\n`);
    const args = ['train', '--data', 'iris_pandas.csv', '--epochs', '3', '--out', 'pandas.json'];
    const r = await backprop(...args);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'backprop: iris_pandas.csv: ignoring column 1 (no name in the header: an index?); --input COL,... uses it\n',
    );
    expect(r.stdout).toContain('iris_pandas.csv: 150 rows; 4 inputs → species');
    const model = JSON.parse(readFileSync(join(dir, 'pandas.json'), 'utf8'));
    expect(model.inputs.columns.map((c: { column: string }) => c.column)).toEqual([
      'sepal_length_cm',
      'sepal_width_cm',
      'petal_length_cm',
      'petal_width_cm',
    ]);
    // --input takes the column all the same; --ignore and --target still choose.
    const used = await backprop(...args, '--input', 'column 1');
    expect(used.stderr).toBe('');
    expect(used.stdout).toContain('5 inputs → species');
    const chosen = await backprop(...args, '--ignore', 'sepal_width_cm', '--json');
    expect(chosen.stderr).toContain('ignoring column 1 (');
    expect(JSON.parse(chosen.stdout).rows.total).toBe(150);
    const both = await backprop(...args, '--input', 'species');
    expect(both.stderr).toBe(
      'backprop: iris_pandas.csv: column 6 "species" cannot be both a target and an input\n',
    );
    expect(both.code).toBe(1);
  });

  it('leaves an existing output untouched when training fails, and writes no temporary file', async () => {
    writeFileSync(join(dir, 'keep.json'), 'old');
    const r = await backprop('train', '--data', 'ragged.csv', '--out', 'keep.json');
    expect(r.code).toBe(1);
    expect(readFileSync(join(dir, 'keep.json'), 'utf8')).toBe('old');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

interface GoldenCase {
  name: string;
  topology: number[];
  activations: string[];
  loss: string;
  optimizer: { type: 'sgd' | 'adam'; lr: number; momentum?: number };
  l2?: number;
  batchSize: number;
  epochs: number;
  threshold?: number;
  dtype: 'float64';
  init: { weights: number[][][]; biases: number[][] };
  data: { x: number[][]; y: number[][] };
  expected: {
    lossPerEpoch: number[];
    stopEpoch?: number;
    final: { weights: number[][][]; biases: number[][] };
  };
}

describe('numbers near the largest float64 (±1.7e308) in an input column', () => {
  beforeAll(() => {
    const rows = ['1,2,x', '1.7e308,3,y', '1.7e308,4,x', '5,6,y', '7,8,x', '-1.7e308,1,y'];
    writeFileSync(join(dir, 'huge.csv'), ['a,b,y', ...rows].join('\n') + '\n');
    writeFileSync(join(dir, 'modest.csv'), 'a,b,y\n1,2,x\n2,3,y\n1,4,x\n2,6,y\n');
  });

  it('trains with z-scores (finite statistics), and evaluates with the model', async () => {
    const r = await backprop('train', '--data', 'huge.csv', '--out', 'huge.json', '--epochs', '3');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const model = JSON.parse(readFileSync(join(dir, 'huge.json'), 'utf8'));
    expect(
      [...model.inputs.normalization.offset, ...model.inputs.normalization.scale].every(
        Number.isFinite,
      ),
    ).toBe(true);
    const e = await backprop('evaluate', '--model', 'huge.json', '--data', 'huge.csv');
    expect(e.code).toBe(0);
  });

  it('min-max: names the column and the rows of its extremes, and what to do', async () => {
    const r = await backprop(
      'train',
      ...['--data', 'huge.csv', '--out', 'mm.json', '--normalize', 'minmax'],
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'backprop: huge.csv: column 1 "a" runs from -1.7e+308 (row 7) to 1.7e+308 (row 3), a range larger than a float64 holds (1.8e308), so min-max normalization cannot scale it; use z-score normalization\n',
    );
  });

  it('predict: a value too far from the training rows names its file, row and column', async () => {
    const t = await backprop(
      'train',
      '--data',
      'modest.csv',
      '--out',
      'modest.json',
      '--test',
      '0',
    );
    expect(t.code).toBe(0);
    const r = await backprop('predict', '--model', 'modest.json', '--data', 'huge.csv');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'backprop: huge.csv: row 3, column 1 "a" has 1.7e+308, too far from the training rows\' values to normalize: (x − 1.5) / 0.5 is beyond a float64 (1.8e308); correct the value or leave the row out\n',
    );
  });
});

describe('--json with a loss too large for a number', () => {
  beforeAll(() =>
    writeFileSync(join(dir, 'two-classes.csv'), 'a,b,y\n1,2,x\n2,3,y\n1,4,x\n2,6,y\n'),
  );

  it('writes it as the string "Infinity", not as null (which means no such split)', async () => {
    const t = await backprop(
      'train',
      ...['--data', 'two-classes.csv', '--out', 'linear.json', '--test', '0', '--epochs', '3'],
      ...['--output-activation', 'identity'],
    );
    expect(t.code).toBe(0);
    // Output weights of 1e300 make the outputs ~1e300: their squares overflow.
    const model = JSON.parse(readFileSync(join(dir, 'linear.json'), 'utf8'));
    model.weights[1] = model.weights[1].map((row: number[]) => row.map((w) => w * 1e300));
    writeFileSync(join(dir, 'huge-output.json'), JSON.stringify(model));
    const args = ['--model', 'huge-output.json', '--data', 'two-classes.csv'];
    const e = await backprop('evaluate', ...args, '--json');
    expect(e.code).toBe(0);
    expect(JSON.parse(e.stdout)).toMatchObject({ rows: 4, loss: 'Infinity' });
    const text = await backprop('evaluate', ...args);
    expect(text.stdout.split('\n')[2].trim().split(/ +/)[0]).toBe('Infinity');
  });
});

describe('a CSV that Excel on Windows saved (Windows-1252, not UTF-8)', () => {
  it('trains, predicts and evaluates, and says on stderr that the file was read as Windows-1252', async () => {
    const drinks = join(root, 'core', 'fixtures', 'windows-1252', 'drinks.csv');
    const warning =
      'backprop: drinks.csv: row 2, column 1 "city" has the byte 0xE9, which is not UTF-8: the file is read as Windows-1252 (Excel\'s encoding on Windows) from there on; if its text looks wrong, save it as UTF-8\n';
    const t = await backprop('train', '--data', drinks, '--out', 'drinks.json', '--epochs', '3');
    expect(t.code).toBe(0);
    expect(t.stderr).toBe(warning);
    expect(t.stdout.split('\n')[0]).toBe(
      `${drinks}: 8 rows; 12 inputs → served (2 classes: hot, cold)`,
    );
    const model = JSON.parse(readFileSync(join(dir, 'drinks.json'), 'utf8'));
    expect(model.inputs.columns[0].categories).toEqual(['Montréal', 'Zürich', 'Köln', 'São Paulo']);
    expect(model.inputs.columns[4].categories).toEqual(['$', '€']);
    const p = await backprop('predict', '--model', 'drinks.json', '--data', drinks);
    expect(p.code).toBe(0);
    expect(p.stderr).toBe(warning);
    expect(p.stdout.trim().split('\n')).toHaveLength(9);
    const e = await backprop('evaluate', '--model', 'drinks.json', '--data', drinks, '--json');
    expect(e.code).toBe(0);
    expect(JSON.parse(e.stdout).rows).toBe(8);
  });
});

describe('golden traces through the command line (train --init, float64 to 1e-9)', () => {
  for (const file of readdirSync(golden).filter((f) => f.endsWith('.json'))) {
    it(file, async () => {
      const c = JSON.parse(readFileSync(join(golden, file), 'utf8')) as GoldenCase;
      const inputs = c.data.x[0].map((_, i) => `x${i + 1}`);
      const outputs = c.data.y[0].map((_, k) => `y${k + 1}`);
      const csv = [
        [...inputs, ...outputs].join(','),
        ...c.data.x.map((x, r) => [...x, ...c.data.y[r]].map(String).join(',')),
      ];
      writeFileSync(join(dir, `${c.name}.csv`), `${csv.join('\n')}\n`);
      const init = {
        format: 'backprop-studio.model',
        version: 1,
        dtype: 'float64',
        topology: c.topology,
        activations: c.activations,
        loss: c.loss,
        weights: c.init.weights,
        biases: c.init.biases,
        inputs: {
          columns: inputs.map((column) => ({ column, kind: 'numeric' })),
          normalization: {
            method: 'none',
            offset: inputs.map(() => 0),
            scale: inputs.map(() => 1),
          },
        },
        target: { kind: 'numeric', columns: outputs },
        hyperparameters: null,
        training: null,
      };
      writeFileSync(join(dir, `${c.name}.init.json`), JSON.stringify(init));
      const optimizer =
        c.optimizer.type === 'adam' ? 'adam' : c.optimizer.momentum ? 'momentum' : 'sgd';
      const r = await backprop(
        'train',
        '--init',
        `${c.name}.init.json`,
        '--data',
        `${c.name}.csv`,
        '--test',
        '0',
        '--optimizer',
        optimizer,
        '--lr',
        String(c.optimizer.lr),
        '--momentum',
        String(c.optimizer.momentum ?? 0),
        '--l2',
        String(c.l2 ?? 0),
        '--batch',
        c.batchSize === 0 ? 'full' : String(c.batchSize),
        '--epochs',
        String(c.epochs),
        '--threshold',
        String(c.threshold ?? 0),
        '--out',
        `${c.name}.model.json`,
        '--log',
        `${c.name}.log.csv`,
        '--json',
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const summary = JSON.parse(r.stdout);
      const epochs = c.expected.stopEpoch ?? c.epochs;
      expect(summary.epochs).toBe(epochs);
      expect(summary.stopReason).toBe(c.expected.stopEpoch ? 'threshold' : 'max-epochs');

      const log = readFileSync(join(dir, `${c.name}.log.csv`), 'utf8')
        .trim()
        .split('\n');
      expect(log[0]).toBe('epoch,train_loss,validation_loss,max_change');
      expect(log).toHaveLength(epochs + 1);
      log.slice(1).forEach((line, k) => {
        const [epoch, loss] = line.split(',').map(Number);
        expect(epoch).toBe(k + 1);
        expect(relative(loss, c.expected.lossPerEpoch[k])).toBeLessThan(1e-9);
      });

      const model = JSON.parse(readFileSync(join(dir, `${c.name}.model.json`), 'utf8'));
      expect(model.training.stopReason).toBe(summary.stopReason);
      c.expected.final.weights.forEach((W, l) =>
        W.forEach((row, i) =>
          row.forEach((w, j) => expect(relative(model.weights[l][i][j], w)).toBeLessThan(1e-9)),
        ),
      );
      c.expected.final.biases.forEach((b, l) =>
        b.forEach((t, j) => expect(relative(model.biases[l][j], t)).toBeLessThan(1e-9)),
      );
    });
  }
});

describe('output read by a program that stops early', () => {
  it('predict | head: ends quietly when the pipe closes (no EPIPE stack), status 0', async () => {
    const iris = readFileSync(join(examples, 'iris.csv'), 'utf8').trim().split('\n');
    const rows = Array.from({ length: 20_000 }, (_, r) => iris[1 + (r % (iris.length - 1))]);
    writeFileSync(join(dir, 'many.csv'), [iris[0], ...rows].join('\n'));
    const trained = await backprop(
      'train',
      '--data',
      'many.csv',
      '--out',
      'many.json',
      '--epochs',
      '1',
    );
    expect(trained.code).toBe(0);
    // Like `head -1`: read the first chunk, then close the pipe.
    const child = spawn('node', [bin, 'predict', '--model', 'many.json', '--data', 'many.csv'], {
      cwd: dir,
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('the example classification sets with the defaults', () => {
  for (const name of ['iris', 'wine']) {
    it(`${name}: held-out accuracy above 0.9; predict and evaluate use the model file alone`, async () => {
      const r = await backprop(
        'train',
        '--data',
        join(examples, `${name}.csv`),
        '--out',
        `${name}.model.json`,
        '--json',
      );
      expect(r.code).toBe(0);
      expect(r.stderr).toBe(''); // piped: no progress
      const summary = JSON.parse(r.stdout);
      expect(summary.rows.test).toBeGreaterThan(25);
      expect(summary.metrics.test.accuracy).toBeGreaterThan(0.9);
      expect(summary.finalLoss.test).toBeLessThan(summary.initialLoss.test);

      const evaluation = await backprop(
        'evaluate',
        '--model',
        `${name}.model.json`,
        '--data',
        join(examples, `${name}.csv`),
        '--json',
      );
      expect(evaluation.code).toBe(0);
      const all = JSON.parse(evaluation.stdout);
      expect(all.metrics.accuracy).toBeGreaterThan(0.9);
      expect(all.rows).toBe(summary.rows.total);

      const predictions = await backprop(
        'predict',
        '--model',
        `${name}.model.json`,
        '--data',
        join(examples, `${name}.csv`),
        '--out',
        `${name}.predictions.csv`,
      );
      expect(predictions.code).toBe(0);
      const lines = readFileSync(join(dir, `${name}.predictions.csv`), 'utf8')
        .trim()
        .split('\n');
      expect(lines).toHaveLength(summary.rows.total + 1);
      const labels = all.metrics.labels as string[];
      expect(lines[0]).toBe(
        ['row', name === 'iris' ? 'species' : 'cultivar', ...labels.map((l) => `output:${l}`)].join(
          ',',
        ),
      );
      // The predicted labels agree with the file as often as evaluate says.
      const actual = readFileSync(join(examples, `${name}.csv`), 'utf8')
        .trim()
        .split('\n')
        .slice(1);
      let correct = 0;
      lines.slice(1).forEach((line, r) => {
        const [row, predicted] = line.split(',');
        expect(Number(row)).toBe(r + 2);
        if (actual[r].trim().split(',').pop() === predicted) correct++;
      });
      expect(correct / actual.length).toBe(all.metrics.accuracy);
    });
  }

  it('prints a readable summary on stdout without --json', async () => {
    const r = await backprop(
      'train',
      '--data',
      join(examples, 'iris.csv'),
      '--out',
      'iris2.model.json',
      '--epochs',
      '50',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^.*iris\.csv: 150 rows; 4 inputs → species \(3 classes: setosa, versicolor, virginica\)\nsplit: 120 train, 0 validation, 30 test \(seed 1\)\nnetwork 4-16-3 \(sigmoid, sigmoid\), mse, sgd lr 0\.5, full batch, float64\nstopped after 50 epochs \(max-epochs\)/,
    );
    expect(existsSync(join(dir, 'iris2.model.json'))).toBe(true);
    const one = await backprop(
      'train',
      '--data',
      join(examples, 'iris.csv'),
      '--out',
      'iris3.model.json',
      '--epochs',
      '1',
    );
    expect(one.stdout).toContain('\nstopped after 1 epoch (max-epochs)');
  });
});

describe('a regression with several numeric targets', () => {
  const diabetes = join(examples, 'diabetes.csv');
  const options = ['--activation', 'tanh', '--output-activation', 'identity', '--lr', '0.01'];
  const train = (...more: string[]) =>
    backprop('train', '--data', diabetes, '--epochs', '200', ...options, ...more);

  it('train reports RMSE, MAE and R² per target column, and the mean of their R²', async () => {
    const json = await train('--target', 's5,progression', '--out', 'two.json', '--json');
    expect(json.code).toBe(0);
    const { metrics } = JSON.parse(json.stdout) as {
      metrics: Record<
        'train' | 'test',
        { r2: number; targets: { column: string; r2: number; rmse: number }[] }
      >;
    };
    for (const split of ['train', 'test'] as const) {
      const m = metrics[split];
      expect(m.targets.map((t) => t.column)).toEqual(['s5', 'progression']);
      expect(m.r2).toBeCloseTo((m.targets[0].r2 + m.targets[1].r2) / 2, 14);
      // s5 runs from about 3 to 6, progression from 25 to 346: errors of their own sizes.
      expect(m.targets[0].rmse).toBeLessThan(2);
      expect(m.targets[1].rmse).toBeGreaterThan(20);
    }

    const text = await train('--target', 's5,progression', '--out', 'two.json');
    const table = text.stdout.split('\n').slice(4, 11);
    expect(table[0].trim().split(/ +/)).toEqual(['target', 'loss', 'rmse', 'mae', 'r2']);
    expect(table.map((line) => line.trim().split(/ +/).slice(0, 2))).toEqual([
      ['target', 'loss'],
      ['train', 's5'],
      ['progression', expect.any(String)],
      ['mean', expect.any(String)],
      ['test', 's5'],
      ['progression', expect.any(String)],
      ['mean', expect.any(String)],
    ]);
    // the mean row has the R² only
    expect(table[3].trim().split(/ +/)).toEqual(['mean', expect.any(String)]);
  });

  it("evaluate's figures are each column's, from the predictions predict writes", async () => {
    await train('--target', 's5,progression', '--out', 'two.json');
    const e = await backprop('evaluate', '--model', 'two.json', '--data', diabetes, '--json');
    const p = await backprop('predict', '--model', 'two.json', '--data', diabetes);
    const { metrics } = JSON.parse(e.stdout) as {
      metrics: { rmse: number; mae: number; r2: number; targets: Record<string, number>[] };
    };
    const [header, ...data] = readFileSync(diabetes, 'utf8').trim().split(/\r?\n/);
    const names = header.split(',');
    const predicted = p.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').map(Number));
    expect(predicted).toHaveLength(data.length);
    for (const [c, column] of ['s5', 'progression'].entries()) {
      const y = data.map((line) => Number(line.split(',')[names.indexOf(column)]));
      const a = predicted.map((row) => row[1 + c]);
      const mean = y.reduce((s, v) => s + v, 0) / y.length;
      const sse = y.reduce((s, v, r) => s + (a[r] - v) ** 2, 0);
      const sst = y.reduce((s, v) => s + (v - mean) ** 2, 0);
      const t = metrics.targets[c];
      expect(t.column).toBe(column);
      expect(relative(t.rmse, Math.sqrt(sse / y.length))).toBeLessThan(1e-12);
      expect(
        relative(t.mae, y.reduce((s, v, r) => s + Math.abs(a[r] - v), 0) / y.length),
      ).toBeLessThan(1e-12);
      expect(relative(t.r2, 1 - sse / sst)).toBeLessThan(1e-12);
    }
    const text = await backprop('evaluate', '--model', 'two.json', '--data', diabetes);
    expect(
      text.stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.trim().split(/ +/)[0]),
    ).toEqual([expect.stringMatching(/diabetes\.csv:$/), 'target', 's5', 'progression', 'mean']);
  });

  it('one target: the same fields and table as before, and its one entry in targets', async () => {
    const r = await train('--out', 'one.json', '--json');
    const { metrics } = JSON.parse(r.stdout) as {
      metrics: { test: { rmse: number; mae: number; r2: number; targets: unknown[] } };
    };
    const { rmse, mae, r2 } = metrics.test;
    expect(metrics.test.targets).toEqual([{ column: 'progression', rmse, mae, r2 }]);
    const text = await train('--out', 'one.json');
    expect(text.stdout.split('\n')[4].trim().split(/ +/)).toEqual(['loss', 'rmse', 'mae', 'r2']);
  });
});
