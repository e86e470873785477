// The decision surface against the engine's forward pass: each cell is the prediction at the
// cell's centre, the other inputs at their means, through the session's normalization.
import { describe, expect, it } from 'vitest';
import { forward } from '../../core/forward';
import { matrixFromRows } from '../../core/matrix';
import { networkFromArrays } from '../../core/network';
import type { Matrix } from '../../core/types';
import { SURFACE_MAX_POINTS } from '../shared/sample-rows';
import { decisionSurface, paddedRange, type SurfaceContext } from './surface';

// A 3-2-2 softmax network; inputs are scaled by ½ on the way in (a stand-in normalization).
const net = networkFromArrays(
  { topology: [3, 2, 2], activations: ['tanh', 'softmax'], loss: 'cross-entropy' },
  [
    [
      [1, -1],
      [0.5, 2],
      [-0.3, 0.1],
    ],
    [
      [2, -2],
      [-1, 1],
    ],
  ],
  [
    [0.1, -0.1],
    [0, 0],
  ],
);
const half = (X: Matrix): Matrix => ({ ...X, data: X.data.map((v) => v / 2) });
const ctx: SurfaceContext = {
  net,
  rawX: matrixFromRows([
    [0, 10, 4],
    [2, 20, 6],
    [4, 30, 8],
  ]),
  Y: matrixFromRows([
    [1, 0],
    [0, 1],
    [0, 1],
  ]),
  labels: ['no', 'yes'],
  normalize: half,
};

describe('decisionSurface', () => {
  const s = decisionSurface(ctx, {
    xFeature: 0,
    yFeature: 2,
    resolution: 4,
    hidden: true,
    output: 0,
  });

  it('spans each chosen input with 5% padding and keeps the points in raw units', () => {
    expect(s.xRange).toEqual(paddedRange([0, 2, 4]));
    expect(s.xRange[0]).toBeCloseTo(-0.2, 12);
    expect(s.yRange[1]).toBeCloseTo(8.2, 12);
    expect(s.points).toEqual([
      { x: 0, y: 4, target: 0 },
      { x: 2, y: 6, target: 1 },
      { x: 4, y: 8, target: 1 },
    ]);
    expect(s.labels).toEqual(['no', 'yes']);
    expect(s.totalPoints).toBe(3);
  });

  it('has in each cell the engine’s output at the cell centre, other inputs at their means', () => {
    const [x0, x1] = s.xRange;
    const [y0, y1] = s.yRange;
    for (const [r, c] of [
      [0, 0],
      [1, 3],
      [3, 2],
    ]) {
      const x = x0 + ((c + 0.5) / 4) * (x1 - x0);
      const y = y1 - ((r + 0.5) / 4) * (y1 - y0); // row 0 is the top
      const { a } = forward(net, half(matrixFromRows([[x, 20, y]])));
      const cell = r * 4 + c;
      expect(s.outputs[0][cell]).toBeCloseTo(a[2].data[0], 12);
      expect(s.outputs[1][cell]).toBeCloseTo(a[2].data[1], 12);
      expect(s.hidden[0][1][cell]).toBeCloseTo(a[1].data[1], 12);
    }
    expect(s.outputs).toHaveLength(2);
    expect(s.outputs[0]).toHaveLength(16);
    expect(s.hidden).toHaveLength(1);
  });

  it('returns no hidden planes unless asked, and numeric targets as values', () => {
    const r = decisionSurface(
      { ...ctx, labels: null, Y: matrixFromRows([[1.5], [2.5], [-1]]) },
      { xFeature: 1, yFeature: 0, resolution: 2, hidden: false, output: 0 },
    );
    expect(r.hidden).toEqual([]);
    expect(r.points.map((p) => p.target)).toEqual([1.5, 2.5, -1]);
    expect(r.labels).toEqual([]);
  });

  it('draws the numeric output asked for, with the points carrying its targets', () => {
    const numeric: SurfaceContext = {
      ...ctx,
      net: { ...net, activations: ['tanh', 'identity'], loss: 'mse' },
      labels: null,
      Y: matrixFromRows([
        [1.5, -3],
        [2.5, -4],
        [-1, 5],
      ]),
    };
    const request = { xFeature: 1, yFeature: 0, resolution: 2, hidden: false, output: 1 };
    const r = decisionSurface(numeric, request);
    expect(r.output).toBe(1);
    expect(r.outputs).toHaveLength(2);
    expect(r.points.map((p) => p.target)).toEqual([-3, -4, 5]);
    expect(() => decisionSurface(numeric, { ...request, output: 2 })).toThrow(
      'Decision surface: output 2 is not an output unit; they are 0 to 1',
    );
  });

  it('draws a 0/1 target on one sigmoid output as two classes (XOR)', () => {
    const xor = networkFromArrays(
      { topology: [2, 2, 1], activations: ['tanh', 'sigmoid'], loss: 'mse' },
      [
        [
          [1, -1],
          [1, -1],
        ],
        [[2], [2]],
      ],
      [[-0.5, 1.5], [-2]],
    );
    const r = decisionSurface(
      {
        net: xor,
        rawX: matrixFromRows([
          [0, 0],
          [0, 1],
          [1, 0],
          [1, 1],
        ]),
        Y: matrixFromRows([[0], [1], [1], [0]]),
        labels: null,
        normalize: (X) => X,
      },
      { xFeature: 0, yFeature: 1, resolution: 8, hidden: false, output: 0 },
    );
    expect(r.labels).toEqual(['0', '1']);
    expect(r.points.map((p) => p.target)).toEqual([0, 1, 1, 0]);
  });

  it('carries a bounded sample of a large set’s points, every class in it, the ranges of all', () => {
    // 200,000 rows × 4 inputs; class 2 has 5 rows (the first), classes 0 and 1 share the rest
    const rows = 200_000;
    const classOf = (r: number) => (r < 5 ? 2 : r % 2);
    const rawX = { rows, cols: 4, dtype: 'float64' as const, data: new Float64Array(rows * 4) };
    const Y = { rows, cols: 3, dtype: 'float64' as const, data: new Float64Array(rows * 3) };
    for (let r = 0; r < rows; r++) {
      for (let f = 0; f < 4; f++) rawX.data[r * 4 + f] = r + f;
      Y.data[r * 3 + classOf(r)] = 1;
    }
    const wide = networkFromArrays(
      { topology: [4, 3], activations: ['softmax'], loss: 'cross-entropy' },
      [Array.from({ length: 4 }, () => [0.001, 0, -0.001])],
      [[0, 0, 0]],
    );
    const r = decisionSurface(
      { net: wide, rawX, Y, labels: ['a', 'b', 'c'], normalize: (X) => X },
      { xFeature: 0, yFeature: 3, resolution: 8, hidden: false, output: 0 },
    );
    expect(r.totalPoints).toBe(rows);
    expect(r.points.length).toBeLessThanOrEqual(SURFACE_MAX_POINTS);
    expect(r.points.length).toBeGreaterThan(SURFACE_MAX_POINTS / 2);
    expect(r.points.filter((p) => p.target === 2)).toHaveLength(5);
    // each point is its row: x = r, y = r + 3, target its class
    for (const p of r.points) {
      expect(p.y).toBe(p.x + 3);
      expect(p.target).toBe(classOf(p.x));
    }
    expect(r.xRange).toEqual(paddedRange([0, rows - 1]));
  });

  it('spans inputs near the largest float64 with a finite range and mean', () => {
    expect(paddedRange([-1.7e308, 0, 1.7e308])).toEqual([-Number.MAX_VALUE, Number.MAX_VALUE]);
    const [lo, hi] = paddedRange([1e308, 1.5e308]);
    expect(lo).toBeCloseTo(0.975e308, -300);
    expect(hi).toBeCloseTo(1.525e308, -300);
  });

  it('names a feature or resolution it cannot use', () => {
    expect(() =>
      decisionSurface(ctx, { xFeature: 3, yFeature: 0, resolution: 8, hidden: false, output: 0 }),
    ).toThrow('Decision surface: xFeature 3 is not an input; inputs are 0 to 2');
    expect(() =>
      decisionSurface(ctx, {
        xFeature: 0,
        yFeature: 1,
        resolution: 1000,
        hidden: false,
        output: 0,
      }),
    ).toThrow('resolution 1000 must be an integer from 2 to 200');
  });
});
