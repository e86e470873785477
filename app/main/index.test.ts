// The main process wired together (app/main/index.ts) against the electron mock: one secure
// window on our page, every channel handled, the menu installed, the training process forked,
// and its events forwarded to the page.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as electron from 'electron';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp-dir';
import { invokeChannels } from '../shared/ipc';

const mock = electron as unknown as typeof import('../../test/electron-mock');
const iris = fileURLToPath(new URL('../../examples/iris.csv', import.meta.url));
const until = async (predicate: () => boolean) => {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > 10_000) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

beforeAll(async () => {
  // A fresh user-data folder with one recent file, for File ▸ Open Recent.
  mock.app.userData = tempDir('bps-userdata-');
  await writeFile(
    join(mock.app.userData, 'settings.json'),
    JSON.stringify({ recentFiles: [{ path: iris, kind: 'dataset' }], window: null }),
  );
  await import('./index');
  await until(() => mock.BrowserWindow.instances.length === 1);
  // The page has loaded.
  mock.BrowserWindow.instances[0].webContents.emit('did-finish-load');
});

describe('main process', () => {
  it('opens one sandboxed window on out/renderer with the CommonJS preload', () => {
    const [win] = mock.BrowserWindow.instances;
    expect(win.loadedUrl).toMatch(/^file:\/\/.*\/renderer\/index\.html$/);
    expect(win.options.webPreferences).toMatchObject({
      preload: expect.stringMatching(/[/\\]preload[/\\]index\.cjs$/),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(mock.Menu.application).not.toBeNull();
    // Help ▸ About Backprop Studio (macOS: the app menu's About) shows the name and version.
    expect(mock.app.setAboutPanelOptions).toHaveBeenCalledWith(
      expect.objectContaining({
        applicationName: 'Backprop Studio',
        applicationVersion: '0.0.0-test',
      }),
    );
  });

  it('handles every channel, and only for its own window', async () => {
    expect([...mock.ipcMain.handlers.keys()].sort()).toEqual(Object.keys(invokeChannels).sort());
    const [win] = mock.BrowserWindow.instances;
    const stranger = new mock.WebContents();
    const refused = await mock.ipcMain.invoke('training:start', stranger.event(win.loadedUrl));
    expect(refused).toMatchObject({ ok: false });
  });

  it('sends Open Recent to the page with its path; the page opens that path, and Open still asks', async () => {
    const [win] = mock.BrowserWindow.instances;
    const [child] = mock.utilityProcess.children;
    const file = mock.Menu.application!.template.find((m) => m.label === 'File')!;
    const recent = (file.submenu as Electron.MenuItemConstructorOptions[]).find(
      (i) => i.label === 'Open Recent',
    )!;
    const item = (recent.submenu as Electron.MenuItemConstructorOptions[])[0];
    expect(item.label).toBe('iris.csv');
    (item.click as () => void)();
    expect(win.webContents.sent.at(-1)).toEqual({
      channel: 'menu:command',
      payload: { command: 'open-recent', kind: 'dataset', path: iris },
    });

    // The page kept its weights (it asks nothing of main); later its own Open button: the dialog.
    const dialogs = mock.dialog.showOpenDialog.mock.calls.length;
    const loads = () =>
      child.received.filter((m) => (m as { type: string }).type === 'load-dataset');
    mock.dialog.answers = []; // cancelled
    const asked = mock.ipcMain.invoke('dataset:open-dialog', win.webContents.event());
    await until(() => mock.dialog.showOpenDialog.mock.calls.length > dialogs || loads().length > 0);
    expect(loads()).toEqual([]);
    expect(await asked).toEqual({ ok: true, value: null });

    // The page said yes: it asks for exactly the recent file, which main opens.
    const opened = mock.ipcMain.invoke('dataset:open-recent', win.webContents.event(), iris);
    await until(() => loads().length === 1);
    const request = loads()[0] as { id: number; payload: unknown };
    expect(request.payload).toEqual({ path: iris });
    const summary = { name: 'iris.csv', rows: 150, columns: [], preview: [], suggestedRoles: [] };
    child.reply({ kind: 'result', id: request.id, value: summary });
    expect(await opened).toEqual({ ok: true, value: summary });
    // A path the menu never offered is refused before the training process hears of it.
    const other = join(mock.app.userData, 'settings.csv');
    const refused = await mock.ipcMain.invoke(
      'dataset:open-recent',
      win.webContents.event(),
      other,
    );
    expect(refused).toMatchObject({ ok: false, error: { scope: 'dataset' } });
    expect(loads()).toHaveLength(1);
  });

  it('forks the training process and forwards its messages to the page', async () => {
    const [child] = mock.utilityProcess.children;
    expect(child.modulePath).toMatch(/[/\\]utility\.cjs$/);
    const [win] = mock.BrowserWindow.instances;
    // A request from the page reaches the training process; its reply comes back.
    const pending = mock.ipcMain.invoke('training:pause', win.webContents.event());
    await until(
      () =>
        child.received.length > 0 && (child.received.at(-1) as { type: string }).type === 'pause',
    );
    const request = child.received.at(-1) as { id: number };
    child.reply({ kind: 'result', id: request.id, value: null });
    expect(await pending).toEqual({ ok: true, value: null });

    const batch = {
      points: new Float64Array([1, 0.5, NaN, 0.1, 3]),
      samplesPerSecond: 0,
      state: 'paused',
    };
    child.reply({ kind: 'progress', batch });
    const progress = { checked: 1234, total: 50_000 };
    child.reply({ kind: 'gradient-check-progress', progress });
    child.reply({ kind: 'error', error: { scope: 'training', message: 'boom' } });
    expect(win.webContents.sent).toEqual(
      expect.arrayContaining([
        { channel: 'training:progress', payload: batch },
        { channel: 'gradient:progress', payload: progress },
        { channel: 'app:error', payload: { scope: 'training', message: 'boom' } },
      ]),
    );
  });

  it("enables the menu's items by the state the page reports, and refuses an invalid one", async () => {
    const [win] = mock.BrowserWindow.instances;
    const submenu = (label: string) =>
      mock.Menu.application!.template.find((m) => m.label === label)!
        .submenu as Electron.MenuItemConstructorOptions[];
    const item = (menu: string, label: string) => submenu(menu).find((i) => i.label === label);
    // Before the page says anything: nothing to train, save or export.
    expect(item('Training', 'Start Training')?.enabled).toBe(false);
    expect(item('File', 'Save Project…')?.enabled).toBe(false);

    const paused = {
      training: 'paused',
      ...{ start: false, pause: false, resume: true, step: true, stop: true, reset: true },
      ...{ saveProject: true, exportWeights: true, exportLosses: true },
    };
    const reply = await mock.ipcMain.invoke('menu:state', win.webContents.event(), paused);
    expect(reply).toEqual({ ok: true, value: null });
    expect(item('Training', 'Start Training')).toBeUndefined();
    expect(item('Training', 'Resume Training')?.enabled).toBe(true);
    expect(item('Training', 'Stop Training')?.enabled).toBe(true);
    expect(item('File', 'Export Loss History…')?.enabled).toBe(true);
    // Resume from the menu: the page runs it (its Resume button's action).
    (item('Training', 'Resume Training')!.click as () => void)();
    expect(win.webContents.sent.at(-1)).toEqual({
      channel: 'menu:command',
      payload: 'training-resume',
    });

    const installed = mock.Menu.application;
    const invalid = (await mock.ipcMain.invoke('menu:state', win.webContents.event(), {
      ...paused,
      training: 'sleeping',
    })) as { ok: boolean; error: { message: string } };
    expect(invalid.ok).toBe(false);
    expect(invalid.error.message).toContain('menu:state.0.training');
    // Another page (or none) may not set it either.
    const stranger = new mock.WebContents();
    const refused = await mock.ipcMain.invoke('menu:state', stranger.event(win.loadedUrl), {
      ...paused,
      training: 'idle',
    });
    expect(refused).toMatchObject({ ok: false });
    expect(mock.Menu.application).toBe(installed);
    expect(item('Training', 'Resume Training')?.enabled).toBe(true);
  });

  it('holds a menu command while the page reloads after a crash, and sends it once it has loaded', () => {
    const [win] = mock.BrowserWindow.instances;
    const file = mock.Menu.application!.template.find((m) => m.label === 'File')!;
    const openDataset = (file.submenu as Electron.MenuItemConstructorOptions[]).find(
      (i) => i.label === 'Open Dataset…',
    )!;
    win.webContents.forcefullyCrashRenderer();
    expect(win.reloads).toBe(1);
    const sent = win.webContents.sent.length;
    (openDataset.click as () => void)();
    // Nothing listens in a page that is loading: sent now, the command would be lost.
    expect(win.webContents.sent).toHaveLength(sent);
    win.webContents.emit('did-finish-load');
    expect(win.webContents.sent.slice(sent)).toEqual([
      { channel: 'menu:command', payload: 'open-dataset' },
    ]);
  });

  it('lists the recent files as main holds them, also when the settings file cannot be written', async () => {
    const recent = () => {
      const file = mock.Menu.application!.template.find((m) => m.label === 'File')!;
      const open = (file.submenu as Electron.MenuItemConstructorOptions[]).find(
        (i) => i.label === 'Open Recent',
      )!;
      return (open.submenu as Electron.MenuItemConstructorOptions[]).map((i) => i.label);
    };
    expect(recent()).toContain('iris.csv');
    // A folder where the file goes: every write of the settings fails.
    const settingsFile = join(mock.app.userData, 'settings.json');
    await rm(settingsFile);
    await mkdir(settingsFile);
    const clear = (
      mock.Menu.application!.template.find((m) => m.label === 'File')!
        .submenu as Electron.MenuItemConstructorOptions[]
    ).find((i) => i.label === 'Open Recent')!.submenu as Electron.MenuItemConstructorOptions[];
    (clear.find((i) => i.label === 'Clear Recent')!.click as () => void)();
    // Cleared at once (the page could no longer open iris.csv from it: main refuses it now).
    expect(recent()).toEqual(['No Recent Files']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await rm(settingsFile, { recursive: true });
  });

  it('asks before the window closes with the trained network unsaved', async () => {
    const [win] = mock.BrowserWindow.instances;
    // The paused run above trained an epoch; Cancel keeps the window.
    mock.dialog.answers = [2];
    win.close();
    await until(() => mock.dialog.showMessageBox.mock.calls.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(win.isDestroyed()).toBe(false);
  });

  it('reports a crash to the page and starts a fresh training process', async () => {
    const [first] = mock.utilityProcess.children;
    first.emit('exit', 9);
    await until(() => mock.utilityProcess.children.length === 2);
    const [win] = mock.BrowserWindow.instances;
    // No checkpoint yet: nothing to restore, but the page is told what happened.
    await until(() =>
      win.webContents.sent.some(
        (m) => m.channel === 'app:error' && JSON.stringify(m.payload).includes('exit code 9'),
      ),
    );
  });

  it('stops the training process and its handlers when the app quits', () => {
    mock.app.emit('will-quit');
    expect(mock.utilityProcess.children.at(-1)!.killed).toBe(true);
    expect(mock.ipcMain.handlers.size).toBe(0);
  });

  it('hardens every webContents the app creates', () => {
    const created = new mock.WebContents();
    mock.app.emit('web-contents-created', {}, created);
    expect(created.windowOpenHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(created.attempt('will-navigate', 'https://example.com')).toBe(true);
  });

  it('opens a window for a second launch when none is open (macOS keeps the app without one)', async () => {
    const [win] = mock.BrowserWindow.instances;
    mock.dialog.answers = [1]; // the unsaved run: Don't Save
    win.close();
    await until(() => win.isDestroyed());
    mock.app.emit('second-instance', {}, ['backprop-studio'], '/');
    expect(mock.BrowserWindow.getAllWindows()).toHaveLength(1);
    expect(mock.BrowserWindow.instances).toHaveLength(2);
  });

  it('opens a window for a menu command when none is open, and sends it once the page is there', async () => {
    const win = mock.BrowserWindow.getAllWindows()[0];
    mock.dialog.answers = [1]; // Don't Save
    win.close();
    await until(() => win.isDestroyed());
    // The page that reported its state is gone: the menu offers only what needs none.
    const training = mock.Menu.application!.template.find((m) => m.label === 'Training')!;
    expect((training.submenu as Electron.MenuItemConstructorOptions[])[0]).toMatchObject({
      label: 'Start Training',
      enabled: false,
    });
    const file = mock.Menu.application!.template.find((m) => m.label === 'File')!;
    const openDataset = (file.submenu as Electron.MenuItemConstructorOptions[]).find(
      (i) => i.label === 'Open Dataset…',
    )!;
    (openDataset.click as () => void)();
    const [opened] = mock.BrowserWindow.getAllWindows();
    expect(opened).toBeDefined();
    expect(opened.webContents.sent).toEqual([]);
    opened.webContents.emit('did-finish-load');
    expect(opened.webContents.sent).toEqual([{ channel: 'menu:command', payload: 'open-dataset' }]);
  });
});
