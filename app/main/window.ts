// The one window, built to Electron's security checklist: an isolated, sandboxed page without
// Node, a strict Content-Security-Policy, no navigation away from our page, no new windows, no
// permissions, no <webview>. Its size and position are restored from, and saved to, the settings.
import {
  BrowserWindow,
  screen,
  session as electronSession,
  type Rectangle,
  type Session,
  type WebContents,
} from 'electron';
import { isOwnUrl } from './own-page';
import { loadPage, offerReloadWhenUnresponsive, reloadWhenPageDies } from './page-crash';
import type { WindowBounds } from './settings';

export { isOwnUrl };

export const DEFAULT_SIZE = { width: 1280, height: 820 };
export const MIN_SIZE = { width: 900, height: 600 };

/** Refuses navigation away from our page, new windows, <webview>s. For every webContents. */
export function hardenContents(contents: WebContents, rendererUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnUrl(url, rendererUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOwnUrl(url, rendererUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** No permission (camera, notifications, geolocation, …) is ever granted; CSP on every response. */
export function hardenSession(target: Session = electronSession.defaultSession): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
  target.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        // The page may load only what it ships with; data:/blob: for images, fonts and the worker.
        // Written as a literal so that a security scanner can read it. style-src 'unsafe-inline':
        // Svelte and KaTeX set inline style attributes; scripts stay 'self' only.
        'Content-Security-Policy': [
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ],
      },
    });
  });
}

/**
 * Saved bounds placed on today's screens: null if the title bar is on none of them (a monitor may
 * have been unplugged); else shrunk to the work area of the screen it is on and moved inside it
 * (bounds saved on a large monitor would reach past a laptop's screen, the title bar or the
 * bottom edge out of reach).
 */
export function visibleBounds(
  saved: WindowBounds | null,
  displays: Rectangle[],
): WindowBounds | null {
  if (!saved) return null;
  const area = displays.find(
    (area) =>
      saved.x < area.x + area.width - 50 &&
      saved.x + saved.width > area.x + 50 &&
      saved.y >= area.y - 10 &&
      saved.y < area.y + area.height - 50,
  );
  if (!area) return null;
  const width = Math.min(saved.width, area.width);
  const height = Math.min(saved.height, area.height);
  const within = (start: number, low: number, high: number) => Math.max(low, Math.min(start, high));
  return {
    ...saved,
    x: within(saved.x, area.x, area.x + area.width - width),
    y: within(saved.y, area.y, area.y + area.height - height),
    width,
    height,
  };
}

/**
 * The bounds to remember: the window's normal-state bounds whatever its state. getBounds() of a
 * minimized window on Windows is (-32000, -32000) and 160×28, of a full-screen one the screen.
 */
function boundsToSave(win: BrowserWindow): WindowBounds {
  const { x, y, width, height } = win.getNormalBounds();
  return { x, y, width, height, maximized: win.isMaximized() };
}

export interface MainWindowOptions {
  preload: string;
  /** file:// URL of out/renderer/index.html, or the dev server's URL. */
  rendererUrl: string;
  bounds: WindowBounds | null;
  icon?: string;
  /**
   * Called (debounced) when the user moves or resizes the window, and once more as it closes
   * (`closing`: the app may quit right after, so that call should save synchronously).
   */
  onBoundsChanged: (bounds: WindowBounds, closing: boolean) => void;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const displays = screen.getAllDisplays().map((d) => d.workArea);
  const bounds = visibleBounds(options.bounds, displays);
  const win = new BrowserWindow({
    ...(bounds
      ? { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height }
      : DEFAULT_SIZE),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Backprop Studio',
    show: false,
    backgroundColor: '#1e1e1e',
    ...(options.icon ? { icon: options.icon } : {}),
    // Electron's security checklist, written out here (not computed) so a scanner can check it.
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // Middle-click would open links in new windows (electronegativity: AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (bounds?.maximized) win.maximize();
  hardenContents(win.webContents, options.rendererUrl);
  win.once('ready-to-show', () => win.show());
  reloadWhenPageDies(win);
  offerReloadWhenUnresponsive(win);

  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!win.isDestroyed()) options.onBoundsChanged(boundsToSave(win), false);
    }, 400);
  };
  win.on('resize', save);
  win.on('move', save);
  win.on('close', () => {
    clearTimeout(timer);
    options.onBoundsChanged(boundsToSave(win), true);
  });
  loadPage(win, options.rendererUrl);
  return win;
}
