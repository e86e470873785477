// Temporary folders for the Node-side tests, each removed with all it holds once it is no longer
// needed: one made in a test (or a beforeEach) when that test finishes, pass or fail; one made in
// a beforeAll or at a file's top level when the file's tests are done (test/setup-temp-dirs.ts,
// a setup file of the Node project, calls removeFileTempDirs after each file).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

const forTheFile: string[] = [];

/** A new, empty folder `<system temp folder>/<prefix>XXXXXX`, removed when done. */
export function tempDir(prefix: string): string {
  return removedWhenDone(mkdtempSync(join(tmpdir(), prefix)));
}

/** `path` (a folder or file something else made for the test), removed when done. */
export function removedWhenDone(path: string): string {
  try {
    onTestFinished(() => remove(path));
  } catch {
    // Not inside a test: a beforeAll, or the file's top level.
    forTheFile.push(path);
  }
  return path;
}

/** Removes what was made outside a test in this file. */
export function removeFileTempDirs(): void {
  for (const path of forTheFile.splice(0)) remove(path);
}

function remove(path: string): void {
  rmSync(path, { recursive: true, force: true });
}
