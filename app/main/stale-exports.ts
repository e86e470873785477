// An export replaces the one it overwrites: model.json comes with model-W2.csv … model-WL.csv and
// model-theta2.csv … (core/model-format.ts's layerCsvFiles). Layer files of an earlier export to the
// same name that this one did not write (a deeper network's model-W4.csv, or model-W1.csv from
// before the files were numbered as the notation numbers layers) would otherwise lie beside the new
// ones as if they belonged to it. The save dialog asks only about model.json, though: layer files
// beside a model.json that is not there (from elsewhere, or an export whose model file was deleted
// or renamed) are the user's to give up, and the export asks first.
import { lstat, readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The escaped text of `s` for a regular expression. */
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether something (a file, a link, a folder) is at `path` now. */
const exists = (path: string) =>
  lstat(path).then(
    () => true,
    () => false,
  );

/** The `<stem>-W<n>.csv` and `<stem>-theta<n>.csv` beside `written[0]` not among `written`. */
async function staleLayerFiles(stem: string, written: string[]): Promise<string[]> {
  const dir = dirname(written[0]);
  const keep = new Set(written.map((p) => basename(p)));
  const layerFile = new RegExp(`^${literal(stem)}-(?:W|theta)\\d+\\.csv$`);
  const names = await readdir(dir);
  const stale = names.filter((name) => layerFile.test(name) && !keep.has(name)).sort();
  return stale.map((name) => join(dir, name));
}

/**
 * Removes `<stem>-W<n>.csv` and `<stem>-theta<n>.csv` beside `written[0]` that are not among
 * `written` (full paths); returns the paths removed. Other files are never touched.
 */
export async function removeStaleLayerFiles(stem: string, written: string[]): Promise<string[]> {
  const stale = await staleLayerFiles(stem, written);
  await Promise.all(stale.map((path) => rm(path, { force: true })));
  return stale;
}

/** Layer files an export would replace (`replaced`) or remove (`removed`) without being asked. */
export interface UnconfirmedLayerFiles {
  replaced: string[];
  removed: string[];
}

/**
 * What writing `written` (the model file, then its layer files) and removing the stale layer files
 * would replace or remove that the save dialog did not ask about, looked up on disk now. Nothing
 * when the model file is there: replacing it (which the dialog asked about) replaces its layer
 * files. Otherwise, the layer files of `written` that exist and the stale ones.
 */
export async function unconfirmedLayerFiles(
  stem: string,
  written: string[],
): Promise<UnconfirmedLayerFiles> {
  const [model, ...layers] = written;
  if (await exists(model)) return { replaced: [], removed: [] };
  const there = await Promise.all(layers.map(exists));
  return {
    replaced: layers.filter((_, i) => there[i]),
    // A folder that cannot be listed (or is not there) fails the export later, saying why.
    removed: await staleLayerFiles(stem, written).catch(() => []),
  };
}
