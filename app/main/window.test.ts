import * as electron from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetElectronMock } from '../../test/electron-mock';
import { createMainWindow, hardenSession, isOwnUrl, visibleBounds } from './window';

const mock = electron as unknown as typeof import('../../test/electron-mock');
const page = 'file:///opt/app/out/renderer/index.html';

afterEach(() => {
  resetElectronMock();
  vi.useRealTimers();
});

function open(bounds: Parameters<typeof createMainWindow>[0]['bounds'] = null) {
  const saved = vi.fn();
  const win = createMainWindow({
    preload: '/opt/app/out/preload/index.cjs',
    rendererUrl: page,
    bounds,
    onBoundsChanged: saved,
  });
  return { win: win as unknown as InstanceType<typeof mock.BrowserWindow>, saved };
}

describe('main window', () => {
  it('is isolated, sandboxed and without Node', () => {
    const { win } = open();
    const prefs = win.options.webPreferences!;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      preload: '/opt/app/out/preload/index.cjs',
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(win.loadedUrl).toBe(page);
  });

  it('refuses navigation away from our page, new windows and webviews', () => {
    const { win } = open();
    const contents = win.webContents;
    expect(contents.attempt('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.attempt('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.attempt('will-navigate', 'file:///opt/app/out/renderer/index.html#x')).toBe(
      false,
    );
    expect(contents.attempt('will-redirect', 'http://127.0.0.1:1/')).toBe(true);
    expect(contents.attempt('will-attach-webview')).toBe(true);
    expect(contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({
      action: 'deny',
    });
  });

  it('denies every permission and sends a strict Content-Security-Policy', () => {
    hardenSession(mock.session.defaultSession as never);
    const s = mock.session.defaultSession;
    const granted = vi.fn();
    s.permissionRequestHandler!(null, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(s.permissionCheckHandler!()).toBe(false);
    const callback = vi.fn();
    s.headersReceived!({ responseHeaders: { 'X-Other': ['1'] } }, callback);
    const headers = callback.mock.calls[0][0].responseHeaders;
    expect(headers['X-Other']).toEqual(['1']);
    const [csp] = headers['Content-Security-Policy'] as string[];
    const directives = Object.fromEntries(
      csp.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(csp).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  it('restores saved bounds that are on a screen, and saves them when moved or closed', () => {
    vi.useFakeTimers();
    const { win, saved } = open({ x: 100, y: 80, width: 1000, height: 700, maximized: true });
    expect(win.options).toMatchObject({ x: 100, y: 80, width: 1000, height: 700 });
    expect(win.maximized).toBe(true);
    win.setBounds({ x: 200 });
    win.emit('move');
    win.emit('move');
    vi.advanceTimersByTime(500);
    expect(saved).toHaveBeenCalledTimes(1);
    expect(saved).toHaveBeenLastCalledWith(
      { x: 200, y: 80, width: 1000, height: 700, maximized: true },
      false,
    );
    win.emit('close');
    expect(saved).toHaveBeenCalledTimes(2);
    expect(saved.mock.calls[1][1]).toBe(true);
  });

  it('saves the normal bounds of a window closed while minimized or full screen', () => {
    vi.useFakeTimers();
    const { win, saved } = open({ x: 100, y: 80, width: 1000, height: 700, maximized: false });
    win.minimize();
    win.emit('resize');
    vi.advanceTimersByTime(500);
    win.emit('close');
    win.restore();
    win.setFullScreen(true);
    win.emit('close');
    const normal = { x: 100, y: 80, width: 1000, height: 700, maximized: false };
    expect(saved.mock.calls).toEqual([
      [normal, false],
      [normal, true],
      [normal, true],
    ]);
  });

  it('fits bounds saved on a larger screen into the screen the window is on', () => {
    const laptop = [{ x: 0, y: 0, width: 1366, height: 728 }];
    const big = { x: 40, y: 30, width: 2500, height: 1400, maximized: false };
    expect(visibleBounds(big, laptop)).toEqual({
      x: 0,
      y: 0,
      width: 1366,
      height: 728,
      maximized: false,
    });
    // Reaching past the right and bottom edges: moved back inside, its size kept.
    const screens = [
      { x: 0, y: 0, width: 1920, height: 1080 },
      { x: 1920, y: 0, width: 1280, height: 1024 },
    ];
    expect(visibleBounds({ ...big, x: 2500, y: 600, width: 1000, height: 700 }, screens)).toEqual({
      ...big,
      x: 2200,
      y: 324,
      width: 1000,
      height: 700,
    });
    const { win } = open(big);
    expect(win.options).toMatchObject({ x: 0, y: 0, width: 1920, height: 1080 });
  });

  it('reloads the page if its process dies', () => {
    const { win } = open();
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    win.webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    expect(win.reloads).toBe(1);
  });

  it('forgets bounds that are off every screen', () => {
    const screens = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    const bounds = { x: 3000, y: 100, width: 800, height: 600, maximized: false };
    expect(visibleBounds(bounds, screens)).toBeNull();
    expect(visibleBounds({ ...bounds, x: 100 }, screens)).toEqual({ ...bounds, x: 100 });
    const { win } = open(bounds);
    expect(win.options).toMatchObject({ width: 1280, height: 820 });
    expect(win.options).not.toHaveProperty('x');
  });

  it('tells our page from others', () => {
    expect(isOwnUrl('file:///opt/app/out/renderer/assets/x.js', page)).toBe(true);
    expect(isOwnUrl('file:///opt/app/out/main/index.cjs', page)).toBe(false);
    expect(isOwnUrl('not a url', page)).toBe(false);
    expect(isOwnUrl('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true);
  });
});
