// The inspector's notation: which grid is which quantity of which layer, the formulas, the
// gradient-descent preview and the changes between two inspections.
import { describe, expect, it } from 'vitest';
import type { Inspection } from '../../app/shared/api';
import { shapeText } from './grid';
import { fmt, layerQuantities, outputDeltaTex, rowQuantities, sub, sup } from './notation';
import { wideInspection } from './testing/wide-inspection';

/** A 2-2-1 inspection with easy numbers (not a real forward pass: only the mapping is tested). */
function inspection(shift = 0): Inspection {
  return {
    row: 0,
    trainingRows: 4,
    loss: 'mse',
    x: [1, 2],
    y: [1],
    z: [[], [0.1, 0.2], [0.3]],
    a: [[1, 2], [0.4, 0.5], [0.6]],
    gPrime: [[], [0.24, 0.25], [0.24]],
    delta: [[], [0.01, 0.02], [-0.096]],
    dW: [
      [
        [0.01, 0.02],
        [0.02, 0.04],
      ],
      [[-0.0384], [-0.048]],
    ],
    dTheta: [[0.01, 0.02], [-0.096]],
    cost: 0.08,
    batchMean: {
      rows: 4,
      dW: [
        [
          [1, 2],
          [3, 4],
        ],
        [[5], [6]],
      ],
      dTheta: [[7, 8], [9]],
      maxAbs: { dW: [4, 6], update: [1.6, 2.4] }, // of W − 0.5 ∂C/∂W: 0.4 − 2, 0.6 − 3
    },
    network: {
      topology: [2, 2, 1],
      activations: ['tanh', 'sigmoid'],
      weights: [
        [
          [0.1 + shift, 0.2],
          [0.3, 0.4],
        ],
        [[0.5], [0.6]],
      ],
      biases: [[0, 0], [0]],
    },
    learningRate: 0.5,
    maxShown: 32,
    // Of the matrices above (whole: they fit), for the shifts the tests use (0 and 0.5).
    maxAbs: {
      W: [Math.max(0.4, 0.1 + shift), 0.6],
      dW: [0.04, 0.048],
      update: [Math.max(0.38, 0.095 + shift), 0.624],
    },
  };
}

describe('layerQuantities', () => {
  it('lists layer l in the order of the derivation, with shapes and names', () => {
    const qs = layerQuantities(inspection(), 3, null);
    expect(qs.map((q) => q.id)).toEqual([
      'W',
      'theta',
      'z',
      'a',
      'gPrime',
      'delta',
      'dW',
      'dTheta',
      'update',
    ]);
    const byId = Object.fromEntries(qs.map((q) => [q.id, q]));
    expect(byId.W.grid).toEqual({ rows: 2, cols: 1, values: [0.5, 0.6] });
    expect(byId.W.name).toBe('W⁽³⁾');
    expect(byId.W.cellName(1, 0)).toBe('w₂,₁⁽³⁾');
    expect(byId.delta.formula).toBe("\\delta^{(3)} = (a^{(3)} - y) \\odot g'(z^{(3)})");
    expect(byId.a.formula).toBe('a^{(3)} = \\sigma(z^{(3)})');
    expect(byId.z.grid).toEqual({ rows: 1, cols: 1, values: [0.3] });
    expect(byId.dW.cellName(0, 0)).toBe('∂C/∂w₁,₁⁽³⁾');
    // the hidden layer's δ comes from the next layer's
    const hidden = Object.fromEntries(layerQuantities(inspection(), 2, null).map((q) => [q.id, q]));
    expect(hidden.delta.formula).toBe("\\delta^{(2)} = (W^{(3)}\\delta^{(3)}) \\odot g'(z^{(2)})");
    expect(hidden.a.formula).toBe('a^{(2)} = \\tanh(z^{(2)})');
    expect(hidden.W.grid.values).toEqual([0.1, 0.2, 0.3, 0.4]);
  });

  it('previews W − α∂C/∂W with the gradient shown (the row’s, or the batch mean)', () => {
    const row = layerQuantities(inspection(), 3, null).find((q) => q.id === 'update')!;
    expect(row.grid.values).toEqual([0.5 - 0.5 * -0.0384, 0.6 - 0.5 * -0.048]);
    const mean = layerQuantities(inspection(), 3, null, true);
    expect(mean.find((q) => q.id === 'dW')!.grid.values).toEqual([5, 6]);
    expect(mean.find((q) => q.id === 'dTheta')!.grid.values).toEqual([9]);
    expect(mean.find((q) => q.id === 'update')!.grid.values).toEqual([0.5 - 2.5, 0.6 - 3]);
    expect(mean.find((q) => q.id === 'dW')!.formula).toContain('\\tfrac1m');
  });

  it('computes changes only against an inspection of the same row', () => {
    const before = inspection();
    const after = inspection(0.5);
    const W = layerQuantities(after, 2, before).find((q) => q.id === 'W')!;
    expect(W.change?.values).toEqual([0.5, 0, 0, 0]); // (0.1 + 0.5) − 0.1, exact in binary
    const other = { ...before, row: 3 };
    expect(layerQuantities(after, 2, other).find((q) => q.id === 'W')!.change).toBeNull();
  });

  it('refuses the input layer and layers past L, naming the valid ones', () => {
    expect(() => layerQuantities(inspection(), 1, null)).toThrow(
      'layer 1 has no weights: pick 2..3',
    );
    expect(() => layerQuantities(inspection(), 4, null)).toThrow('pick 2..3');
  });

  it('shows x = a⁽¹⁾ and y', () => {
    const [x, y] = rowQuantities(inspection(), null);
    expect(x.formula).toBe('x = a^{(1)}');
    expect(x.grid.values).toEqual([1, 2]);
    expect(y.grid.values).toEqual([1]);
  });

  it('names the elements of x by feature and of y by class or target column', () => {
    const names = { inputs: ['petal_length', 'colour=red'], outputs: ['progression'] };
    const [x, y] = rowQuantities(inspection(), null, names);
    expect(x.cellName(0, 0)).toBe('x₁ (petal_length)');
    expect(x.cellName(1, 0)).toBe('x₂ (colour=red)');
    expect(y.cellName(0, 0)).toBe('y₁ (progression)');
    const [, cls] = rowQuantities(inspection(), null, { inputs: null, outputs: ['versicolor'] });
    expect(cls.cellName(0, 0)).toBe('y₁ (versicolor)');
  });

  it('numbers the elements when the names are unknown or do not fit the layer', () => {
    const [x, y] = rowQuantities(inspection(), null);
    expect(x.cellName(1, 0)).toBe('x₂');
    expect(y.cellName(0, 0)).toBe('y₁');
    // Three names for two inputs: numbered; one for the one output: named.
    const names = { inputs: ['a', 'b', 'c'], outputs: ['progression'] };
    const [x3, y1] = rowQuantities(inspection(), null, names);
    expect(x3.cellName(1, 0)).toBe('x₂');
    expect(y1.cellName(0, 0)).toBe('y₁ (progression)');
  });
});

describe('text helpers', () => {
  it('writes indices as sub- and superscripts', () => {
    expect(sub(12)).toBe('₁₂');
    expect(sup(3)).toBe('⁽³⁾');
  });

  it('prints 4 significant digits, exponents for tiny or huge values', () => {
    expect(fmt(0.123816)).toBe('0.1238');
    expect(fmt(-2.5e-5)).toBe('-2.500e-5');
    expect(fmt(0)).toBe('0');
    expect(fmt(NaN)).toBe('NaN');
  });
});

describe('output δ by loss and activation', () => {
  it('is a − y for cross-entropy, the softmax Jacobian for ½‖a − y‖² through softmax', () => {
    expect(outputDeltaTex('cross-entropy', 3, 'softmax')).toBe('\\delta^{(3)} = a^{(3)} - y');
    expect(outputDeltaTex('mse', 3, 'softmax')).toBe(
      '\\delta^{(3)} = J_{\\operatorname{softmax}}(z^{(3)})^{\\top} (a^{(3)} - y)',
    );
    expect(outputDeltaTex('mse', 4, 'tanh')).toBe(
      "\\delta^{(4)} = (a^{(4)} - y) \\odot g'(z^{(4)})",
    );
  });
});

describe('a wide layer sent as its first rows and columns', () => {
  const wide = (shift = 0) => wideInspection(shift);
  const byId = (qs: ReturnType<typeof layerQuantities>) =>
    Object.fromEntries(qs.map((q) => [q.id, q]));

  it('shows the blocks with the whole matrices’ shapes and largest |value|', () => {
    const qs = byId(layerQuantities(wide(), 2, null));
    expect(qs.W.grid).toEqual({
      rows: 2,
      cols: 2,
      values: [0.1, 0.2, 0.3, 0.4],
      whole: { rows: 3, cols: 5, maxAbs: 7 },
    });
    expect(shapeText(qs.W.grid)).toBe('3 × 5');
    expect(qs.dW.grid.whole).toEqual({ rows: 3, cols: 5, maxAbs: 0.15 });
    expect(qs.update.grid.whole).toEqual({ rows: 3, cols: 5, maxAbs: 7.05 });
    // W − α∂C/∂W on the block, α = 0.5
    expect(qs.update.grid.values).toEqual([0.1 - 0.005, 0.2 - 0.01, 0.3 - 0.01, 0.4 - 0.02]);
    expect(qs.theta.grid.rows).toBe(5);
    expect(qs.z.grid.whole).toBeUndefined();
    const out = byId(layerQuantities(wide(), 3, null));
    expect(shapeText(out.W.grid)).toBe('5 × 1');
    expect(out.W.grid.values).toEqual([0.5, 0.6]);
  });

  it('takes the batch mean’s blocks and maxima', () => {
    const qs = byId(layerQuantities(wide(), 2, null, true));
    expect(qs.dW.grid.values).toEqual([1, 2, 3, 4]);
    expect(qs.dW.grid.whole).toEqual({ rows: 3, cols: 5, maxAbs: 30 });
    expect(qs.update.grid.whole).toEqual({ rows: 3, cols: 5, maxAbs: 15 });
  });

  it('compares the block before and after a step', () => {
    const qs = byId(layerQuantities(wide(0.25), 2, wide()));
    expect(qs.W.change?.values).toEqual([0.1 + 0.25 - 0.1, 0, 0, 0]);
    expect(qs.W.change?.whole).toEqual({ rows: 3, cols: 5 });
    expect(qs.update.change?.values).toEqual([0.1 + 0.25 - 0.005 - (0.1 - 0.005), 0, 0, 0]);
    expect(qs.dW.change?.values).toEqual([0, 0, 0, 0]);
  });
});
