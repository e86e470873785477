// The app's way from a table to training data (prepare, predictTable) with numbers near the largest
// float64: they train, and what cannot be normalized is a DataError naming file, row and column.
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../core/csv';
import { DataError } from '../../core/data-error';
import { UNUSABLE_CELL } from '../../core/dataset';
import { plainKernels } from '../../core/matrix';
import { createNetwork } from '../../core/network';
import { DEFAULT_HYPERPARAMETERS } from '../../core/hyperparameters';
import { Random } from '../../core/random';
import type { SessionConfig } from '../shared/api';
import { predictTable } from './predictions';
import { prepare } from './prepare';
import { runResults } from './results';

const config = (normalization: SessionConfig['normalization']): SessionConfig => ({
  roles: ['input', 'input', 'target'],
  normalization,
  validationFraction: 0,
  testFraction: 0,
  hiddenLayers: [{ units: 3, activation: 'sigmoid' }],
  outputActivation: 'sigmoid',
  loss: 'mse',
  hyperparameters: { ...DEFAULT_HYPERPARAMETERS },
});

const big = readCsv('a,b,y\n1,2,x\n1.7e308,3,y\n-1.7e308,4,x\n5,6,y\n1.7e308,8,x\n', 'big.csv');

describe('prepare: inputs near the largest float64 (±1.7e308)', () => {
  it('z-scores them into finite training inputs', () => {
    const prepared = prepare(big, config('zscore'));
    expect(prepared.normalization.offset.every(Number.isFinite)).toBe(true);
    expect(prepared.normalization.scale.every(Number.isFinite)).toBe(true);
    expect(Array.from(prepared.train.X.data).every(Number.isFinite)).toBe(true);
    // z of column a: mean 0 and standard deviation 1 over the five rows
    const a = Array.from({ length: 5 }, (_, r) => prepared.train.X.data[r * 2]);
    expect(a.reduce((s, z) => s + z, 0)).toBeCloseTo(0, 12);
    expect(a.reduce((s, z) => s + z * z, 0) / 5).toBeCloseTo(1, 12);
  });

  it('min-max: a range a float64 cannot hold is a DataError naming the column and rows', () => {
    expect(() => prepare(big, config('minmax'))).toThrow(
      new DataError(
        'big.csv: column 1 "a" runs from -1.7e+308 (row 4) to 1.7e+308 (row 3), a range larger than a float64 holds (1.8e308), so min-max normalization cannot scale it; use z-score normalization',
      ),
    );
  });

  it('float32: a value a float32 cannot hold, as the network gets it, is a DataError naming its cell', () => {
    const float32 = (normalization: SessionConfig['normalization']): SessionConfig => ({
      ...config(normalization),
      hyperparameters: { ...DEFAULT_HYPERPARAMETERS, dtype: 'float32' },
    });
    // Unnormalized, 1.7e308 would become Infinity (training only "diverged"); z-scored, it fits.
    expect(() => prepare(big, float32('none'))).toThrow(
      new DataError(
        'big.csv: row 3, column 1 "a" has 1.7e+308, beyond a float32 (at most ±3.4e38); normalize the inputs or train in float64',
      ),
    );
    expect(prepare(big, float32('zscore')).train.X.rows).toBe(5);
  });

  it('cross-entropy on a numeric target beyond 0 to 1 is a DataError naming its cell', () => {
    const numbers = readCsv('a,b,y\n1,2,0.5\n2,3,151\n3,4,0\n', 'numbers.csv');
    const crossEntropy: SessionConfig = { ...config('zscore'), loss: 'cross-entropy' };
    expect(() => prepare(numbers, crossEntropy)).toThrow(
      new DataError(
        'numbers.csv: row 3, column 3 "y" has 151, but cross-entropy needs targets from 0 to 1 (probabilities); use mean squared error (mse) to regress on a number',
      ),
    );
    expect(prepare(numbers, config('zscore')).train.X.rows).toBe(3);
    // classes are one-hot: cross-entropy takes them
    expect(prepare(big, crossEntropy).train.X.rows).toBe(5);
  });

  it('predicting a value too far from the training rows to normalize names its row and column', () => {
    const small = readCsv('a,b,y\n1,2,x\n2,3,y\n1,4,x\n2,6,y\n', 'small.csv');
    const prepared = prepare(small, config('zscore'));
    const net = createNetwork(prepared.spec, {
      dtype: 'float64',
      initScheme: 'uniform',
      random: new Random(1),
    });
    const fresh = readCsv('a,b\n1,2\n\n-1.7e308,3\n', 'new.csv');
    expect(() => predictTable(net, prepared, fresh)).toThrow(
      new DataError(
        'new.csv: row 4, column 1 "a" has -1.7e+308, too far from the training rows\' values to normalize: (x − 1.5) / 0.5 is beyond a float64 (1.8e308); correct the value or leave the row out',
      ),
    );
  });
});

describe('prepare with a saved encoding', () => {
  it("encodes the table with the encoding's labels, categories and scales, not those it would give", () => {
    // Derived from this table: classes in order of appearance (y2, y1), colours (blue, red).
    const table = readCsv('x,colour,y\n1,blue,y2\n3,red,y1\n5,blue,y2\n7,red,y1\n', 'data.csv');
    const derived = prepare(table, config('zscore'));
    expect(derived.labels).toEqual(['y2', 'y1']);
    const encoding = {
      schema: {
        inputs: [
          { column: 'x', kind: 'numeric' as const },
          { column: 'colour', kind: 'one-hot' as const, categories: ['red', 'blue'] },
        ],
        target: { kind: 'classes' as const, column: 'y', labels: ['y1', 'y2'] },
      },
      normalization: { method: 'zscore' as const, offset: [2, 0, 0], scale: [4, 1, 1] },
    };
    const prepared = prepare(table, config('zscore'), encoding);
    expect(prepared.labels).toEqual(['y1', 'y2']);
    expect(prepared.normalization).toEqual(encoding.normalization);
    // Row 1 (x 1, blue, y2): x′ = (1 − 2) / 4; one-hot (red, blue) = (0, 1); y = (0, 1).
    const r = prepared.split.train.indexOf(0);
    expect(Array.from(prepared.train.X.data.subarray(r * 3, r * 3 + 3))).toEqual([-0.25, 0, 1]);
    expect(Array.from(prepared.train.Y.data.subarray(r * 2, r * 2 + 2))).toEqual([0, 1]);
  });

  it('keeps the number classes of a project saved in order of first appearance (10, 2, 1)', () => {
    const table = readCsv('x,y\n1,10\n2,2\n3,1\n4,10\n', 'digits.csv');
    const classes: SessionConfig = {
      ...config('zscore'),
      roles: ['input', 'target'],
      targetClasses: true,
    };
    // Derived now: in numeric order.
    expect(prepare(table, classes).labels).toEqual(['1', '2', '10']);
    const encoding = {
      schema: {
        inputs: [{ column: 'x', kind: 'numeric' as const }],
        target: { kind: 'classes' as const, column: 'y', labels: ['10', '2', '1'] },
      },
      normalization: { method: 'zscore' as const, offset: [0], scale: [1] },
    };
    const prepared = prepare(table, classes, encoding);
    expect(prepared.labels).toEqual(['10', '2', '1']);
    expect(Array.from(prepared.encoded.classes!)).toEqual([0, 1, 2, 0]);
  });
});

describe('prepare: rows with an empty or invalid cell (config.badRows)', () => {
  // Row 3 has an empty x1, row 5 an x2 too large for a float64; rows 2, 4, 6 and 7 are whole.
  const text = 'x1,x2,y\n1,2,a\n,4,b\n5,6,a\n7,1e999,b\n9,10,b\n11,12,a\n';
  const missing = readCsv(text, 'missing.csv');
  const leaveOut: SessionConfig = { ...config('zscore'), badRows: 'leave-out', testFraction: 0.25 };

  it("refuses them by default, and when told to, with Start's error naming the first cell", () => {
    const error = new DataError('missing.csv: row 3, column 1 "x1" is empty', UNUSABLE_CELL);
    expect(() => prepare(missing, config('zscore'))).toThrow(error);
    expect(() => prepare(missing, { ...config('zscore'), badRows: 'refuse' })).toThrow(error);
  });

  it('leaves them out of every split, says how many, and the results say it too', () => {
    const prepared = prepare(missing, leaveOut);
    expect(prepared.badRows).toBe('leave-out');
    expect(prepared.encoded.dropped).toBe(2);
    // Table rows 0, 2, 4, 5 (file rows 2, 4, 6, 7) are left, shared by the split alone.
    expect(Array.from(prepared.encoded.sourceRows)).toEqual([0, 2, 4, 5]);
    const rows = [prepared.train, prepared.validation, prepared.test].map((d) => d?.X.rows ?? 0);
    expect(rows.reduce((a, b) => a + b, 0)).toBe(4);
    expect(prepared.test?.X.rows).toBe(1);
    // The inputs: z-scores of the kept rows only (x1 of 1, 5, 9, 11 in training order), finite.
    expect(Array.from(prepared.train.X.data).every(Number.isFinite)).toBe(true);
    const net = createNetwork(prepared.spec, {
      dtype: 'float64',
      initScheme: 'uniform',
      random: new Random(1),
    });
    const stopped = {
      reason: 'max-epochs',
      detail: '',
      partial: null,
      restoredEpoch: null,
    } as const;
    expect(runResults(net, prepared, stopped, 0, plainKernels).leftOut).toBe(2);
    const whole = prepare(readCsv('x1,x2,y\n1,2,a\n3,4,b\n', 'whole.csv'), leaveOut);
    expect(whole.encoded.dropped).toBe(0);
    expect(runResults(net, whole, stopped, 0, plainKernels)).not.toHaveProperty('leftOut');
  });

  it('Predict a file: leaves such rows out with leave-out (and counts them), else names the first', () => {
    const prepared = prepare(missing, leaveOut);
    const net = createNetwork(prepared.spec, {
      dtype: 'float64',
      initScheme: 'uniform',
      random: new Random(1),
    });
    const fresh = readCsv('x1,x2\n1,2\n,3\n4,oops\n5,6\n7,8\n', 'fresh.csv');
    const out = predictTable(net, prepared, fresh);
    expect(out).toMatchObject({ rows: 3, leftOut: 2 });
    // The row in the file, the file's own columns, then the prediction: rows 2, 5 and 6.
    expect(
      out.csv
        .split('\n')
        .slice(0, 4)
        .map((line) => line.split(',').slice(0, 3)),
    ).toEqual([
      ['row', 'x1', 'x2'],
      ['2', '1', '2'],
      ['5', '5', '6'],
      ['6', '7', '8'],
    ]);
    expect(predictTable(net, prepared, readCsv('x1,x2\n1,2\n', 'one.csv'))).not.toHaveProperty(
      'leftOut',
    );
    const refusing = prepare(readCsv('x1,x2,y\n1,2,a\n3,4,b\n', 'whole.csv'), config('zscore'));
    expect(() => predictTable(net, refusing, fresh)).toThrow(
      new DataError('fresh.csv: row 3, column 1 "x1" is empty', UNUSABLE_CELL),
    );
  });
});
