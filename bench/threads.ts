// Node's host for the kernels' worker threads (core/wasm/pool.ts holds the protocol): starts
// `threads − 1` workers on the kernels' shared memory and lets the kernels split large products.
import { Worker } from 'node:worker_threads';
import { createGemmPool } from '../core/wasm/pool';
import type { WasmKernels } from '../core/wasm/wasm-kernels';

export interface ThreadPool {
  readonly threads: number;
  close(): Promise<void>;
}

const workerUrl = new URL('./kernel-worker.mjs', import.meta.url);

export async function createThreadPool(kernels: WasmKernels, threads: number): Promise<ThreadPool> {
  const pool = createGemmPool(kernels, threads - 1);
  const workers = pool.workers.map((init) => new Worker(workerUrl, { workerData: init }));
  await Promise.all(
    workers.map(
      (worker, i) =>
        new Promise<void>((resolve, reject) => {
          worker.once('message', () => resolve());
          worker.once('error', (e) => reject(new Error(`kernel worker ${i + 1}: ${e.message}`)));
        }),
    ),
  );
  kernels.setParallel(pool.parallel);
  return {
    threads,
    async close() {
      kernels.setParallel(null);
      pool.stop();
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
