// The native file dialogs, each filtered to what it is for. Behind an interface so the command
// handlers can be tested with scripted answers instead of windows.
import { access } from 'node:fs/promises';
import { basename, dirname, extname } from 'node:path';
import { dialog, type BrowserWindow } from 'electron';
import { DATASET_EXTENSIONS, isProjectFile, PROJECT_EXTENSION } from '../shared/data-files';

export const DATASET_FILTERS = [
  { name: 'Data (CSV, TSV)', extensions: DATASET_EXTENSIONS.map((e) => e.slice(1)) },
  { name: 'All files', extensions: ['*'] },
];
export const PROJECT_FILTERS = [{ name: 'Backprop Studio project', extensions: ['json'] }];
export const MODEL_FILTERS = [{ name: 'Model file (JSON)', extensions: ['json'] }];
export const CSV_FILTERS = [{ name: 'CSV', extensions: ['csv'] }];

export type LocateChoice = 'locate' | 'use-anyway' | 'cancel';

/**
 * `path` with `extension` when its name has none. The save dialog on Linux returns the name as
 * typed ("weights", not "weights.json"), and Electron does not add the filter's extension there.
 */
export function withExtension(path: string, extension: string): string {
  return extname(path) === '' ? `${path}.${extension}` : path;
}

/**
 * `path` named as a project (.backprop.json), which a drop on the window and Open Project take for
 * one: "run" and "run.json" are run.backprop.json, "run.v2" is run.v2.backprop.json.
 */
export function asProjectPath(path: string): string {
  if (isProjectFile(path)) return path;
  const stem = extname(path).toLowerCase() === '.json' ? path.slice(0, -'.json'.length) : path;
  return `${stem}${PROJECT_EXTENSION}`;
}

/** Shows a message box, on `win` when there is a window (modal to it), and returns the button pressed. */
export async function messageBox(
  win: BrowserWindow | null,
  options: Electron.MessageBoxOptions,
): Promise<number> {
  const { response } = win
    ? await dialog.showMessageBox(win, options)
    : await dialog.showMessageBox(options);
  return response;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

export interface Dialogs {
  /** A data file to open (`title`: what for; default Open dataset). */
  openDataset(title?: string): Promise<string | null>;
  openProject(): Promise<string | null>;
  saveModel(defaultName: string): Promise<string | null>;
  /** Where to write the loss history (CSV). */
  saveLosses(defaultName: string): Promise<string | null>;
  saveProject(defaultName: string): Promise<string | null>;
  savePredictions(defaultName: string): Promise<string | null>;
  /** The project's dataset is missing or changed: what now? */
  askLocateDataset(message: string, changed: boolean): Promise<LocateChoice>;
  /**
   * Exporting to `model` (a new file) would replace the layer files `replaced` and delete
   * `removed` beside it: go on? False: Cancel.
   */
  confirmReplaceLayerFiles(model: string, replaced: string[], removed: string[]): Promise<boolean>;
}

/** "a", "a and b", "a, b and c", … "a, b, c and 4 more". */
function fileList(paths: string[]): string {
  const names = paths.map((path) => basename(path));
  if (names.length > 4) return `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The question before an export replaces or deletes layer files the save dialog did not ask about. */
export function replaceLayerFilesQuestion(
  model: string,
  replaced: string[],
  removed: string[],
): Electron.MessageBoxOptions {
  const [first, ...others] = [...replaced, ...removed].map((path) => basename(path));
  const message =
    others.length === 0
      ? `${first} beside ${basename(model)} already exists.`
      : `${first} and ${others.length} other file${others.length === 1 ? '' : 's'} beside ${basename(model)} already exist.`;
  const what = [
    replaced.length > 0 ? `replaces ${fileList(replaced)} with this network's weights` : '',
    removed.length > 0 ? `deletes ${fileList(removed)} (this network has no such layer)` : '',
  ].filter((part) => part !== '');
  return {
    type: 'warning',
    title: 'Replace existing files?',
    message,
    detail: `In ${dirname(model)}, exporting ${what.join(' and ')}.`,
    buttons: ['Replace', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
}

export function nativeDialogs(getWindow: () => BrowserWindow | null): Dialogs {
  const open = async (title: string, filters: Electron.FileFilter[]) => {
    const win = getWindow();
    // macOS shows no title on its open panel, but a message.
    const options: Electron.OpenDialogOptions = {
      title,
      message: title,
      filters,
      properties: ['openFile'],
    };
    const result = win
      ? await dialog.showOpenDialog(win, options)
      : await dialog.showOpenDialog(options);
    return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
  };
  /** `named`: the path a chosen one saves to (by default: the filter's extension if it has none). */
  const save = async (
    title: string,
    defaultPath: string,
    filters: Electron.FileFilter[],
    named = (path: string) => withExtension(path, filters[0].extensions[0]),
  ) => {
    const win = getWindow();
    const options: Electron.SaveDialogOptions = { title, defaultPath, filters };
    const result = win
      ? await dialog.showSaveDialog(win, options)
      : await dialog.showSaveDialog(options);
    if (result.canceled || !result.filePath) return null;
    const path = named(result.filePath);
    // The dialog asked before replacing the name typed, not this one.
    if (path !== result.filePath && (await exists(path)) && !(await confirmReplace(path))) {
      return null;
    }
    return path;
  };
  const confirmReplace = async (path: string) => {
    const options: Electron.MessageBoxOptions = {
      type: 'warning',
      message: `“${basename(path)}” already exists. Replace it?`,
      detail: `A file of that name is already in ${dirname(path)}; replacing it overwrites it.`,
      buttons: ['Replace', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      noLink: true,
    };
    return (await messageBox(getWindow(), options)) === 0;
  };
  return {
    openDataset: (title = 'Open dataset') => open(title, DATASET_FILTERS),
    openProject: () => open('Open project', PROJECT_FILTERS),
    saveModel: (name) => save('Export weights', name, MODEL_FILTERS),
    saveLosses: (name) => save('Export loss history', name, CSV_FILTERS),
    // A project typed as "run" (or "run.json") is run.backprop.json: a drop opens it as one.
    saveProject: (name) => save('Save project', name, PROJECT_FILTERS, asProjectPath),
    savePredictions: (name) => save('Save predictions', name, CSV_FILTERS),
    askLocateDataset: async (message, changed) => {
      const buttons = changed ? ['Locate…', 'Use It Anyway', 'Cancel'] : ['Locate…', 'Cancel'];
      const options: Electron.MessageBoxOptions = {
        type: 'warning',
        message: changed ? 'The dataset changed' : 'The dataset is missing',
        detail: message,
        buttons,
        defaultId: 0,
        cancelId: buttons.length - 1,
        // Buttons, not Windows' command links (which would show "Locate…" as a link).
        noLink: true,
      };
      const response = await messageBox(getWindow(), options);
      if (response === 0) return 'locate';
      return changed && response === 1 ? 'use-anyway' : 'cancel';
    },
    confirmReplaceLayerFiles: async (model, replaced, removed) => {
      const options = replaceLayerFilesQuestion(model, replaced, removed);
      return (await messageBox(getWindow(), options)) === 0;
    },
  };
}
