// The two ways a command fails: bad usage (exit 2) and bad input (exit 1, a DataError from core or
// a file that cannot be read or written). Either way the user sees one line on stderr.

/** The command line itself is wrong: an unknown option, a missing or malformed value. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A file that cannot be read or written, in words ("no such file"), from Node's error code. */
export function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return (error as Error).message;
  }
}
