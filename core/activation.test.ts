import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTIVATIONS,
  HIDDEN_ACTIVATIONS,
  LEAKY_RELU_SLOPE,
  OUTPUT_ACTIVATIONS,
  applyActivation,
  multiplyByDerivative,
} from './activation';
import { matrixFromRows, matrixToRows } from './matrix';
import { ACTIVATION_NAMES } from './types';

const names = Object.keys(ACTIVATIONS) as (keyof typeof ACTIVATIONS)[];

describe('elementwise activations', () => {
  it('compute g from its definition', () => {
    for (const z of [-3, -0.5, 0, 0.25, 2]) {
      expect(ACTIVATIONS.sigmoid.output(z)).toBeCloseTo(1 / (1 + Math.exp(-z)), 15);
      expect(ACTIVATIONS.tanh.output(z)).toBeCloseTo(
        (Math.exp(z) - Math.exp(-z)) / (Math.exp(z) + Math.exp(-z)),
        15,
      );
      expect(ACTIVATIONS.relu.output(z)).toBe(Math.max(0, z));
      expect(ACTIVATIONS['leaky-relu'].output(z)).toBe(z > 0 ? z : 0.01 * z);
      expect(ACTIVATIONS.identity.output(z)).toBe(z);
    }
    expect(LEAKY_RELU_SLOPE).toBe(0.01);
  });

  it.each(names)('%s: der matches a centred finite difference of output', (name) => {
    const { output, der } = ACTIVATIONS[name];
    // z in ±[0.001, 6]: away from the kink of relu and leaky relu at 0
    const awayFromZero = fc
      .tuple(fc.double({ min: 1e-3, max: 6, noNaN: true }), fc.boolean())
      .map(([size, negative]) => (negative ? -size : size));
    fc.assert(
      fc.property(awayFromZero, (z) => {
        const h = 1e-6;
        const numeric = (output(z + h) - output(z - h)) / (2 * h);
        expect(Math.abs(der(z, output(z)) - numeric)).toBeLessThan(1e-7);
      }),
    );
  });

  it.each(names)('%s: the array loops forward/backward compute exactly output/der', (name) => {
    const { output, der, forward, backward } = ACTIVATIONS[name];
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.constantFrom(Float64Array, Float32Array),
        (values, Store) => {
          const z = Store.from(values);
          const a = new Store(z.length);
          forward(z, a, z.length);
          const delta = Store.from(values.map((_, i) => 1 + i));
          backward(z, a, delta, z.length);
          Array.from(z).forEach((zi, i) => {
            expect(a[i]).toBe(Store.of(output(zi))[0]);
            expect(delta[i]).toBe(Store.of((1 + i) * der(zi, a[i]))[0]);
          });
        },
      ),
    );
  });

  it('sigmoid stays finite and in [0, 1] for large |z|', () => {
    expect(ACTIVATIONS.sigmoid.output(-800)).toBe(0);
    expect(ACTIVATIONS.sigmoid.output(800)).toBe(1);
    expect(ACTIVATIONS.sigmoid.der(800, 1)).toBe(0);
  });

  it('relu and leaky relu take the derivative at 0 from the left (as PyTorch does)', () => {
    expect(ACTIVATIONS.relu.der(0, 0)).toBe(0);
    expect(ACTIVATIONS['leaky-relu'].der(0, 0)).toBe(0.01);
  });
});

describe('matrix forms', () => {
  it('applyActivation applies g to every element', () => {
    const z = matrixFromRows([[-1, 0], [2, 3]]); // prettier-ignore
    const a = matrixFromRows([[0, 0], [0, 0]]); // prettier-ignore
    applyActivation('tanh', z, a);
    expect(matrixToRows(a)).toEqual([[Math.tanh(-1), 0], [Math.tanh(2), Math.tanh(3)]]); // prettier-ignore
  });

  it('softmax rows are positive and sum to 1, even for huge z', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 2, maxLength: 8 }),
        (row) => {
          const z = matrixFromRows([row]);
          const a = matrixFromRows([row.map(() => 0)]);
          applyActivation('softmax', z, a);
          const values = Array.from(a.data);
          values.forEach((v) => expect(v >= 0 && v <= 1).toBe(true));
          expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
        },
      ),
    );
  });

  it('softmax is exp(z_j) / Σ exp(z_k) per row', () => {
    const z = matrixFromRows([[1, 2, 3], [0, 0, 0]]); // prettier-ignore
    const a = matrixFromRows([[0, 0, 0], [0, 0, 0]]); // prettier-ignore
    applyActivation('softmax', z, a);
    const s = Math.exp(1) + Math.exp(2) + Math.exp(3);
    const rows = matrixToRows(a);
    [1, 2, 3].forEach((zj, j) => expect(rows[0][j]).toBeCloseTo(Math.exp(zj) / s, 15));
    rows[1].forEach((v) => expect(v).toBeCloseTo(1 / 3, 15));
  });

  it('multiplyByDerivative multiplies delta by g′(z)', () => {
    const z = matrixFromRows([[0.5, -1]]);
    const a = matrixFromRows([[0, 0]]);
    applyActivation('sigmoid', z, a);
    const delta = matrixFromRows([[2, 3]]);
    multiplyByDerivative('sigmoid', z, a, delta);
    const s = (x: number) => 1 / (1 + Math.exp(-x));
    expect(delta.data[0]).toBeCloseTo(2 * s(0.5) * (1 - s(0.5)), 15);
    expect(delta.data[1]).toBeCloseTo(3 * s(-1) * (1 - s(-1)), 15);
  });

  it('refuses an elementwise derivative of softmax', () => {
    const m = matrixFromRows([[1, 2]]);
    expect(() => multiplyByDerivative('softmax', m, m, m)).toThrow(
      'softmax has no elementwise derivative; it is only allowed on the output layer',
    );
  });
});

describe('the activations a layer may have', () => {
  it('an output layer any of them, a hidden layer any but softmax', () => {
    expect([...OUTPUT_ACTIVATIONS].sort()).toEqual([...ACTIVATION_NAMES].sort());
    expect([...HIDDEN_ACTIVATIONS].sort()).toEqual(
      ACTIVATION_NAMES.filter((a) => a !== 'softmax').sort(),
    );
  });
});
