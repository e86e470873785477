// The training process's entry: started by the main process with utilityProcess.fork (Electron)
// or by tests and tools with child_process.fork (Node). It reads datasets from disk as streams
// (a large file never travels through IPC whole) and runs one TrainingSession.
import { createFastestKernels } from '../../core/wasm/wasm-kernels';
import { debugMessageSchema, type TrainingMessage } from '../shared/ipc';
import { connectToParent } from './port';
import { openFile } from './node-files';
import { TrainingSession } from './session';

function main(): void {
  const port = connectToParent();
  const session = new TrainingSession(
    {
      post: (message: TrainingMessage) => port.post(message),
      now: () => performance.now(),
      schedule: (task) => setImmediate(task),
      open: openFile,
    },
    { kernels: () => createFastestKernels() },
  );
  const testHooks = process.env.BACKPROP_TEST_HOOKS === '1';
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

main();
