// A kernel thread of the web build. The training Worker starts one per further core and posts it
// its KernelWorkerInit (the kernels' module and shared memory); it says it runs, then serves the
// products the kernels post until the pool stops (core/wasm/pool.ts). Between products it blocks
// in Atomics.wait, which a Worker may do.
import { runKernelWorker, type KernelWorkerInit } from '../../core/wasm/pool';

interface WorkerScope {
  postMessage(message: unknown): void;
  addEventListener(
    type: 'message',
    listener: (event: MessageEvent) => void,
    options: { once: boolean },
  ): void;
}
const scope = self as unknown as WorkerScope;

scope.addEventListener(
  'message',
  (event) => {
    scope.postMessage('ready');
    runKernelWorker(event.data as KernelWorkerInit);
  },
  { once: true },
);
