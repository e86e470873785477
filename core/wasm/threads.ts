// Starting the kernel threads of a pool (pool.ts) and handing them to the kernels, whatever starts
// a thread: Node's worker_threads in the training process, the CLI and the bench
// (app/utility/kernel-threads.ts), Web Workers in the browser (renderer/web/). The host says how
// to start one; the rest is the same everywhere.
//
// The kernels use the pool at once: a product posted before a worker has started is done by the
// calling thread alone, so nothing waits for the workers to come up.
import type { Kernels } from '../matrix';
import { createGemmPool, type KernelWorkerInit } from './pool';
import { createFastestKernels, type WasmKernels } from './wasm-kernels';

/** A worker thread as its host started it: running `runKernelWorker(init)` once it is up. */
export interface KernelWorker {
  /** Settles when the thread runs; rejects, saying why, if it cannot start. */
  readonly started: Promise<void>;
  /** Ends the thread. */
  terminate(): unknown;
}

export interface KernelThreads {
  /** Threads that share products: the calling one and its workers. */
  readonly threads: number;
  /** Settles when every worker runs (a worker that fails to start rejects it). */
  readonly ready: Promise<void>;
  /** Back to one thread; the workers leave their loop and end. */
  close(): Promise<void>;
}

function isSharedWasm(kernels: Kernels): kernels is WasmKernels {
  const variant = (kernels as Partial<WasmKernels>).variant;
  return typeof variant === 'string' && variant.endsWith('Shared');
}

/**
 * Starts `threads − 1` workers with `start` for the kernels, if they are WebAssembly kernels over
 * a shared memory and there is more than one thread to use; else null (one thread). With a clock
 * (milliseconds), each product shape is split or not by whichever has been faster.
 */
export function startKernelThreads(
  kernels: Kernels,
  threads: number,
  start: (init: KernelWorkerInit) => KernelWorker,
  clock?: () => number,
): KernelThreads | null {
  if (threads < 2 || !isSharedWasm(kernels)) return null;
  const pool = createGemmPool(kernels, threads - 1, clock);
  const workers = pool.workers.map(start);
  const ready = Promise.all(
    workers.map((worker, i) =>
      worker.started.catch((e: unknown) => {
        throw new Error(`kernel thread ${i + 1}: ${e instanceof Error ? e.message : String(e)}`);
      }),
    ),
  ).then(() => undefined);
  // A failure is reported through `ready` to whoever waits; the products go on without it.
  ready.catch(() => {});
  kernels.setParallel(pool.parallel);
  return {
    threads,
    ready,
    async close() {
      kernels.setParallel(null);
      pool.stop();
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/**
 * Fresh kernels (createFastestKernels) for each new Trainer, with the threads `withThreads` starts
 * for them (none where it returns null); the previous Trainer's threads end.
 */
export function kernelsWithThreads(
  withThreads: (kernels: Kernels) => KernelThreads | null,
): () => Kernels {
  let threads: KernelThreads | null = null;
  return () => {
    void threads?.close();
    const kernels = createFastestKernels();
    threads = withThreads(kernels);
    return kernels;
  };
}
