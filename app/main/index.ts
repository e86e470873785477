// The main process: one window, the native menu, the settings, and the training process's host.
// It wires the small modules beside it together and does little else.
//
//   renderer (sandboxed page) ──invoke/events──▶ main ──requests/events──▶ training process
//            window.backprop (preload)            ipc router, dialogs,        TrainingSession
//                                                  files, trainer host         (core/ engine)
import { app, BrowserWindow, type WebContents } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { appIcon } from './app-icon';
import { identifyApp } from './app-id';
import { WorkAtRisk } from '../shared/work-at-risk';
import { guardClose, nativeCloseQuestion, noteWork } from './close-guard';
import { createHandlers } from './commands';
import { nativeDialogs } from './dialogs';
import { IpcRouter, send, toAppError, trustOnly } from './ipc';
import type { MenuCommand } from '../shared/api';
import { AppMenu, MENU_STATE_BEFORE_PAGE } from './menu';
import { SettingsStore, type RecentFile } from './settings';
import { TrainerHost, type HostEvent } from './trainer-host';
import { spawnTrainingProcess } from './training-process';
import { createMainWindow, hardenContents, hardenSession } from './window';

const rendererUrl =
  !app.isPackaged && process.env.ELECTRON_RENDERER_URL
    ? process.env.ELECTRON_RENDERER_URL
    : pathToFileURL(join(__dirname, '../renderer/index.html')).href;
const preload = join(__dirname, '../preload/index.cjs');
const utilityEntry = join(__dirname, 'utility.cjs');

let mainWindow: BrowserWindow | null = null;
const contents = (): WebContents | null => mainWindow?.webContents ?? null;

function forward(event: HostEvent): void {
  switch (event.kind) {
    case 'progress':
      return send(contents(), 'training:progress', event.batch);
    case 'finished':
      return send(contents(), 'training:finished', event.result);
    case 'dataset-progress':
      return send(contents(), 'dataset:progress', event.progress);
    case 'gradient-check-progress':
      return send(contents(), 'gradient:progress', event.progress);
    case 'error':
      return send(contents(), 'app:error', event.error);
    case 'restarted': {
      const restored = event.restored
        ? ' A fresh one took over with your dataset, settings and last parameters: resume training or export the weights.'
        : ' A fresh one took over.';
      return send(contents(), 'app:error', {
        scope: 'process',
        message: `${event.reason}.${restored}`,
      });
    }
  }
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  identifyApp(app);
  await app.whenReady();
  const icon = appIcon({
    isPackaged: app.isPackaged,
    platform: process.platform,
    mainDir: __dirname,
    resourcesPath: process.resourcesPath,
  });
  // Help ▸ About Backprop Studio (the app menu's About on macOS).
  app.setAboutPanelOptions({
    applicationName: 'Backprop Studio',
    applicationVersion: app.getVersion(),
    copyright: 'MIT License, Backprop Studio developers',
    ...(icon ? { iconPath: icon } : {}),
  });
  const settings = new SettingsStore(app.getPath('userData'));
  await settings.load();
  hardenSession();
  app.on('web-contents-created', (_event, created) => hardenContents(created, rendererUrl));

  const work = new WorkAtRisk();
  const host = new TrainerHost({
    spawn: () => spawnTrainingProcess(utilityEntry),
    onEvent: (event) => {
      work.note(event);
      forward(event);
    },
    log: (message) => console.warn(message),
  });
  host.start();

  /**
   * A menu command for the page; with no window open (macOS), one is opened for it first. A page
   * still loading (that window's, one reloaded after a crash) has nothing listening yet: the
   * command waits until it has loaded.
   */
  const toPage = (command: MenuCommand) => {
    if (mainWindow && !mainWindow.webContents.isLoading()) {
      return send(contents(), 'menu:command', command);
    }
    (mainWindow ?? open()).webContents.once('did-finish-load', () =>
      send(contents(), 'menu:command', command),
    );
  };
  const menu = new AppMenu(process.platform, {
    command: toPage,
    // The page asks before it discards its work, then opens this path (dataset:open-recent).
    openRecent: (file: RecentFile) =>
      toPage({ command: 'open-recent', kind: file.kind, path: file.path }),
    clearRecent: () => changeRecent(settings.update({ recentFiles: [] })),
  });
  const refreshMenu = () => menu.setRecent(settings.value.recentFiles);
  /**
   * The menu lists the recent files as main holds them, which a change sets at once: also when
   * writing them to the settings file fails (they are then forgotten at quit, nothing more).
   */
  const changeRecent = (written: Promise<void>) => {
    refreshMenu();
    written.catch(() => {});
  };
  refreshMenu();

  const router = new IpcRouter(trustOnly(contents, rendererUrl), (message) =>
    console.warn(message),
  );
  const handlers = noteWork(
    createHandlers({
      host,
      dialogs: nativeDialogs(() => mainWindow),
      addRecent: (file) => changeRecent(settings.addRecent(file)),
      removeRecent: (path) => changeRecent(settings.removeRecent(path)),
      recentFiles: () => settings.value.recentFiles,
    }),
    work,
  );
  router.handleAll({
    ...handlers,
    // What the page can do now: the menu enables its items by it (validated by the router).
    'menu:state': (state) => {
      menu.setState(state);
      return null;
    },
  });

  const open = (): BrowserWindow => {
    const win = createMainWindow({
      preload,
      rendererUrl,
      bounds: settings.value.window,
      ...(icon ? { icon } : {}),
      onBoundsChanged: (bounds, closing) =>
        closing ? settings.setWindowSync(bounds) : void settings.setWindow(bounds).catch(() => {}),
    });
    mainWindow = win;
    guardClose(win, app, {
      risk: () => work.risk,
      ask: nativeCloseQuestion(() => mainWindow),
      save: () =>
        Promise.resolve()
          .then(() => handlers['project:save']())
          .then(
            (saved) => saved !== null,
            (error: unknown) => {
              send(contents(), 'app:error', toAppError(error, 'project'));
              return false;
            },
          ),
    });
    win.on('closed', () => {
      mainWindow = null;
      // No page, no state of its own: a new window's page reports again.
      menu.setState(MENU_STATE_BEFORE_PAGE);
      // The user chose not to keep the run (macOS keeps the app, and the process, without a window).
      if (work.risk && host.running) host.request('reset', {}).catch(() => {});
    });
    return win;
  };
  open();
  app.on('second-instance', () => {
    // macOS keeps the app without a window: a second launch asks for one.
    if (!mainWindow) return void open();
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void open();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    router.dispose();
    host.dispose();
  });
}

void main();
