// The `backprop` command: train, predict, evaluate. Exit status 0 on success, 1 with one line on
// stderr for bad input (a DataError names the file, row, column or field), 2 for bad usage.
import { isKernelThread, runKernelThread } from '../app/utility/kernel-threads';
import { DataError } from '../core/data-error';
import { UNUSABLE_CELL } from '../core/dataset';
import { version } from '../package.json';
import { UsageError } from './errors';
import { evaluateCommand } from './evaluate';
import { processIo, type Io } from './io';
import { predictCommand } from './predict';
import { train } from './train';
import { HELP } from './usage';

const COMMANDS: Record<string, (args: string[], io: Io) => Promise<void>> = {
  train,
  predict: predictCommand,
  evaluate: evaluateCommand,
};

/** Runs one command line; returns the exit status. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === '--help' || command === '-h' || command === 'help') {
      io.out(HELP);
      return 0;
    }
    if (command === '--version') {
      io.out(version);
      return 0;
    }
    const run = command === undefined ? undefined : COMMANDS[command];
    if (!run) {
      throw new UsageError(
        command === undefined ? 'no command given' : `unknown command '${command}'`,
      );
    }
    await run(args, io);
    return 0;
  } catch (e) {
    io.progress.clear();
    if (e instanceof UsageError) {
      process.stderr.write(`backprop: ${e.message} (see backprop --help)\n`);
      return 2;
    }
    if (e instanceof DataError) {
      const advice = e.code === UNUSABLE_CELL ? '; --drop-rows skips such rows' : '';
      process.stderr.write(`backprop: ${e.message}${advice}\n`);
      return 1;
    }
    // A bug, not bad input: still one line, no stack trace.
    process.stderr.write(`backprop: internal error: ${(e as Error).message ?? String(e)}\n`);
    return 1;
  }
}

// This script is also the entry of the kernel threads that `train` starts (both cores).
if (isKernelThread()) runKernelThread();
else {
  // A reader that stops early (`predict … | head`) closes the pipe: the output ends there, quietly
  // (Node would print an unhandled EPIPE with its stack).
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(0);
  });
  process.exitCode = await main(process.argv.slice(2));
}
