import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp-dir';
import { DEFAULT_SETTINGS, MAX_RECENT_FILES, SettingsStore } from './settings';

const bounds = { x: 10, y: 20, width: 1000, height: 700, maximized: false };

describe('SettingsStore', () => {
  it('starts from defaults when the file is missing or damaged', async () => {
    const dir = tempDir('bps-settings-');
    expect(await new SettingsStore(dir).load()).toEqual(DEFAULT_SETTINGS);
    await writeFile(join(dir, 'settings.json'), '{"recentFiles": "oops"');
    expect(await new SettingsStore(dir).load()).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps recent files (newest first, no duplicates, at most 10) and the window bounds', async () => {
    const dir = tempDir('bps-settings-');
    const store = new SettingsStore(dir);
    await store.load();
    for (let i = 0; i < 12; i++) await store.addRecent({ path: `/d/${i}.csv`, kind: 'dataset' });
    await store.addRecent({ path: '/d/5.csv', kind: 'dataset' });
    await store.setWindow({ x: 10, y: 20, width: 1000, height: 700, maximized: false });
    const again = await new SettingsStore(dir).load();
    expect(again.recentFiles).toHaveLength(MAX_RECENT_FILES);
    expect(again.recentFiles.slice(0, 3).map((f) => f.path)).toEqual([
      '/d/5.csv',
      '/d/11.csv',
      '/d/10.csv',
    ]);
    expect(again.window).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: false });
    await store.removeRecent('/d/11.csv');
    expect(
      (await new SettingsStore(dir).load()).recentFiles.slice(0, 2).map((f) => f.path),
    ).toEqual(['/d/5.csv', '/d/10.csv']);
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')).window.width).toBe(1000);
    store.setWindowSync({ x: 0, y: 0, width: 900, height: 650, maximized: true });
    expect((await new SettingsStore(dir).load()).window).toMatchObject({
      width: 900,
      maximized: true,
    });
  });

  it('keeps the parts of a damaged file that are fine', async () => {
    const dir = tempDir('bps-settings-');
    const recent = { path: '/d/iris.csv', kind: 'dataset' };
    const file = join(dir, 'settings.json');
    await writeFile(file, JSON.stringify({ recentFiles: [recent, { path: 3 }], window: bounds }));
    expect(await new SettingsStore(dir).load()).toEqual({ recentFiles: [recent], window: bounds });
    await writeFile(
      file,
      JSON.stringify({ recentFiles: [recent], window: { ...bounds, width: 1 } }),
    );
    expect(await new SettingsStore(dir).load()).toEqual({ recentFiles: [recent], window: null });
    await writeFile(file, 'null');
    expect(await new SettingsStore(dir).load()).toEqual(DEFAULT_SETTINGS);
  });

  it('ignores window bounds it could not restore, instead of throwing', async () => {
    const dir = tempDir('bps-settings-');
    const store = new SettingsStore(dir);
    await store.load();
    await store.setWindow(bounds);
    // A minimized window on Windows: 160×28 at (-32000, -32000).
    const minimized = { x: -32000, y: -32000, width: 160, height: 28, maximized: false };
    await expect(store.setWindow(minimized)).resolves.toBeUndefined();
    expect(() => store.setWindowSync(minimized)).not.toThrow();
    expect(store.value.window).toEqual(bounds);
    expect((await new SettingsStore(dir).load()).window).toEqual(bounds);
  });

  it('never lets a queued write put back older settings', async () => {
    const dir = tempDir('bps-settings-');
    const store = new SettingsStore(dir);
    await store.load();
    // Moved (a debounced save, written in the background), then closed at once, maximized.
    const moved = store.setWindow(bounds);
    store.setWindowSync({ ...bounds, maximized: true });
    await moved;
    expect((await new SettingsStore(dir).load()).window).toEqual({ ...bounds, maximized: true });
  });
});
