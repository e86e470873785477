// The page ⇄ worker messages of the web build: the training process's own requests and messages
// (app/shared/ipc.ts), plus one the browser needs: handing a picked File to the worker under a
// path, so the session can read it (in chunks) as the desktop process reads a file from disk.
import { fileName } from '../../app/shared/data-files';
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

/**
 * The name of the file at a path, as the user knows it: "iris.csv" for the worker's
 * "browser:iris.csv", and for "/data/iris.csv" (a project saved by the desktop app).
 */
export function fileNameOf(path: string): string {
  return fileName(path.replace(/^browser:/, ''));
}
