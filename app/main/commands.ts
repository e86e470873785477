// What each renderer request does in the main process: most go straight to the training process;
// the file commands add a native dialog before and an atomic write after. A file chosen from
// File ▸ Open Recent reaches the page with its path in the menu command; once the page agreed to
// replace what it shows, it asks for that path, and main opens it only if it is on the list.
import { basename, dirname, extname, isAbsolute, join } from 'node:path';
import { jsonPieces } from '../../core/json-pieces';
import { notADataFile, notAProjectFile, PROJECT_EXTENSION } from '../shared/data-files';
import type { InvokeResult } from '../shared/ipc';
import { MAX_DRAWN_UNITS } from '../shared/sample-units';
import type { Dialogs } from './dialogs';
import { FileError, readJsonFile, writeFileAtomic, writeFilesAtomic } from './files';
import { removeStaleLayerFiles, unconfirmedLayerFiles } from './stale-exports';
import type { Handlers } from './ipc';
import type { RecentFile } from './settings';
import { TrainingError, type TrainerHost } from './trainer-host';

export interface CommandContext {
  host: Pick<TrainerHost, 'request'>;
  dialogs: Dialogs;
  addRecent: (file: RecentFile) => void;
  /** Forgets a recent file that is no longer there. */
  removeRecent?: (path: string) => void;
  /** File ▸ Open Recent as the menu lists it now: the only paths the page may ask to open. */
  recentFiles: () => readonly RecentFile[];
}

/** A project's JSON text in pieces (core/json-pieces: a weight row on a line), and a newline. */
function* projectText(project: unknown): Generator<string> {
  yield* jsonPieces(project);
  yield '\n';
}

function stem(path: string): string {
  return basename(path, extname(path));
}

/** The file (a dataset, a project) is not there: moved, renamed, deleted, on a disk not mounted. */
function isMissing(error: unknown): boolean {
  if (error instanceof TrainingError) return error.code === 'dataset-missing';
  return error instanceof FileError && (error.code === 'ENOENT' || error.code === 'ENOTDIR');
}

/** Every channel's handler but the menu's state, which index.ts gives the menu itself. */
export type CommandHandlers = Omit<Handlers, 'menu:state'>;

export function createHandlers(context: CommandContext): CommandHandlers {
  const { host, dialogs } = context;
  const done = () => null;
  /** The dataset's file name as its summary has it, for the names proposed (iris.model.json). */
  let datasetName: string | null = null;
  const named = <T extends { summary: { name: string } } | { name: string } | null>(opened: T) => {
    if (opened) datasetName = 'summary' in opened ? opened.summary.name : opened.name;
    return opened;
  };

  const openDatasetPath = async (path: string) => {
    if (!isAbsolute(path)) throw new Error(`${path}: expected an absolute path to a data file`);
    const refused = notADataFile(path);
    if (refused) throw new Error(refused);
    const summary = named(await host.request('load-dataset', { path }));
    context.addRecent({ path, kind: 'dataset' });
    return summary;
  };

  const openProjectAt = async (path: string): Promise<InvokeResult<'project:open'>> => {
    const project = await readJsonFile(path);
    let datasetPath: string | null = null;
    for (;;) {
      try {
        const opened = named(await host.request('open-project', { project, datasetPath }));
        context.addRecent({ path, kind: 'project' });
        return opened;
      } catch (error) {
        if (
          !(error instanceof TrainingError) ||
          (error.code !== 'dataset-missing' && error.code !== 'dataset-changed')
        ) {
          // What is wrong in the project file names it; its dataset's problems name that file.
          if (
            error instanceof TrainingError &&
            (error.scope === 'project' || error.scope === 'config')
          )
            error.message = `${basename(path)}: ${error.message}`;
          throw error;
        }
        const choice = await dialogs.askLocateDataset(
          error.message,
          error.code === 'dataset-changed',
        );
        if (choice === 'cancel') return null;
        if (choice === 'use-anyway') {
          const saved = (project as { dataset?: { path?: unknown } }).dataset?.path;
          if (typeof saved !== 'string') throw error;
          datasetPath = saved;
          continue;
        }
        const located = await dialogs.openDataset();
        if (!located) return null;
        datasetPath = located;
      }
    }
  };

  /** A project the user dropped on the window: any path of a project's name, as a dropped CSV. */
  const openProjectPath = async (path: string) => {
    if (!isAbsolute(path)) throw new Error(`${path}: expected an absolute path to a project file`);
    const refused = notAProjectFile(path);
    if (refused) throw new Error(refused);
    return openProjectAt(path);
  };

  /**
   * Opens a file of File ▸ Open Recent; one that is gone leaves the list, and the error says so.
   * The page names the path, but only one on the list (of this kind) is opened: those the user
   * picked in a dialog or dropped, and that the menu shows. Any other path is refused, so a page
   * that went wrong cannot have main read a file the user never chose.
   */
  const openRecent = async <T>(
    kind: RecentFile['kind'],
    path: string,
    open: (path: string) => Promise<T>,
  ): Promise<T> => {
    if (!context.recentFiles().some((file) => file.path === path && file.kind === kind)) {
      throw new Error(`${path}: not a ${kind} in File ▸ Open Recent (it may have been cleared)`);
    }
    try {
      return await open(path);
    } catch (error) {
      if (!isMissing(error) || !context.removeRecent) throw error;
      context.removeRecent(path);
      (error as Error).message += ' (removed from Open Recent)';
      throw error;
    }
  };

  return {
    'dataset:open-dialog': async () => {
      const path = await dialogs.openDataset();
      return path ? openDatasetPath(path) : null;
    },
    'dataset:open-path': (path) => openDatasetPath(path),
    'session:configure': (config) => host.request('configure', { config }).then(done),
    'training:start': () => host.request('start', {}).then(done),
    'training:pause': () => host.request('pause', {}).then(done),
    'training:resume': () => host.request('resume', {}).then(done),
    'training:step': (unit) => host.request('step', { unit }).then(done),
    'training:stop': () => host.request('stop', {}).then(done),
    'training:reset': () => host.request('reset', {}).then(done),
    'weights:export': async () => {
      // Named after the dataset, as the web build names its download: iris.model.json
      const location = await dialogs.saveModel(
        datasetName ? `${stem(datasetName)}.model.json` : 'model.json',
      );
      if (!location) return null;
      const { model, files } = await host.request('export-model', {});
      // model.json, then model-W2.csv, model-theta2.csv, … (W⁽ˡ⁾, θ⁽ˡ⁾; the input is layer 1) beside it
      const written = [
        { path: location, data: model },
        ...files.map((f) => ({
          path: join(dirname(location), `${stem(location)}-${f.name}`),
          data: f.text,
        })),
      ];
      const paths = written.map((f) => f.path);
      // The save dialog asked only about model.json: layer files beside a new one are not the
      // export's to replace or delete without asking.
      const { replaced, removed } = await unconfirmedLayerFiles(stem(location), paths);
      if (
        (replaced.length > 0 || removed.length > 0) &&
        !(await dialogs.confirmReplaceLayerFiles(location, replaced, removed))
      ) {
        return null;
      }
      await writeFilesAtomic(written);
      await removeStaleLayerFiles(stem(location), paths);
      return { location };
    },
    'losses:export': async () => {
      // The history first: before the first epoch the training process refuses, and the user is
      // told so without a save dialog to answer for nothing. The file holds the epochs up to now.
      const { csv } = await host.request('export-losses', {});
      // iris-loss.csv, as the web build names its download.
      const location = await dialogs.saveLosses(
        datasetName ? `${stem(datasetName)}-loss.csv` : 'loss.csv',
      );
      if (!location) return null;
      await writeFileAtomic(location, csv);
      return { location };
    },
    'project:save': async () => {
      // iris.backprop.json, as the web build names its download: the ending by which a project
      // dropped on the window is known (app/shared/data-files.ts).
      const location = await dialogs.saveProject(
        `${datasetName ? stem(datasetName) : 'project'}${PROJECT_EXTENSION}`,
      );
      if (!location) return null;
      const project = await host.request('save-project', {});
      // Written as it is made, a weight row at a time: the JSON of a large network (~1 GB for
      // three layers of 4096 units) is never one string.
      await writeFilesAtomic([{ path: location, data: projectText(project) }]);
      context.addRecent({ path: location, kind: 'project' });
      return { location };
    },
    'project:open': async () => {
      const path = await dialogs.openProject();
      return path ? openProjectAt(path) : null;
    },
    'dataset:open-recent': (path) => openRecent('dataset', path, openDatasetPath),
    'project:open-recent': (path) => openRecent('project', path, openProjectAt),
    'project:open-path': (path) => openProjectPath(path),
    'network:snapshot': () => host.request('network', { maxUnits: MAX_DRAWN_UNITS }),
    'inspect:row': (request) => host.request('inspect', { request }),
    'gradient:check': () => host.request('gradient-check', {}),
    'gradient:cancel': () => host.request('cancel-gradient-check', {}).then(done),
    'example:open': async (id) => named(await host.request('open-example', { id })),
    'surface:compute': (request) => host.request('surface', { request }),
    'session:current': () => host.request('current', {}),
    'predict:dialog': async () => {
      const input = await dialogs.openDataset('Predict a file');
      if (!input) return null;
      // Proposed beside the file predicted (a bare name opens the dialog wherever it was last).
      const location = await dialogs.savePredictions(
        join(dirname(input), `${stem(input)}-predictions.csv`),
      );
      if (!location) return null;
      const { csv, ...counts } = await host.request('predict', { path: input });
      await writeFileAtomic(location, csv);
      return { location, ...counts };
    },
  };
}
