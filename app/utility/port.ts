// The training process's line to the main process, whatever started it:
//   Electron's utilityProcess.fork  → process.parentPort (messages arrive as { data });
//   Node's child_process.fork       → process.send / process.on('message') (the tests, the CLI).
// Everything else in the utility process talks to this interface only. Messages too large for one
// IPC message go both ways in pieces (app/shared/message-pieces.ts), put together here.
import { deserialize, serialize } from 'node:v8';
import { PieceError, PieceReceiver, PieceSender, PIECE_BYTES } from '../shared/message-pieces';

export interface ParentPort {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  readonly transport: 'electron' | 'node-ipc';
}

interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

export interface PortOptions {
  /** The largest message posted whole (tests make it small). */
  pieceBytes?: number;
}

export function connectToParent(
  proc: NodeJS.Process = process,
  options: PortOptions = {},
): ParentPort {
  const raw = rawPort(proc);
  const serializer = { serialize, deserialize };
  const sender = new PieceSender(serializer, options.pieceBytes ?? PIECE_BYTES);
  const receiver = new PieceReceiver(serializer);
  return {
    transport: raw.transport,
    post: (message) => sender.send(message, raw.post),
    onMessage: (listener) =>
      raw.onMessage((message) => {
        let whole: { message: unknown } | null;
        try {
          whole = receiver.receive(message);
        } catch (error) {
          if (!(error instanceof PieceError)) throw error;
          // Not expected (one channel keeps the pieces' order); the request inside is lost with
          // its id, and main hears why.
          raw.post({
            kind: 'error',
            error: {
              scope: 'process',
              message: `The training process received a message it could not put together (${error.message})`,
            },
          });
          return;
        }
        if (whole) listener(whole.message);
      }),
  };
}

function rawPort(proc: NodeJS.Process): ParentPort {
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
