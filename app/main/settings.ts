// What Backprop Studio remembers between runs: recent files and the window's size and position,
// as one JSON file in the user-data folder. A missing or damaged file means the defaults.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './files';

export const MAX_RECENT_FILES = 10;

const boundsSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200),
  height: z.number().int().min(150),
  maximized: z.boolean(),
});
export type WindowBounds = z.infer<typeof boundsSchema>;

const recentFileSchema = z.object({
  path: z.string().min(1),
  kind: z.enum(['dataset', 'project']),
});

const settingsSchema = z.object({
  recentFiles: z.array(recentFileSchema).max(MAX_RECENT_FILES),
  window: boundsSchema.nullable(),
});
export type Settings = z.infer<typeof settingsSchema>;
export type RecentFile = Settings['recentFiles'][number];

export const DEFAULT_SETTINGS: Settings = { recentFiles: [], window: null };

/**
 * The settings in a parsed file, each part on its own: a damaged part (one bad recent file, bounds
 * out of range) falls back to its default and the rest is kept.
 */
export function readSettings(raw: unknown): Settings {
  const fields: { recentFiles?: unknown; window?: unknown } =
    typeof raw === 'object' && raw !== null ? raw : {};
  const recentFiles = Array.isArray(fields.recentFiles)
    ? fields.recentFiles.flatMap((file: unknown) => {
        const parsed = recentFileSchema.safeParse(file);
        return parsed.success ? [parsed.data] : [];
      })
    : [];
  const window = boundsSchema.safeParse(fields.window);
  return {
    recentFiles: recentFiles.slice(0, MAX_RECENT_FILES),
    window: window.success ? window.data : null,
  };
}

export class SettingsStore {
  #settings: Settings = DEFAULT_SETTINGS;
  #writing: Promise<void> = Promise.resolve();
  readonly path: string;

  constructor(userDataFolder: string) {
    this.path = join(userDataFolder, 'settings.json');
  }

  get value(): Settings {
    return this.#settings;
  }

  async load(): Promise<Settings> {
    try {
      this.#settings = readSettings(JSON.parse(await readFile(this.path, 'utf8')));
    } catch {
      this.#settings = DEFAULT_SETTINGS;
    }
    return this.#settings;
  }

  /** Moves `file` to the top of the recent files (no duplicates, at most MAX_RECENT_FILES). */
  addRecent(file: RecentFile): Promise<void> {
    const others = this.#settings.recentFiles.filter((f) => f.path !== file.path);
    return this.update({ recentFiles: [file, ...others].slice(0, MAX_RECENT_FILES) });
  }

  /** Takes `path` off the recent files (it is no longer there). */
  removeRecent(path: string): Promise<void> {
    return this.update({ recentFiles: this.#settings.recentFiles.filter((f) => f.path !== path) });
  }

  /** Remembers the window's bounds; bounds no window could be restored to are ignored. */
  setWindow(bounds: WindowBounds): Promise<void> {
    const checked = boundsSchema.safeParse(bounds);
    return checked.success ? this.update({ window: checked.data }) : Promise.resolve();
  }

  /** Saves the window's bounds at once (the window is closing and the app may quit next). */
  setWindowSync(bounds: WindowBounds): void {
    const checked = boundsSchema.safeParse(bounds);
    if (!checked.success) return;
    this.#settings = { ...this.#settings, window: checked.data };
    const temporary = `${this.path}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, JSON.stringify(this.#settings, null, 2));
      renameSync(temporary, this.path);
    } catch {
      rmSync(temporary, { force: true });
    }
  }

  /** Applies a change and writes the file (writes are queued, each one atomic). */
  update(change: Partial<Settings>): Promise<void> {
    this.#settings = settingsSchema.parse({ ...this.#settings, ...change });
    // The settings as they are when the write runs: a queued write must not put back what a
    // later change (the bounds saved at once as the window closed) replaced.
    this.#writing = this.#writing
      .catch(() => {})
      .then(() => writeFileAtomic(this.path, JSON.stringify(this.#settings, null, 2)));
    return this.#writing;
  }
}
