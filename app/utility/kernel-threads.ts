// Both cores for the engine in a Node process (the training process, the CLI, the bench): worker
// threads run a script that, seeing it is a kernel thread, serves the products the kernels post on
// their shared memory (core/wasm/pool.ts holds the protocol, core/wasm/threads.ts the starting).
// The script is usually the process's own entry, which starts with
// `if (isKernelThread()) runKernelThread()`.
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Kernels } from '../../core/matrix';
import { runKernelWorker, type KernelWorkerInit } from '../../core/wasm/pool';
import {
  startKernelThreads as startThreads,
  type KernelThreads,
  type KernelWorker,
} from '../../core/wasm/threads';

export type { KernelThreads };

const KIND = 'backprop-kernel-thread';

interface KernelThreadData {
  kind: typeof KIND;
  init: KernelWorkerInit;
}

/** A worker thread running `entry`, which serves the kernels (it says so once it runs). */
function startWorker(entry: string | URL, init: KernelWorkerInit): KernelWorker {
  const data: KernelThreadData = { kind: KIND, init };
  // No execArgv: whatever the process was started with (e.g. a loader) is not for this thread.
  const worker = new Worker(entry, { workerData: data, execArgv: [] });
  worker.unref();
  return {
    started: new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    }),
    terminate: () => worker.terminate(),
  };
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
  return startThreads(
    kernels,
    threads,
    (init) => startWorker(entry, init),
    () => performance.now(),
  );
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
