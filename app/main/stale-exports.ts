// An export replaces the one it overwrites: model.json comes with model-W2.csv … model-WL.csv and
// model-theta2.csv … (core/model-format.ts's layerCsvFiles). Layer files of an earlier export to the
// same name that this one did not write (a deeper network's model-W4.csv, or model-W1.csv from
// before the files were numbered as the notation numbers layers) would otherwise lie beside the new
// ones as if they belonged to it.
import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The escaped text of `s` for a regular expression. */
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Removes `<stem>-W<n>.csv` and `<stem>-theta<n>.csv` beside `written[0]` that are not among
 * `written` (full paths); returns the paths removed. Other files are never touched.
 */
export async function removeStaleLayerFiles(stem: string, written: string[]): Promise<string[]> {
  const dir = dirname(written[0]);
  const keep = new Set(written.map((p) => basename(p)));
  const layerFile = new RegExp(`^${literal(stem)}-(?:W|theta)\\d+\\.csv$`);
  const stale = (await readdir(dir)).filter((name) => layerFile.test(name) && !keep.has(name));
  await Promise.all(stale.map((name) => rm(join(dir, name), { force: true })));
  return stale.map((name) => join(dir, name));
}
