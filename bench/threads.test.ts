// Two threads on one product (a real worker thread on the kernels' shared memory) give exactly the
// one-thread result, for A·B, Aᵀ·B and A·Bᵀ: splitting C never changes a sum's order.
import { afterAll, describe, expect, it } from 'vitest';
import { createMatrix } from '../core/matrix';
import { Random } from '../core/random';
import { createWasmKernels } from '../core/wasm/wasm-kernels';
import { createThreadPool, type ThreadPool } from './threads';

const pools: ThreadPool[] = [];
afterAll(() => Promise.all(pools.map((p) => p.close())));

describe('kernel worker threads', () => {
  it.each(['float64', 'float32'] as const)(
    'split products equal one-thread products (%s)',
    async (dtype) => {
      const one = createWasmKernels();
      const two = createWasmKernels();
      pools.push(await createThreadPool(two, 2));
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
    },
  );
});
