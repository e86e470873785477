// The one hand-written stand-in for the `electron` module, installed for every Node-side test by
// test/setup-electron.ts (the real module would try to download the Electron binary). It keeps
// just enough state to observe what the main process and the preload do: windows and their
// options, handlers and listeners, menus, dialogs (answered from a queue), sent events.
import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { exposeAcrossBridge } from './context-bridge';

type Listener = (...args: unknown[]) => unknown;

// ------------------------------------------------------------------------------ webContents

let nextContentsId = 1;

export class WebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  destroyed = false;
  url = '';
  /** From loadURL or reload until the test emits did-finish-load. */
  loading = false;

  constructor() {
    super();
    this.on('did-finish-load', () => (this.loading = false));
  }
  isLoading(): boolean {
    return this.loading;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
    ipcRenderer.deliver(channel, payload);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Ends the page's process: Electron then emits render-process-gone (here at once). */
  forcefullyCrashRenderer(): void {
    this.emit('render-process-gone', {}, { reason: 'killed', exitCode: -1 });
  }
  /** What the renderer's top frame shows, as an IpcMainInvokeEvent would carry it. */
  event(url = this.url) {
    return { sender: this, senderFrame: url ? { url } : null };
  }
  /** Emits a navigation-like event and says whether it was prevented. */
  attempt(name: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url = ''): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

// ------------------------------------------------------------------------------ BrowserWindow

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.instances.filter((w) => !w.destroyed);
  }
  readonly options: Electron.BrowserWindowConstructorOptions;
  readonly webContents = new WebContents();
  bounds: { x: number; y: number; width: number; height: number };
  maximized = false;
  destroyed = false;
  loadedUrl = '';

  constructor(options: Electron.BrowserWindowConstructorOptions = {}) {
    super();
    this.options = options;
    this.bounds = {
      x: options.x ?? 0,
      y: options.y ?? 0,
      width: options.width ?? 800,
      height: options.height ?? 600,
    };
    BrowserWindow.instances.push(this);
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.url = url;
    this.webContents.loading = true;
  }
  /** Asks to close, as the close button does: 'close' may be prevented, else the window goes. */
  close(): void {
    if (this.destroyed) return;
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  reloads = 0;
  reload(): void {
    this.reloads++;
    this.webContents.loading = true;
  }
  show(): void {}
  focus(): void {}
  minimized = false;
  fullScreen = false;
  minimize(): void {
    this.minimized = true;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  setFullScreen(flag: boolean): void {
    this.fullScreen = flag;
  }
  isFullScreen(): boolean {
    return this.fullScreen;
  }
  /** What the window covers now: Windows puts a minimized window at (-32000, -32000), 160×28. */
  getBounds() {
    if (this.minimized) return { x: -32000, y: -32000, width: 160, height: 28 };
    if (this.fullScreen) return { x: 0, y: 0, width: 1920, height: 1080 };
    return { ...this.bounds };
  }
  /** Its bounds in the normal state, whatever the state it is in (as Electron documents). */
  getNormalBounds() {
    return { ...this.bounds };
  }
  setBounds(bounds: Partial<BrowserWindow['bounds']>): void {
    this.bounds = { ...this.bounds, ...bounds };
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

// ------------------------------------------------------------------------------ session, screen

function makeSession() {
  return {
    permissionRequestHandler: null as Listener | null,
    permissionCheckHandler: null as Listener | null,
    headersReceived: null as Listener | null,
    setPermissionRequestHandler(handler: Listener) {
      this.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: Listener) {
      this.permissionCheckHandler = handler;
    },
    webRequest: {
      onHeadersReceived(handler: Listener) {
        session.defaultSession.headersReceived = handler;
      },
    },
  };
}
export const session = { defaultSession: makeSession() };

export const screen = {
  displays: [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
  getAllDisplays() {
    return this.displays;
  },
};

// ------------------------------------------------------------------------------ IPC

export const ipcMain = {
  handlers: new Map<string, Listener>(),
  handle(channel: string, handler: Listener) {
    if (this.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  },
  /** Calls a handler as Electron would for an invoke from `event`'s sender. */
  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler)
      throw new Error(`Error invoking remote method '${channel}': No handler registered`);
    // Electron passes arguments through the structured clone algorithm.
    return handler(event, ...structuredClone(args));
  },
};

export const ipcRenderer = {
  emitter: new EventEmitter(),
  /** The renderer's webContents, whose event an invoke carries (set by tests). */
  contents: null as WebContents | null,
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const contents = ipcRenderer.contents ?? new WebContents();
    return ipcMain.invoke(channel, contents.event(), ...args);
  },
  on(channel: string, listener: Listener) {
    ipcRenderer.emitter.on(channel, listener);
    return ipcRenderer;
  },
  removeListener(channel: string, listener: Listener) {
    ipcRenderer.emitter.removeListener(channel, listener);
    return ipcRenderer;
  },
  deliver(channel: string, payload: unknown) {
    ipcRenderer.emitter.emit(channel, { sender: ipcRenderer }, structuredClone(payload));
  },
};

export const contextBridge = {
  /** What the page sees: copies, as the real bridge makes them (test/context-bridge.ts). */
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown) {
    this.exposed.set(key, exposeAcrossBridge(api));
  },
};

export const webUtils = {
  getPathForFile(file: { path?: string }): string {
    return file.path ?? '';
  },
};

// ------------------------------------------------------------------------------ menus, dialogs

export class Menu {
  static application: Menu | null = null;
  constructor(readonly template: Electron.MenuItemConstructorOptions[]) {}
  static buildFromTemplate(template: Electron.MenuItemConstructorOptions[]): Menu {
    return new Menu(template);
  }
  static setApplicationMenu(menu: Menu | null): void {
    Menu.application = menu;
  }
}

/** Answers queued by a test, consumed in order; a dialog with no answer queued is cancelled. */
export const dialog = {
  answers: [] as unknown[],
  showOpenDialog: vi.fn(async () => {
    const path = dialog.answers.shift();
    return typeof path === 'string'
      ? { canceled: false, filePaths: [path] }
      : { canceled: true, filePaths: [] };
  }),
  showSaveDialog: vi.fn(async () => {
    const path = dialog.answers.shift();
    return typeof path === 'string'
      ? { canceled: false, filePath: path }
      : { canceled: true, filePath: '' };
  }),
  showMessageBox: vi.fn(async () => ({
    response: Number(dialog.answers.shift() ?? 0),
    checkboxChecked: false,
  })),
};

// ------------------------------------------------------------------------------ app, processes

export const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  userData: join(tmpdir(), 'backprop-studio-test-userdata'),
  getPath(name: string): string {
    if (name === 'userData') return app.userData;
    return join(tmpdir(), name);
  },
  whenReady: () => Promise.resolve(),
  quit: vi.fn(),
  requestSingleInstanceLock: () => true,
  /** package.json's version, as Electron reads it (a fixed one here). */
  getVersion: () => '0.0.0-test',
  setAboutPanelOptions: vi.fn(),
});

/** A forked utility process: records what main sends; a test plays its side with `reply`. */
export class UtilityProcess extends EventEmitter {
  readonly received: unknown[] = [];
  killed = false;
  constructor(
    readonly modulePath: string,
    readonly options: unknown,
  ) {
    super();
  }
  postMessage(message: unknown): void {
    this.received.push(structuredClone(message));
  }
  kill(): boolean {
    this.killed = true;
    return true;
  }
  /** The utility process sends `message` to main. */
  reply(message: unknown): void {
    this.emit('message', structuredClone(message));
  }
}

export const utilityProcess = {
  children: [] as UtilityProcess[],
  fork: vi.fn((modulePath: string, _args?: string[], options?: unknown) => {
    const child = new UtilityProcess(modulePath, options);
    utilityProcess.children.push(child);
    return child;
  }),
};

export const shell = { openExternal: vi.fn(async () => {}) };

/** Forgets everything recorded, between tests. */
export function resetElectronMock(): void {
  BrowserWindow.instances = [];
  ipcMain.handlers.clear();
  ipcRenderer.emitter.removeAllListeners();
  ipcRenderer.contents = null;
  contextBridge.exposed.clear();
  Menu.application = null;
  dialog.answers = [];
  session.defaultSession = makeSession();
  app.removeAllListeners();
  utilityProcess.children = [];
}

export default {
  app,
  BrowserWindow,
  contextBridge,
  dialog,
  ipcMain,
  ipcRenderer,
  Menu,
  screen,
  session,
  shell,
  utilityProcess,
  webUtils,
};
