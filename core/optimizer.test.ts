import { describe, expect, it } from 'vitest';
import { Adam, Momentum, SGD, createOptimizer } from './optimizer';

const g = () => [Float64Array.of(0.5, -2), Float64Array.of(4)];
const p = () => [Float64Array.of(1, 1), Float64Array.of(-1)];

describe('optimizers', () => {
  it('sgd: p ← p − lr·g, and returns the largest |Δp|', () => {
    const params = p();
    const change = new SGD(params, 0.1).step(g());
    expect(Array.from(params[0])).toEqual([1 - 0.1 * 0.5, 1 - 0.1 * -2]);
    expect(params[1][0]).toBeCloseTo(-1 - 0.1 * 4, 15);
    expect(change).toBeCloseTo(0.4, 15);
  });

  it('momentum: v ← μv + g; p ← p − lr·v, over two steps', () => {
    const params = p();
    const opt = new Momentum(params, 0.1, 0.9);
    opt.step(g());
    const change = opt.step(g());
    // v₁ = g, v₂ = 0.9g + g = 1.9g; p = p₀ − 0.1g − 0.1·1.9g = p₀ − 0.29g
    expect(params[0][0]).toBeCloseTo(1 - 0.29 * 0.5, 15);
    expect(params[1][0]).toBeCloseTo(-1 - 0.29 * 4, 15);
    expect(change).toBeCloseTo(0.1 * 1.9 * 4, 14);
  });

  it('adam: bias-corrected steps of about lr·sign(g)', () => {
    const params = p();
    const opt = new Adam(params, 0.01);
    opt.step(g());
    // step 1: m̂ = g, v̂ = g², so Δ = lr·g/(|g| + ε)
    expect(params[0][0]).toBeCloseTo(1 - (0.01 * 0.5) / (0.5 + 1e-8), 15);
    expect(params[0][1]).toBeCloseTo(1 + (0.01 * 2) / (2 + 1e-8), 15);
    const g2 = [Float64Array.of(1, 0), Float64Array.of(0)];
    const before = params[0][0];
    opt.step(g2);
    // step 2: m = 0.9·0.09·... from the definitions
    const m = 0.9 * (0.1 * 0.5) + 0.1 * 1;
    const v = 0.999 * (0.001 * 0.25) + 0.001 * 1;
    const expected =
      before - (0.01 * (m / (1 - 0.9 ** 2))) / (Math.sqrt(v / (1 - 0.999 ** 2)) + 1e-8);
    expect(params[0][0]).toBeCloseTo(expected, 15);
  });

  it.each(['sgd', 'momentum', 'adam'] as const)(
    '%s with a zero learning rate leaves the parameters unchanged',
    (name) => {
      const params = p();
      const opt = createOptimizer(params, { optimizer: name, learningRate: 0, momentum: 0.9 });
      expect(opt.step(g())).toBe(0);
      expect(params).toEqual(p());
    },
  );

  it('measures the change actually stored in float32', () => {
    const params = [Float32Array.of(1)];
    const change = new SGD(params, 1).step([Float64Array.of(1e-9)]);
    expect(change).toBe(0); // 1 − 1e-9 rounds back to 1 in float32
  });

  it('names a mismatch of gradients and parameters, and an unknown optimizer', () => {
    expect(() => new SGD(p(), 0.1).step([Float64Array.of(1)])).toThrow(
      'optimizer: 1 gradient arrays for 2 parameter arrays',
    );
    expect(() =>
      createOptimizer(p(), { optimizer: 'rmsprop' as never, learningRate: 1, momentum: 0 }),
    ).toThrow('optimizer: unknown optimizer "rmsprop" (one of sgd, momentum, adam)');
  });
});
