// The web build's training process: the same TrainingSession the desktop app runs in its utility
// process, here in a Web Worker. Files picked in the page arrive as File objects (a handle, not
// a copy) and their bytes are read in chunks, as the desktop reads a file stream (the CSV reader
// decodes them: UTF-8, or Windows-1252 where they are not UTF-8).
// Where the page is cross-origin isolated (served with COOP and COEP, so memory can be shared),
// large products are shared with kernel threads, one more Worker per core.
import type { KernelWorkerInit } from '../../core/wasm/pool';
import { kernelsWithThreads, startKernelThreads, type KernelWorker } from '../../core/wasm/threads';
import { createFastestKernels } from '../../core/wasm/wasm-kernels';
import type { TrainingMessage } from '../../app/shared/ipc';
import { SourceMissingError, TrainingSession, type TextSource } from '../../app/utility/session';
import type { ToWorker } from './protocol';

interface WorkerScope {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}
const scope = self as unknown as WorkerScope;

const files = new Map<string, File>();

async function* bytesOf(file: File): AsyncIterable<Uint8Array> {
  const reader = file.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

async function open(path: string): Promise<TextSource> {
  const file = files.get(path);
  if (!file) throw new SourceMissingError(path);
  return { name: file.name, size: file.size, chunks: bytesOf(file) };
}

/** A kernel thread: a Worker running kernel-thread.worker.ts for the kernels of `init`. */
function startKernelWorker(init: KernelWorkerInit): KernelWorker {
  const worker = new Worker(new URL('./kernel-thread.worker.ts', import.meta.url), {
    type: 'module',
  });
  const started = new Promise<void>((resolve, reject) => {
    worker.addEventListener('message', () => resolve(), { once: true });
    worker.addEventListener('error', (e) => reject(new Error(e.message || 'failed to start')), {
      once: true,
    });
  });
  worker.postMessage(init);
  return { started, terminate: () => worker.terminate() };
}

/** "Run this soon, after pending messages": a MessageChannel task (setTimeout would clamp). */
function scheduler(): (task: () => void) => void {
  const tasks: (() => void)[] = [];
  const channel = new MessageChannel();
  channel.port1.onmessage = () => tasks.shift()?.();
  return (task) => {
    tasks.push(task);
    channel.port2.postMessage(null);
  };
}

const session = new TrainingSession(
  {
    // Checkpoints (the whole loss history, every few seconds) let the desktop app replace a
    // crashed training process; a page that owns its worker has no use for them, and cloning a
    // million epochs across would stall it.
    post: (message: TrainingMessage) => {
      if (message.kind !== 'checkpoint') scope.postMessage(message);
    },
    now: () => performance.now(),
    schedule: scheduler(),
    open,
  },
  {
    // Threads need a shared memory: the kernels have one only where the page is cross-origin
    // isolated (else startKernelThreads leaves them to this thread).
    kernels: kernelsWithThreads((kernels) =>
      startKernelThreads(kernels, navigator.hardwareConcurrency, startKernelWorker, () =>
        performance.now(),
      ),
    ),
    // The same kernels over an ordinary memory, which allocates nothing in it.
    evaluationKernels: () => createFastestKernels({ shared: false }),
  },
);

scope.addEventListener('message', (event) => {
  const message = event.data as ToWorker;
  if (message && typeof message === 'object' && message.kind === 'file') {
    files.set(message.path, message.file);
    return;
  }
  session.receive(message);
});
scope.postMessage({ kind: 'ready' } satisfies TrainingMessage);
