// Which files open as a dataset, and which as a project, by the name's ending: the desktop's main
// process refuses any other path (a dropped image, a model file), and the page refuses a dropped
// file the same way before it asks to discard anything. One rule for both hosts.

/** The endings of a data file, as the open dialogs and the file chooser offer them. */
export const DATASET_EXTENSIONS = ['.csv', '.tsv', '.txt'] as const;

/** The ending of a saved project (iris.backprop.json). */
export const PROJECT_EXTENSION = '.backprop.json';

/** "/data/iris.csv" or "C:\data\iris.csv" → "iris.csv" */
export function fileName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** Why the file at `path` (a name or a path) is not a data file, or null if it is one. */
export function notADataFile(path: string): string | null {
  const name = fileName(path);
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot).toLowerCase() : '';
  if ((DATASET_EXTENSIONS as readonly string[]).includes(extension)) return null;
  return `${name}: not a data file (expected ${DATASET_EXTENSIONS.join(', ')})`;
}

/** Whether the file at `path` is named as a saved project. */
export function isProjectFile(path: string): boolean {
  return fileName(path).toLowerCase().endsWith(PROJECT_EXTENSION);
}

/** Why the file at `path` is not a saved project, or null if it is named as one. */
export function notAProjectFile(path: string): string | null {
  return isProjectFile(path)
    ? null
    : `${fileName(path)}: not a project file (expected ${PROJECT_EXTENSION})`;
}
