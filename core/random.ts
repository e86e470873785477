// The one source of randomness in the engine: a seeded xoshiro128** generator (Blackman and
// Vigna, 2018), its 128-bit state filled from the seed by splitmix32. Same seed, same numbers, on
// every platform: only 32-bit integer arithmetic (Math.imul, >>>) is involved.

/** splitmix32: spreads one 32-bit seed over the generator's state words. */
function splitmix32(state: number): [next: number, value: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

export class Random {
  readonly seed: number;
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;
  /** A second normal deviate from the last Box–Muller pair, or null. */
  #spareNormal: number | null = null;

  /** `seed`: any finite number; it is reduced to an unsigned 32-bit integer. */
  constructor(seed: number) {
    if (!Number.isFinite(seed))
      throw new Error(`Random: seed must be a finite number, got ${seed}`);
    this.seed = Math.trunc(seed) >>> 0;
    let state = this.seed;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, value] = splitmix32(state);
      state = next;
      words.push(value);
    }
    [this.#s0, this.#s1, this.#s2, this.#s3] = words;
    // xoshiro's state must not be all zero (splitmix32 never gives that, but be explicit).
    if ((this.#s0 | this.#s1 | this.#s2 | this.#s3) === 0) this.#s0 = 1;
  }

  /**
   * The generator's four state words: a Random given them (restore) goes on with the same
   * numbers (a spare normal deviate pending from Box–Muller is not part of it).
   */
  get state(): number[] {
    return [this.#s0 >>> 0, this.#s1 >>> 0, this.#s2 >>> 0, this.#s3 >>> 0];
  }

  /** Goes on from a `state` taken earlier; what is not four 32-bit words, not all zero, is named. */
  restore(state: readonly number[]): void {
    const word = (v: number) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
    if (state.length !== 4 || !state.every(word) || state.every((v) => v === 0)) {
      throw new Error(
        `Random: a state is four 32-bit unsigned integers, not all zero; got [${state.join(', ')}]`,
      );
    }
    [this.#s0, this.#s1, this.#s2, this.#s3] = state.map((v) => v | 0);
    this.#spareNormal = null;
  }

  /** The next 32-bit unsigned integer of the xoshiro128** sequence. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.#s1, 5), 7), 9) >>> 0;
    const t = this.#s1 << 9;
    this.#s2 ^= this.#s0;
    this.#s3 ^= this.#s1;
    this.#s1 ^= this.#s2;
    this.#s0 ^= this.#s3;
    this.#s2 ^= t;
    this.#s3 = rotl(this.#s3, 11);
    return result;
  }

  /** Uniform in [0, 1), with 32 random bits. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Standard normal N(0, 1), by the Box–Muller transform. */
  normal(): number {
    if (this.#spareNormal !== null) {
      const spare = this.#spareNormal;
      this.#spareNormal = null;
      return spare;
    }
    const u1 = 1 - this.next(); // (0, 1]: log(u1) is finite
    const u2 = this.next();
    const radius = Math.sqrt(-2 * Math.log(u1));
    this.#spareNormal = radius * Math.sin(2 * Math.PI * u2);
    return radius * Math.cos(2 * Math.PI * u2);
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296) {
      throw new Error(`Random.int: n must be an integer in 1..2^32, got ${n}`);
    }
    return Math.floor(this.next() * n);
  }

  /** Shuffles in place (Fisher–Yates) and returns the same array. */
  shuffle<T extends Uint32Array | number[]>(indices: T): T {
    for (let i = indices.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = indices[i];
      indices[i] = indices[j];
      indices[j] = t;
    }
    return indices;
  }
}
