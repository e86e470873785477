import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random } from './random';

/**
 * xoshiro128** and splitmix32 written independently with BigInt arithmetic modulo 2³², straight
 * from the published algorithms, to check the 32-bit integer tricks of random.ts.
 */
function referenceSequence(seed: number, count: number): number[] {
  const M = 0xffffffffn;
  const mul = (a: bigint, b: bigint) => (a * b) & M;
  const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (32n - k))) & M;
  let state = BigInt(seed >>> 0);
  const s: bigint[] = [];
  for (let i = 0; i < 4; i++) {
    state = (state + 0x9e3779b9n) & M;
    let z = state;
    z = mul(z ^ (z >> 16n), 0x85ebca6bn);
    z = mul(z ^ (z >> 13n), 0xc2b2ae35n);
    s.push(z ^ (z >> 16n));
  }
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    out.push(Number(mul(rotl(mul(s[1], 5n), 7n), 9n)));
    const t = (s[1] << 9n) & M;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11n);
  }
  return out;
}

describe('Random', () => {
  it('is xoshiro128** seeded by splitmix32', () => {
    for (const seed of [0, 1, 42, 0xdeadbeef]) {
      const random = new Random(seed);
      const got = Array.from({ length: 20 }, () => random.nextUint32());
      expect(got).toEqual(referenceSequence(seed, 20));
    }
  });

  it('gives the same numbers for the same seed and different ones for another', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const a = new Random(seed);
        const b = new Random(seed);
        const c = new Random(seed + 1);
        const xs = Array.from({ length: 8 }, () => a.next());
        expect(Array.from({ length: 8 }, () => b.next())).toEqual(xs);
        expect(Array.from({ length: 8 }, () => c.next())).not.toEqual(xs);
      }),
    );
  });

  it('next() is uniform on [0, 1)', () => {
    const random = new Random(7);
    const n = 100_000;
    const bins = new Array<number>(10).fill(0);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const x = random.next();
      if (!(x >= 0 && x < 1)) outside++;
      sum += x;
      bins[Math.floor(x * 10)]++;
    }
    expect(outside).toBe(0);
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005);
    // χ² with 9 degrees of freedom: 27.9 is its 0.999 quantile
    const chi2 = bins.reduce((s, b) => s + (b - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(27.9);
  });

  it('uniform(lo, hi) stays in [lo, hi)', () => {
    const random = new Random(3);
    for (let i = 0; i < 1000; i++) {
      const x = random.uniform(-2, 5);
      expect(x >= -2 && x < 5).toBe(true);
    }
  });

  it('normal() has mean 0 and variance 1', () => {
    const random = new Random(11);
    const n = 100_000;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const x = random.normal();
      sum += x;
      sumSq += x * x;
    }
    const mean = sum / n;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(sumSq / n - mean * mean - 1)).toBeLessThan(0.02);
  });

  it('int(n) covers 0 … n−1 and rejects bad n', () => {
    const random = new Random(5);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(random.int(6));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(() => random.int(0)).toThrow('Random.int: n must be an integer in 1..2^32, got 0');
    expect(() => random.int(2.5)).toThrow('got 2.5');
  });

  it('shuffle() returns a permutation of its input, in place', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer(), (n, seed) => {
        const indices = new Uint32Array(n).map((_, i) => i);
        const shuffled = new Random(seed).shuffle(indices);
        expect(shuffled).toBe(indices);
        expect(Array.from(shuffled).sort((a, b) => a - b)).toEqual(
          Array.from({ length: n }, (_, i) => i),
        );
      }),
    );
  });

  it('shuffle() can produce every ordering of three items', () => {
    const random = new Random(9);
    const orders = new Set<string>();
    for (let i = 0; i < 200; i++) orders.add(random.shuffle([0, 1, 2]).join(''));
    expect(orders.size).toBe(6);
  });

  it('rejects a seed that is not a finite number', () => {
    expect(() => new Random(NaN)).toThrow('Random: seed must be a finite number, got NaN');
  });

  it("state and restore: a generator given another one's state goes on with its numbers", () => {
    const a = new Random(9);
    for (let i = 0; i < 5; i++) a.nextUint32();
    const b = new Random(1);
    b.restore(a.state);
    expect(Array.from({ length: 6 }, () => b.nextUint32())).toEqual(
      Array.from({ length: 6 }, () => a.nextUint32()),
    );
    expect(() => b.restore([0, 0, 0, 0])).toThrow('not all zero; got [0, 0, 0, 0]');
    expect(() => b.restore([1, 2, 3])).toThrow('four 32-bit unsigned integers');
    expect(() => b.restore([1, 2, 3, 2 ** 32])).toThrow('four 32-bit unsigned integers');
  });
});
