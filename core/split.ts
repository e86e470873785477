// A seeded split of the rows into training, validation and test sets. With classes it is
// stratified: each class is split in the same proportions, so a small held-out set still has
// every class. Within each set the rows keep their file order.
import { allocate, dtypeOf } from './matrix';
import { Random } from './random';
import type { Matrix } from './types';

export interface SplitOptions {
  /** Fractions of the rows held out, each in [0, 1), together below 1. */
  validation: number;
  test: number;
  seed: number;
  /** Class index of each row (stratifies the split), or null. */
  classes?: Int32Array | null;
}

export interface RowSplit {
  train: Uint32Array;
  validation: Uint32Array;
  test: Uint32Array;
}

function checkFraction(name: string, f: number): void {
  if (!(Number.isFinite(f) && f >= 0 && f < 1)) {
    throw new Error(`${name} fraction must be a number in [0, 1), got ${f}`);
  }
}

/**
 * How `size` rows (a class, or all of them) are shared out: round(share · size) to each held-out
 * set, but at least one row left to train on (a class the network never sees cannot be learned),
 * so a small group may give fewer than its share.
 */
export function splitSizes(
  size: number,
  validation: number,
  test: number,
): { train: number; validation: number; test: number } {
  if (size < 1) return { train: 0, validation: 0, test: 0 };
  const nTest = Math.min(Math.round(size * test), size - 1);
  const nValidation = Math.min(Math.round(size * validation), size - 1 - nTest);
  return { train: size - nTest - nValidation, validation: nValidation, test: nTest };
}

/**
 * How many rows each set gets when groups of these sizes (the classes, or all the rows as one) are
 * each shared out by splitSizes, as splitRows shares them: the training rows a full batch holds.
 */
export function splitCounts(
  groupSizes: readonly number[],
  validation: number,
  test: number,
): { train: number; validation: number; test: number } {
  const total = { train: 0, validation: 0, test: 0 };
  for (const size of groupSizes) {
    const part = splitSizes(size, validation, test);
    total.train += part.train;
    total.validation += part.validation;
    total.test += part.test;
  }
  return total;
}

/**
 * Splits row indices 0..n−1; each class (or all rows) is shared out by splitSizes, its rows
 * shuffled first.
 */
export function splitRows(n: number, options: SplitOptions): RowSplit {
  const { validation, test, seed, classes = null } = options;
  checkFraction('validation', validation);
  checkFraction('test', test);
  if (validation + test >= 1) {
    throw new Error(
      `validation + test fractions must leave rows to train on, got ${validation} + ${test}`,
    );
  }
  const groups: number[][] = [];
  for (let r = 0; r < n; r++) {
    const g = classes ? classes[r] : 0;
    (groups[g] ??= []).push(r);
  }
  const random = new Random(seed);
  const parts = { train: [] as number[], validation: [] as number[], test: [] as number[] };
  for (const group of groups) {
    if (!group) continue;
    random.shuffle(group);
    const { test: nTest, validation: nValidation } = splitSizes(group.length, validation, test);
    // One push per row: spreading a group into push() overflows the stack past ~100 000 rows.
    for (let k = 0; k < group.length; k++) {
      const part =
        k < nTest ? parts.test : k < nTest + nValidation ? parts.validation : parts.train;
      part.push(group[k]);
    }
  }
  const sorted = (rows: number[]): Uint32Array => Uint32Array.from(rows).sort();
  return {
    train: sorted(parts.train),
    validation: sorted(parts.validation),
    test: sorted(parts.test),
  };
}

/** The rows `rows` of M, in that order, as a new matrix of the same dtype. */
export function takeRows(M: Matrix, rows: ArrayLike<number>): Matrix {
  const data = allocate(dtypeOf(M.data), rows.length * M.cols);
  for (let k = 0; k < rows.length; k++) {
    data.set(M.data.subarray(rows[k] * M.cols, (rows[k] + 1) * M.cols), k * M.cols);
  }
  return { rows: rows.length, cols: M.cols, data };
}
