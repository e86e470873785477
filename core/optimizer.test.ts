import { describe, expect, it } from 'vitest';
import { Adam, Momentum, SGD, createOptimizer, type OptimizerState } from './optimizer';

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

  it.each(['sgd', 'momentum', 'adam'] as const)(
    '%s: an exported state imported over a copy of the parameters continues the same steps',
    (name) => {
      const hp = { optimizer: name, learningRate: 0.01, momentum: 0.9 };
      const params = p();
      const opt = createOptimizer(params, hp);
      opt.step(g());
      opt.step([Float64Array.of(1, 0), Float64Array.of(-3)]);
      const state = opt.exportState();
      expect(state.optimizer).toBe(name);
      expect(state.steps).toBe(2);
      expect(Object.keys(state.arrays)).toEqual(
        { sgd: [], momentum: ['v'], adam: ['m', 'v'] }[name],
      );

      const copy = params.map((a) => a.slice());
      const resumed = createOptimizer(copy, hp);
      resumed.importState(state);
      opt.step(g());
      resumed.step(g());
      expect(copy).toEqual(params);
      expect(resumed.exportState()).toEqual(opt.exportState());
      // The export was a copy: the steps after it did not change it.
      expect(state.steps).toBe(2);
    },
  );

  it('without the imported state, momentum and adam take a different step', () => {
    for (const name of ['momentum', 'adam'] as const) {
      const hp = { optimizer: name, learningRate: 0.01, momentum: 0.9 };
      const params = p();
      const opt = createOptimizer(params, hp);
      opt.step(g());
      const copy = params.map((a) => a.slice());
      opt.step(g());
      createOptimizer(copy, hp).step(g());
      expect(copy).not.toEqual(params);
    }
  });

  it('names the part of an imported state that does not fit, and changes nothing then', () => {
    const adam = new Adam(p(), 0.01);
    adam.step(g());
    const good = adam.exportState();
    const fresh = () => new Adam(p(), 0.01);
    const bad = (change: Partial<OptimizerState>) => () =>
      fresh().importState({ ...good, ...change });
    expect(bad({ optimizer: 'momentum' })).toThrow(
      'optimizer state (adam): it is the state of momentum, not of adam',
    );
    expect(bad({ steps: -1 })).toThrow(
      'optimizer state (adam): steps is -1, not a whole number ≥ 0',
    );
    expect(bad({ arrays: { m: good.arrays.m } })).toThrow(
      'optimizer state (adam): expected the arrays [m, v], got [m]',
    );
    expect(bad({ arrays: { ...good.arrays, m: good.arrays.m.slice(0, 1) } })).toThrow(
      'optimizer state (adam): m has 1 arrays, expected 2 (one per parameter array)',
    );
    expect(bad({ arrays: { ...good.arrays, v: [good.arrays.v[0], new Float64Array(3)] } })).toThrow(
      'optimizer state (adam): v[1] has 3 values, expected 1 (the length of parameter array 1)',
    );
    expect(
      bad({ arrays: { ...good.arrays, v: [Float64Array.of(1, NaN), good.arrays.v[1]] } }),
    ).toThrow('optimizer state (adam): v[0][1] is NaN, not a finite number');
    const target = fresh();
    expect(() =>
      target.importState({ ...good, arrays: { ...good.arrays, v: good.arrays.v.slice(0, 1) } }),
    ).toThrow();
    expect(target.exportState()).toEqual(fresh().exportState());
    expect(() => new Momentum(p(), 0.1, 0.9).importState(new SGD(p(), 0.1).exportState())).toThrow(
      'optimizer state (momentum): it is the state of sgd, not of momentum',
    );
  });
});
