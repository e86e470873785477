// How a failed command is reported to its requester: the message, and the part of the UI it
// belongs to (the dataset panel, the settings, the training bar, an export, a project) with a code
// the host acts on (a project's dataset is missing or changed: locate it).
import { DataError } from '../../core/data-error';
import type { CommandError, TrainingCommand } from '../shared/ipc';
import { ConfigError } from './prepare';
import { SourceMissingError } from './text-source';

/** A failure to report to the requester, with the scope of the UI it belongs to. */
export class CommandFailure extends Error {
  constructor(
    message: string,
    readonly scope: CommandError['scope'],
    readonly code: CommandError['code'] = 'failed',
  ) {
    super(message);
  }
}

/**
 * The error a failed command replies with. Its scope: a Predict's failure, whatever its cause,
 * Predict's own ('export', the toolbar's line where its outcome shows): the file predicted is not
 * the loaded dataset, which it must never seem to break. Otherwise a CommandFailure's own; a
 * dataset that is not there or cannot be read, the dataset's; a configuration that cannot be
 * trained, the settings'; any other error, that of the command that failed.
 */
export function describeFailure(error: unknown, type: TrainingCommand): CommandError {
  if (type === 'predict') return { message: messageOf(error), scope: 'export', code: 'failed' };
  if (error instanceof CommandFailure)
    return { message: error.message, scope: error.scope, code: error.code };
  if (error instanceof SourceMissingError) {
    return { message: error.message, scope: 'dataset', code: 'dataset-missing' };
  }
  const message = messageOf(error);
  const scope: CommandError['scope'] =
    error instanceof DataError
      ? 'dataset'
      : error instanceof ConfigError
        ? 'config'
        : type === 'export-model' || type === 'export-losses'
          ? 'export'
          : type === 'open-project' || type === 'save-project'
            ? 'project'
            : type === 'load-dataset' || type === 'open-example'
              ? 'dataset'
              : 'training';
  return { message, scope, code: 'failed' };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
