// Where a command's output goes: its result to stdout, progress to the terminal.
import { Progress } from './progress';

export interface Io {
  out(text: string): void;
  progress: Progress;
}

export function processIo(): Io {
  return { out: (text) => process.stdout.write(`${text}\n`), progress: new Progress() };
}
