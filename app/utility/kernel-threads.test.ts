// Two threads on one product (a real worker thread on the kernels' shared memory) give exactly the
// one-thread result, for A·B, Aᵀ·B and A·Bᵀ: splitting C never changes a sum's order.
import { afterAll, describe, expect, it } from 'vitest';
import { createMatrix, plainKernels } from '../../core/matrix';
import { Random } from '../../core/random';
import { createWasmKernels } from '../../core/wasm/wasm-kernels';
import { startKernelThreads, type KernelThreads } from './kernel-threads';

const entry = new URL('./kernel-thread.source.mjs', import.meta.url);
const pools: KernelThreads[] = [];
afterAll(() => Promise.all(pools.map((p) => p.close())));

function start(kernels: ReturnType<typeof createWasmKernels>): KernelThreads {
  const pool = startKernelThreads(kernels, entry, 2);
  if (!pool) throw new Error('no kernel threads for shared-memory kernels');
  pools.push(pool);
  return pool;
}

describe('kernel worker threads', () => {
  it.each(['float64', 'float32'] as const)(
    'split products equal one-thread products (%s)',
    async (dtype) => {
      const one = createWasmKernels();
      const two = createWasmKernels();
      await start(two).ready;
      const random = new Random(11);
      const [m, n, k] = [128, 520, 300]; // 20 M multiply-adds: above PARALLEL_MIN_WORK, so split
      const fill = (rows: number, cols: number) => {
        const M = createMatrix(rows, cols, dtype);
        for (let i = 0; i < M.data.length; i++) M.data[i] = random.next() - 0.5;
        return M;
      };
      const A = fill(m, k);
      const B = fill(k, n);
      const At = fill(k, m);
      const Bt = fill(n, k);
      const inTwo = (M: ReturnType<typeof fill>) => {
        const data = two.allocate(dtype, M.data.length);
        data.set(M.data);
        return { ...M, data };
      };
      for (const [op, x, y] of [
        ['gemm', A, B],
        ['gemmTransA', At, B],
        ['gemmTransB', A, Bt],
      ] as const) {
        const expected = createMatrix(m, n, dtype);
        one[op](x, y, expected, 0.5, 0);
        const C = inTwo(createMatrix(m, n, dtype));
        two[op](inTwo(x), inTwo(y), C, 0.5, 0);
        expect([...C.data], op).toEqual([...expected.data]);
      }
      // A sigmoid layer's forward pass, each thread finishing its block of z and a.
      const inOne = (M: ReturnType<typeof fill>) => {
        const data = one.allocate(dtype, M.data.length);
        data.set(M.data);
        return { ...M, data };
      };
      const theta = fill(1, n).data;
      const layer = (kernels: typeof one, put: typeof inOne) => {
        const [z, a] = [put(createMatrix(m, n, dtype)), put(createMatrix(m, n, dtype))];
        const t = kernels.allocate(dtype, n);
        t.set(theta);
        expect(kernels.gemmBiasActivate(put(A), put(B), t, 'sigmoid', z, a)).toBe(true);
        return [...z.data, ...a.data];
      };
      expect(layer(two, inTwo)).toEqual(layer(one, inOne));
    },
  );

  it('return the largest change of a gradient step taken across them, and a NaN from any chunk', async () => {
    const one = createWasmKernels();
    const two = createWasmKernels();
    await start(two).ready;
    const random = new Random(12);
    // W ← W − 0.01·Aᵀ·δ, 2.5 M multiply-adds: split, each chunk returning its own largest change.
    const [m, n, k] = [300, 128, 64];
    const fill = (kernels: typeof one, rows: number, cols: number, values: number[]) => {
      const data = kernels.allocate('float32', rows * cols);
      data.set(values);
      return { rows, cols, data };
    };
    const values = (length: number) => Array.from({ length }, () => random.next() - 0.5);
    const [a, delta, w] = [values(k * m), values(k * n), values(m * n)];
    for (const nanAt of [-1, 0, m * n - 1]) {
      const W1 = fill(one, m, n, w);
      const W2 = fill(two, m, n, w);
      if (nanAt >= 0) W1.data[nanAt] = W2.data[nanAt] = NaN;
      const expected = one.gemmTransAChange(
        fill(one, k, m, a),
        fill(one, k, n, delta),
        W1,
        -0.01,
        1,
      );
      const change = two.gemmTransAChange(fill(two, k, m, a), fill(two, k, n, delta), W2, -0.01, 1);
      expect(change).toBe(expected);
      expect(Number.isNaN(change)).toBe(nanAt >= 0);
      expect([...W2.data]).toEqual([...W1.data]);
    }
  });

  it('update a W past what one thread fuses (1 MB) inside the split product, right, with its largest change', async () => {
    const two = createWasmKernels();
    await start(two).ready;
    const random = new Random(13);
    // W3's first layer in float64: a 2 MB W, updated inside the product split over the threads.
    const [m, n, k] = [256, 1024, 128];
    const fill = (rows: number, cols: number) => {
      const data = two.allocate('float64', rows * cols);
      for (let i = 0; i < data.length; i++) data[i] = random.next() - 0.5;
      return { rows, cols, data };
    };
    const [a, delta, W] = [fill(k, m), fill(k, n), fill(m, n)];
    const before = Float64Array.from(W.data);
    const expected = { rows: m, cols: n, data: Float64Array.from(W.data) };
    plainKernels.gemmTransA(a, delta, expected, -0.01, 0.999);
    const change = two.gemmTransAChange(a, delta, W, -0.01, 0.999);
    let largest = 0;
    for (let i = 0; i < W.data.length; i++) {
      expect(Math.abs(W.data[i] - expected.data[i])).toBeLessThan(1e-14);
      largest = Math.max(largest, Math.abs(W.data[i] - before[i]));
    }
    expect(change).toBe(largest);
  });

  it('are not started for one thread, the plain kernels or kernels without shared memory', () => {
    expect(startKernelThreads(createWasmKernels(), entry, 1)).toBeNull();
    expect(startKernelThreads(plainKernels, entry, 2)).toBeNull();
    expect(startKernelThreads(createWasmKernels({ shared: false }), entry, 2)).toBeNull();
  });

  it('after close, the kernels work alone and still right', async () => {
    const kernels = createWasmKernels();
    const pool = start(kernels);
    await pool.ready;
    await pool.close();
    const A = { rows: 128, cols: 300, data: kernels.allocate('float64', 128 * 300).fill(0.5) };
    const B = { rows: 300, cols: 520, data: kernels.allocate('float64', 300 * 520).fill(2) };
    const C = { rows: 128, cols: 520, data: kernels.allocate('float64', 128 * 520) };
    kernels.gemm(A, B, C);
    expect(C.data.every((x) => x === 300)).toBe(true);
  });

  it('reports a thread that cannot start, and the products go on without it', async () => {
    const kernels = createWasmKernels();
    const pool = startKernelThreads(kernels, new URL('./no-such-entry.mjs', import.meta.url), 2)!;
    pools.push(pool);
    await expect(pool.ready).rejects.toThrow(/kernel thread 1: .*no-such-entry/);
    const A = { rows: 128, cols: 300, data: kernels.allocate('float32', 128 * 300).fill(1) };
    const B = { rows: 300, cols: 520, data: kernels.allocate('float32', 300 * 520).fill(1) };
    const C = { rows: 128, cols: 520, data: kernels.allocate('float32', 128 * 520) };
    kernels.gemm(A, B, C);
    expect(C.data.every((x) => x === 300)).toBe(true);
  });
});
