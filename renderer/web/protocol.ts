// The page ⇄ worker messages of the web build: the training process's own requests and messages
// (app/shared/ipc.ts), plus one the browser needs: handing a picked File to the worker under a
// path, so the session can read it (in chunks) as the desktop process reads a file from disk.
import type { TrainingMessage, TrainingRequest } from '../../app/shared/ipc';

export interface FileMessage {
  kind: 'file';
  path: string;
  file: File;
}

export type ToWorker = TrainingRequest | FileMessage;
export type FromWorker = TrainingMessage;

/** The path a picked file goes by in the worker (the web build has no directories). */
export function browserPath(file: File): string {
  return `browser:${file.name}`;
}
