import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyActivation } from './activation';
import { constantCost, costAndOutputDelta, meanCost, outputDelta, sumOfCosts } from './loss';
import { createMatrix, matrixFromRows, type Kernels } from './matrix';
import type { ActivationName, LossName, Matrix } from './types';

function activate(g: ActivationName, zRows: number[][]): { z: Matrix; a: Matrix } {
  const z = matrixFromRows(zRows);
  const a = createMatrix(z.rows, z.cols);
  applyActivation(g, z, a);
  return { z, a };
}

describe('costs, from their definitions', () => {
  it('mse: ½‖a − y‖² per sample, averaged over the batch', () => {
    const { z, a } = activate('identity', [[1, 2], [0, -1]]); // prettier-ignore
    const Y = matrixFromRows([[0, 0], [1, 1]]); // prettier-ignore
    const perSample = [0.5 * (1 + 4), 0.5 * (1 + 4)];
    expect(sumOfCosts('mse', 'identity', z, a, Y)).toBe(perSample[0] + perSample[1]);
    expect(meanCost('mse', 'identity', z, a, Y)).toBe((perSample[0] + perSample[1]) / 2);
  });

  it('cross-entropy with softmax: −Σ y log a', () => {
    const { z, a } = activate('softmax', [[0.3, -1.2, 2], [1, 1, 1]]); // prettier-ignore
    const Y = matrixFromRows([[0, 0, 1], [0.25, 0.75, 0]]); // prettier-ignore
    const expected = -Math.log(a.data[2]) - 0.25 * Math.log(a.data[3]) - 0.75 * Math.log(a.data[4]);
    expect(meanCost('cross-entropy', 'softmax', z, a, Y)).toBeCloseTo(expected / 2, 14);
  });

  it('cross-entropy with sigmoid outputs: binary cross-entropy per output', () => {
    const { z, a } = activate('sigmoid', [[0.4, -2], [3, 0]]); // prettier-ignore
    const Y = matrixFromRows([[1, 0], [0, 1]]); // prettier-ignore
    const bce = (p: number, y: number) => -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
    const expected = bce(a.data[0], 1) + bce(a.data[1], 0) + bce(a.data[2], 0) + bce(a.data[3], 1);
    expect(meanCost('cross-entropy', 'sigmoid', z, a, Y)).toBeCloseTo(expected / 2, 14);
  });

  it('cross-entropy stays finite where a rounds to 0 or 1', () => {
    const soft = activate('softmax', [[-800, 800]]);
    const cost = meanCost('cross-entropy', 'softmax', soft.z, soft.a, matrixFromRows([[1, 0]]));
    expect(cost).toBeCloseTo(1600, 9);
    const sig = activate('sigmoid', [[-800]]);
    expect(meanCost('cross-entropy', 'sigmoid', sig.z, sig.a, matrixFromRows([[1]]))).toBeCloseTo(
      800,
      9,
    );
  });

  it('refuses cross-entropy on outputs that are not probabilities', () => {
    const { z, a } = activate('tanh', [[0.5]]);
    const message = 'cross-entropy needs a sigmoid or softmax output layer, not tanh';
    expect(() => meanCost('cross-entropy', 'tanh', z, a, matrixFromRows([[1]]))).toThrow(message);
    expect(() => outputDelta('cross-entropy', 'tanh', z, a, matrixFromRows([[1]]), z)).toThrow(
      message,
    );
  });
});

/** z in ±[0.01, 3]: away from leaky relu's kink at 0. */
const awayFromZero = fc
  .tuple(fc.double({ min: 0.01, max: 3, noNaN: true }), fc.boolean())
  .map(([size, negative]) => (negative ? -size : size));

const pairs: [LossName, ActivationName][] = [
  ['mse', 'sigmoid'],
  ['mse', 'tanh'],
  ['mse', 'identity'],
  ['mse', 'leaky-relu'],
  ['mse', 'softmax'],
  ['cross-entropy', 'softmax'],
  ['cross-entropy', 'sigmoid'],
];

describe.each(pairs)('output delta of %s with %s', (loss, g) => {
  it('is ∂C/∂z, checked by centred finite differences on each z', () => {
    fc.assert(
      fc.property(
        fc.array(awayFromZero, { minLength: 3, maxLength: 3 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }),
        (zRow, yRow) => {
          // Any targets in [0, 1], distributions or not: fast-check found y = [0, 0, 0], where
          // cross-entropy's C ≡ 0 but its softmax δ was a − y (right only when Σ y = 1).
          const Y = matrixFromRows([yRow]);
          const { z, a } = activate(g, [zRow]);
          const delta = createMatrix(1, 3);
          outputDelta(loss, g, z, a, Y, delta);
          const h = 1e-6;
          zRow.forEach((_, k) => {
            const plus = activate(g, [zRow.map((v, i) => (i === k ? v + h : v))]);
            const minus = activate(g, [zRow.map((v, i) => (i === k ? v - h : v))]);
            const numeric =
              (sumOfCosts(loss, g, plus.z, plus.a, Y) - sumOfCosts(loss, g, minus.z, minus.a, Y)) /
              (2 * h);
            expect(Math.abs(delta.data[k] - numeric)).toBeLessThan(1e-6);
          });
        },
      ),
      { numRuns: 40 },
    );
  });
});

it('cross-entropy with softmax: δ = a Σy − y, also for targets that are not distributions', () => {
  const { z, a } = activate('softmax', [
    [0.5, -1, 2],
    [1, 0.25, -0.5],
  ]);
  const Y = matrixFromRows([
    [0, 0, 0],
    [0.3, 0.2, 0.1],
  ]);
  const delta = createMatrix(2, 3);
  outputDelta('cross-entropy', 'softmax', z, a, Y, delta);
  expect([...delta.data.subarray(0, 3)]).toEqual([0, 0, 0]);
  [0.3, 0.2, 0.1].forEach((y, j) =>
    expect(delta.data[3 + j]).toBeCloseTo(0.6 * a.data[3 + j] - y, 15),
  );
});

describe.each(pairs)('costAndOutputDelta of %s with %s', (loss, g) => {
  const zRows = [
    [0.5, -1.25, 2],
    [-0.75, 0.1, 1.5],
  ];
  const Y = matrixFromRows([
    [0.2, 0.3, 0.5],
    [1, 0, 0],
  ]);
  const { z, a } = activate(g, zRows);
  const expectedDelta = createMatrix(2, 3);
  outputDelta(loss, g, z, a, Y, expectedDelta);
  const expectedCost = sumOfCosts(loss, g, z, a, Y);

  it('is outputDelta and sumOfCosts, with the plain kernels', () => {
    const delta = createMatrix(2, 3);
    expect(costAndOutputDelta(loss, g, z, a, Y, delta)).toBe(expectedCost);
    expect([...delta.data]).toEqual([...expectedDelta.data]);
  });

  it('and the same from kernels that take the residual a − y', () => {
    const calls: string[] = [];
    const kernels: Pick<Kernels, 'residual' | 'multiplyByDerivative'> = {
      residual(a, Y, r) {
        calls.push('residual');
        let sum = 0;
        for (let i = 0; i < r.data.length; i++) {
          r.data[i] = a.data[i] - Y.data[i];
          sum += 0.5 * r.data[i] ** 2;
        }
        return sum;
      },
    };
    const delta = createMatrix(2, 3);
    const cost = costAndOutputDelta(loss, g, z, a, Y, delta, kernels);
    expect(cost).toBeCloseTo(expectedCost, 14);
    delta.data.forEach((d, i) => expect(d).toBeCloseTo(expectedDelta.data[i], 14));
    // Only ½‖a − y‖² over an elementwise g is a residual.
    expect(calls.length).toBe(loss === 'mse' && g !== 'softmax' ? 1 : 0);
  });
});

describe("constantCost: the cost of predicting the targets' means in every row", () => {
  /** Every row ȳ, the column means of Y. */
  const means = (Y: Matrix) => {
    const rows = matrixFromRows(Array.from({ length: Y.rows }, () => new Array(Y.cols).fill(0)));
    for (let i = 0; i < Y.data.length; i++) rows.data[i % Y.cols] += Y.data[i] / Y.rows;
    for (let i = Y.cols; i < rows.data.length; i++) rows.data[i] = rows.data[i % Y.cols];
    return rows;
  };
  const map = (A: Matrix, f: (v: number) => number) => {
    const B = createMatrix(A.rows, A.cols);
    B.data.set(A.data.map(f));
    return B;
  };

  it('mse: ½ Σ_k var(y_k), the mean cost of a = ȳ', () => {
    const Y = matrixFromRows([
      [150, 1],
      [70, 0],
      [310, 0],
      [90, 1],
    ]);
    const a = means(Y);
    expect(constantCost('mse', 'identity', Y)).toBeCloseTo(
      meanCost('mse', 'identity', a, a, Y),
      10,
    );
    // var(150, 70, 310, 90) = 8875, var(1, 0, 0, 1) = 0.25
    expect(constantCost('mse', 'identity', Y)).toBeCloseTo(0.5 * (8875 + 0.25), 10);
  });

  it('cross-entropy with softmax: the entropy of the class frequencies', () => {
    const Y = matrixFromRows([
      [1, 0, 0],
      [0, 1, 0],
      [1, 0, 0],
      [1, 0, 0],
    ]);
    const a = means(Y); // a column of zeros: 0 log 0 = 0
    const z = map(a, (p) => (p > 0 ? Math.log(p) : -1e3));
    expect(constantCost('cross-entropy', 'softmax', Y)).toBeCloseTo(
      meanCost('cross-entropy', 'softmax', z, a, Y),
      10,
    );
    expect(constantCost('cross-entropy', 'softmax', Y)).toBeCloseTo(
      -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)),
      12,
    );
  });

  it("cross-entropy with sigmoid: each output's two-class entropy", () => {
    const Y = matrixFromRows([
      [1, 0],
      [0, 0],
      [1, 1],
      [1, 0],
    ]);
    const a = means(Y);
    const z = map(a, (p) => Math.log(p / (1 - p)));
    expect(constantCost('cross-entropy', 'sigmoid', Y)).toBeCloseTo(
      meanCost('cross-entropy', 'sigmoid', z, a, Y),
      10,
    );
  });
});
