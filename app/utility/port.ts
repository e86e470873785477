// The training process's line to the main process, whatever started it:
//   Electron's utilityProcess.fork  → process.parentPort (messages arrive as { data });
//   Node's child_process.fork       → process.send / process.on('message') (the tests, the CLI).
// Everything else in the utility process talks to this interface only.
export interface ParentPort {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  readonly transport: 'electron' | 'node-ipc';
}

interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

export function connectToParent(proc: NodeJS.Process = process): ParentPort {
  // Typed as always present by electron.d.ts; undefined under plain Node.
  const parentPort = (proc as { parentPort?: ElectronParentPort }).parentPort;
  if (parentPort) {
    return {
      transport: 'electron',
      post: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    };
  }
  const send = proc.send?.bind(proc);
  if (send) {
    return {
      transport: 'node-ipc',
      post: (message) => send(message),
      onMessage: (listener) => proc.on('message', listener),
    };
  }
  throw new Error(
    'The training process has no parent to talk to: start it with utilityProcess.fork or child_process.fork',
  );
}
