// Both cores for the engine in a Node process (the training process, the bench): worker threads
// run a script that, seeing it is a kernel thread, serves the products the kernels post on their
// shared memory (core/wasm/pool.ts holds the protocol). The script is usually the process's own
// entry, which starts with `if (isKernelThread()) runKernelThread()`.
//
// The kernels use the pool at once: a product posted before a worker has started is done by the
// calling thread alone, so nothing waits for the workers to come up.
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Kernels } from '../../core/matrix';
import { createGemmPool, runKernelWorker, type KernelWorkerInit } from '../../core/wasm/pool';
import type { WasmKernels } from '../../core/wasm/wasm-kernels';

const KIND = 'backprop-kernel-thread';

interface KernelThreadData {
  kind: typeof KIND;
  init: KernelWorkerInit;
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
 * Starts `threads − 1` workers running `entry` for the kernels, if they are WebAssembly kernels
 * over a shared memory and there is more than one thread to use; else null (one thread).
 */
export function startKernelThreads(
  kernels: Kernels,
  entry: string | URL,
  threads = availableParallelism(),
): KernelThreads | null {
  if (threads < 2 || !isSharedWasm(kernels)) return null;
  const pool = createGemmPool(kernels, threads - 1, () => performance.now());
  const workers = pool.workers.map((init) => {
    const data: KernelThreadData = { kind: KIND, init };
    // No execArgv: whatever the process was started with (e.g. a loader) is not for this thread.
    const worker = new Worker(entry, { workerData: data, execArgv: [] });
    worker.unref();
    return worker;
  });
  const ready = Promise.all(
    workers.map(
      (worker, i) =>
        new Promise<void>((resolve, reject) => {
          worker.once('message', () => resolve());
          worker.once('error', (e) => reject(new Error(`kernel thread ${i + 1}: ${e.message}`)));
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

/** Whether this thread was started by startKernelThreads. */
export function isKernelThread(): boolean {
  return !isMainThread && (workerData as Partial<KernelThreadData> | null)?.kind === KIND;
}

/** The kernel thread's life: says it runs, then serves products until the pool stops. */
export function runKernelThread(): void {
  parentPort?.postMessage('ready');
  runKernelWorker((workerData as KernelThreadData).init);
}
