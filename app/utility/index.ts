// The training process's entry: started by the main process with utilityProcess.fork (Electron)
// or by tests and tools with child_process.fork (Node). It reads datasets from disk as streams
// (a large file never travels through IPC whole) and runs one TrainingSession. The same script is
// also the entry of its kernel threads, which share large products on the other cores.
import { kernelsWithThreads } from '../../core/wasm/threads';
import { createFastestKernels } from '../../core/wasm/wasm-kernels';
import { debugMessageSchema, type TrainingMessage } from '../shared/ipc';
import { isKernelThread, runKernelThread, startKernelThreads } from './kernel-threads';
import { connectToParent } from './port';
import { openFile } from './node-files';
import { TrainingSession } from './session';

function main(): void {
  const testHooks = process.env.BACKPROP_TEST_HOOKS === '1';
  // Tests send large messages in small pieces.
  const pieceBytes = testHooks ? Number(process.env.BACKPROP_PIECE_BYTES) || undefined : undefined;
  const port = connectToParent(process, { pieceBytes });
  const session = new TrainingSession(
    {
      post: (message: TrainingMessage) => port.post(message),
      now: () => performance.now(),
      schedule: (task) => setImmediate(task),
      open: openFile,
    },
    {
      // Every core for each new Trainer: this script is its kernel threads' entry too.
      kernels: kernelsWithThreads((kernels) => startKernelThreads(kernels, __filename)),
      // The same kernels over an ordinary memory, which allocates nothing in it.
      evaluationKernels: () => createFastestKernels({ shared: false }),
    },
  );
  port.onMessage((raw) => {
    if (testHooks) {
      const debug = debugMessageSchema.safeParse(raw);
      if (debug.success) {
        if (debug.data.action === 'crash') process.exit(70);
        for (;;); // hang: never return to the event loop
      }
    }
    session.receive(raw);
  });
  port.post({ kind: 'ready' } satisfies TrainingMessage);
}

if (isKernelThread()) runKernelThread();
else main();
