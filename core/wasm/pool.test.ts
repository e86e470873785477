// Splitting a product across threads: the parts tile C exactly, and computing them one after
// the other gives the whole product. The threads themselves: app/utility/kernel-threads.test.ts.
import { describe, expect, it } from 'vitest';
import { Random } from '../random';
import { chunksFor, createGemmPool, ModeChooser, PARALLEL_MIN_WORK, splitCall } from './pool';
import { createWasmKernels, runGemm, type GemmCall } from './wasm-kernels';

describe('splitCall', () => {
  it('splits the longer side of C: columns in blocks of four vectors, rows in pairs', () => {
    const base: GemmCall = {
      f64: false,
      transA: 0,
      transB: 0,
      m: 32,
      n: 130,
      k: 5,
      A: 0,
      lda: 5,
      B: 1000,
      ldb: 130,
      C: 9000,
      ldc: 130,
      alpha: 1,
      beta: 0,
      change: false,
      sigmoid: false,
      theta: 0,
      a: 0,
    };
    const parts = splitCall(base, 2);
    expect(parts.map((p) => p.n)).toEqual([64, 66]);
    expect(parts[1].C).toBe(9000 + 64 * 4);
    expect(parts[1].B).toBe(1000 + 64 * 4);
    const tall = splitCall({ ...base, m: 784, n: 128, transA: 1, lda: 784 }, 2);
    expect(tall.map((p) => p.m)).toEqual([392, 392]);
    expect(tall[1].A).toBe(392 * 4);
    expect(tall[1].C).toBe(9000 + 392 * 130 * 4);
  });

  it.each([
    [0, 0],
    [1, 0],
    [0, 1],
  ])('parts computed in turn equal the whole product (transA %i, transB %i)', (transA, transB) => {
    const kernels = createWasmKernels({ shared: true });
    const random = new Random(3);
    for (const [m, n, k] of [
      [37, 90, 11],
      [101, 20, 33],
    ]) {
      const A = kernels.allocate('float64', m * k).map(() => random.next() - 0.5);
      const B = kernels.allocate('float64', k * n).map(() => random.next() - 0.5);
      const a = kernels.allocate('float64', m * k);
      const b = kernels.allocate('float64', k * n);
      a.set(A);
      b.set(B);
      const whole = kernels.allocate('float64', m * n);
      const split = kernels.allocate('float64', m * n);
      const call = (C: Float64Array): GemmCall => ({
        f64: true,
        transA,
        transB,
        m,
        n,
        k,
        A: a.byteOffset,
        lda: transA ? m : k,
        B: b.byteOffset,
        ldb: transB ? k : n,
        C: C.byteOffset,
        ldc: n,
        alpha: 0.5,
        beta: 0,
        change: false,
        sigmoid: false,
        theta: 0,
        a: 0,
      });
      const work = kernels.reserve(kernels.workBytes);
      const run = (c: GemmCall) => runGemm(kernels.exports, c, work);
      run(call(whole as Float64Array));
      for (const part of splitCall(call(split as Float64Array), 3)) run(part);
      expect([...split]).toEqual([...whole]);
    }
  });

  it.each([
    [16, 100, 50],
    [90, 40, 33],
  ])("a sigmoid layer's parts computed in turn equal the whole layer (%i × %i · %i)", (m, n, k) => {
    const kernels = createWasmKernels({ shared: true });
    const random = new Random(m);
    const values = (length: number) =>
      kernels.allocate('float32', length).map(() => random.next() - 0.5);
    const [A, B, theta] = [values(m * k), values(k * n), values(n)];
    const layer = () => {
      const z = kernels.allocate('float32', m * n);
      const a = kernels.allocate('float32', m * n);
      const call: GemmCall = {
        f64: false,
        transA: 0,
        transB: 0,
        m,
        n,
        k,
        A: A.byteOffset,
        lda: k,
        B: B.byteOffset,
        ldb: n,
        C: z.byteOffset,
        ldc: n,
        alpha: 1,
        beta: 0,
        change: false,
        sigmoid: true,
        theta: theta.byteOffset,
        a: a.byteOffset,
      };
      return { z, a, call };
    };
    const work = kernels.reserve(kernels.workBytes);
    const whole = layer();
    runGemm(kernels.exports, whole.call, work);
    // By columns (n ≥ m) or by rows: θ and a move with C.
    const split = layer();
    const parts = splitCall(split.call, 3);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) runGemm(kernels.exports, part, work);
    expect([...split.z]).toEqual([...whole.z]);
    expect([...split.a]).toEqual([...whole.a]);
    whole.a.forEach((x, i) => expect(x).toBeCloseTo(1 / (1 + Math.exp(-whole.z[i])), 6));
  });

  it('finishes on the calling thread alone when no worker ever shows up', () => {
    const kernels = createWasmKernels({ shared: true });
    const pool = createGemmPool(kernels, 1); // its worker is never started
    const [m, n, k] = [64, 520, 520];
    expect(m * n * k).toBeGreaterThanOrEqual(PARALLEL_MIN_WORK);
    const random = new Random(5);
    const A = {
      rows: m,
      cols: k,
      data: kernels.allocate('float32', m * k).map(() => random.next()),
    };
    const B = {
      rows: k,
      cols: n,
      data: kernels.allocate('float32', k * n).map(() => random.next()),
    };
    const expected = { rows: m, cols: n, data: kernels.allocate('float32', m * n) };
    const C = { rows: m, cols: n, data: kernels.allocate('float32', m * n) };
    kernels.gemm(A, B, expected);
    kernels.setParallel(pool.parallel);
    kernels.gemm(A, B, C);
    kernels.gemm(A, B, C); // a second task after the first
    expect([...C.data]).toEqual([...expected.data]);
  });
});

describe('chunksFor', () => {
  const call = (m: number, n: number, k: number): GemmCall => ({
    f64: false,
    transA: 0,
    transB: 0,
    m,
    n,
    k,
    A: 0,
    lda: k,
    B: 0,
    ldb: n,
    C: 0,
    ldc: n,
    alpha: 1,
    beta: 0,
    change: false,
    sigmoid: false,
    theta: 0,
    a: 0,
  });

  it('cuts a small packed product once per thread and a large one into four chunks per thread', () => {
    // 3.2 M multiply-adds, packed: each chunk packs all of op(A) again.
    expect(chunksFor(call(32, 128, 784), 2)).toBe(2);
    expect(chunksFor(call(128, 1024, 256), 2)).toBe(8);
    expect(chunksFor(call(128, 1024, 1024), 2)).toBe(8);
    expect(chunksFor(call(128, 1024, 1024), 3)).toBe(12);
  });

  it('cuts a product read in place into four chunks per thread, whatever its size', () => {
    expect(chunksFor(call(32, 128, 784), 2, true)).toBe(8);
    expect(chunksFor(call(32, 64, 128), 3, true)).toBe(12);
  });

  it('asks the kernels which products they read in place', () => {
    const { exports } = createWasmKernels({ shared: true });
    const inPlace = (transB: number, m: number, n: number, k: number, ldb: number) =>
      exports.gemmReadsInPlace(transB, m, n, k, ldb, 4) !== 0;
    // W2's first layer, forward (C short) and ∂C/∂W (k short).
    expect(inPlace(0, 32, 128, 784, 128)).toBe(true);
    expect(inPlace(0, 784, 128, 32, 128)).toBe(true);
    // W3's: a row stride of 4 KiB aliases in L1; C and k both long; Bᵀ; not whole blocks.
    expect(inPlace(0, 128, 1024, 256, 1024)).toBe(false);
    expect(inPlace(0, 256, 128, 128, 128)).toBe(false);
    expect(inPlace(1, 32, 128, 784, 784)).toBe(false);
    expect(inPlace(0, 32, 136, 784, 136)).toBe(false);
  });
});

describe('ModeChooser', () => {
  /** Runs `products` choices where a split product takes `split` and one alone `alone`. */
  function run(chooser: ModeChooser, products: number, split: number, alone: number): number {
    let splits = 0;
    for (let i = 0; i < products; i++) {
      const both = chooser.split();
      if (both) splits++;
      chooser.record(both, both ? split : alone);
    }
    return splits;
  }

  it('tries the other mode after two products, then every 32 while the modes are close', () => {
    const chooser = new ModeChooser();
    // Two split products, then a trial of two alone.
    expect(run(chooser, 4, 1, 1.1)).toBe(2);
    // Splitting is a little faster: 32 of every 34 products are split.
    expect(run(chooser, 340, 1, 1.1)).toBe(320);
  });

  it('tries less often the further the other mode is behind, at most every 1024', () => {
    const chooser = new ModeChooser();
    run(chooser, 4, 1, 2);
    // Alone takes twice as long: a trial (2 products) costs 2 split ones, once every 200.
    expect(run(chooser, 404, 1, 2)).toBe(400);
    const far = new ModeChooser();
    run(far, 4, 1, 100);
    expect(run(far, 2 * 1026, 1, 100)).toBe(2 * 1024);
  });

  it('turns to the calling thread alone when the second thread starts to cost', () => {
    const chooser = new ModeChooser();
    run(chooser, 40, 1, 2);
    // The other cores get busy: a split product now takes three times as long. Two such products
    // bring a trial at once (it was 200 products away), which finds the calling thread alone
    // faster; later trials of splitting do not win it back: 32 products on, then every 100.
    expect(run(chooser, 4, 3, 2)).toBe(2);
    expect(run(chooser, 408, 3, 2)).toBe(8);
  });

  it('compares neighbours in time, not a mode measured long ago on a faster machine', () => {
    const chooser = new ModeChooser();
    run(chooser, 4, 1, 2);
    // The whole machine slows down 3×: a trial comes at once, and splitting, still the faster
    // mode, stays in use.
    expect(run(chooser, 4, 3, 6)).toBe(2);
    expect(run(chooser, 404, 3, 6)).toBe(400);
  });
});
