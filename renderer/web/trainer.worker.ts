// The web build's training process: the same TrainingSession the desktop app runs in its utility
// process, here in a Web Worker. Files picked in the page arrive as File objects (a handle, not
// a copy) and are read in chunks through TextDecoderStream, as the desktop reads a file stream.
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

async function* decode(file: File): AsyncIterable<string> {
  const reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
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
  return { name: file.name, size: file.size, chunks: decode(file) };
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
  { kernels: () => createFastestKernels() },
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
