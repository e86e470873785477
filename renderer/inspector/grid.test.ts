// Grids and blocks: a wide matrix arrives as its first rows and columns with the whole's shape and
// largest |value|; the heat map's scale and the shape written are the whole's.
import { describe, expect, it } from 'vitest';
import { block, change, matrix, maxAbs, shapeText } from './grid';

describe('block', () => {
  it('is the matrix itself when the block is all of it', () => {
    const m = [
      [1, -2],
      [3, 4],
    ];
    expect(block(m, 2, 2, 4)).toEqual(matrix(m));
    expect(maxAbs(block(m, 2, 2, 4))).toBe(4);
  });

  it('of a larger matrix, keeps its shape and its largest |value| as the scale', () => {
    const g = block([[0.5, -0.25]], 300, 200, 10);
    expect(g).toEqual({
      rows: 1,
      cols: 2,
      values: [0.5, -0.25],
      whole: { rows: 300, cols: 200, maxAbs: 10 },
    });
    expect(shapeText(g)).toBe('300 × 200');
    expect(maxAbs(g)).toBe(10);
    // An all-zero whole keeps colours neutral, as an all-zero grid does.
    expect(maxAbs(block([[0]], 5, 5, 0))).toBe(1);
  });
});

describe('change of blocks', () => {
  it('subtracts the blocks of the same whole; its scale is the block’s own', () => {
    const now = block([[1, 2]], 40, 3, 9);
    const before = block([[0.5, 3]], 40, 3, 8);
    const d = change(now, before);
    expect(d).toEqual({ rows: 1, cols: 2, values: [0.5, -1], whole: { rows: 40, cols: 3 } });
    expect(shapeText(d!)).toBe('40 × 3');
    expect(maxAbs(d!)).toBe(1);
  });

  it('is null between blocks of different wholes or sizes', () => {
    expect(change(block([[1, 2]], 40, 3, 9), block([[1, 2]], 41, 3, 9))).toBeNull();
    expect(change(block([[1, 2]], 40, 3, 9), block([[1]], 40, 3, 9))).toBeNull();
    expect(change(block([[1, 2]], 40, 3, 9), matrix([[1, 2]]))).toBeNull();
  });
});
