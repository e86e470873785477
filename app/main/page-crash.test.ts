// A dying page is reloaded, but not in a loop (against the electron mock).
import * as electron from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetElectronMock } from '../../test/electron-mock';
import {
  loadPage,
  MAX_RELOADS_PER_MINUTE,
  offerReloadWhenUnresponsive,
  reloadWhenPageDies,
} from './page-crash';

const mock = electron as unknown as typeof import('../../test/electron-mock');

afterEach(() => {
  resetElectronMock();
  mock.app.quit.mockClear();
  mock.dialog.showMessageBox.mockClear();
});

function dying() {
  const win = new mock.BrowserWindow();
  let t = 0;
  reloadWhenPageDies(win as never, () => t);
  const die = (reason = 'crashed', after = 1000) => {
    t += after;
    win.webContents.emit('render-process-gone', {}, { reason, exitCode: 1 });
  };
  return { win, die };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('a page whose process dies', () => {
  it('is reloaded, but not after a clean exit', () => {
    const { win, die } = dying();
    die('crashed');
    die('clean-exit');
    die('oom', 60_000);
    expect(win.reloads).toBe(2);
  });

  it('is not reloaded in a loop: the user chooses Reload or Quit', async () => {
    const { win, die } = dying();
    for (let i = 0; i < MAX_RELOADS_PER_MINUTE; i++) die('oom');
    expect(win.reloads).toBe(MAX_RELOADS_PER_MINUTE);
    mock.dialog.answers = [0];
    die('oom');
    await settle();
    expect(mock.dialog.showMessageBox).toHaveBeenCalledTimes(1);
    const [parent, options] = mock.dialog.showMessageBox.mock.calls[0] as unknown as [
      unknown,
      Electron.MessageBoxOptions,
    ];
    expect(parent).toBe(win);
    expect(options.detail).toContain('ran out of memory, 4 times within a minute');
    expect(options.buttons).toEqual(['Reload', 'Quit']);
    // Reload: once more, and the count starts again.
    expect(win.reloads).toBe(MAX_RELOADS_PER_MINUTE + 1);
    die('crashed');
    expect(win.reloads).toBe(MAX_RELOADS_PER_MINUTE + 2);
    mock.dialog.answers = [1];
    for (let i = 0; i < MAX_RELOADS_PER_MINUTE; i++) die('crashed');
    await settle();
    expect(mock.app.quit).toHaveBeenCalledTimes(1);
    expect(win.reloads).toBe(2 * MAX_RELOADS_PER_MINUTE + 1);
  });
});

describe('a page that cannot be loaded', () => {
  /** A window whose loads fail as Electron's do: did-fail-load, then a rejected promise. */
  function failing(failures: number) {
    const win = new mock.BrowserWindow();
    const shown = vi.spyOn(win, 'show');
    let loads = 0;
    win.loadURL = async (url: string) => {
      loads++;
      if (loads > failures) return;
      win.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', url, true);
      throw new Error(`ERR_FILE_NOT_FOUND (-6) loading '${url}'`);
    };
    return { win, shown, loads: () => loads };
  }
  const page = 'file:///opt/app/out/renderer/index.html';

  it('shows the window and says so; Try Again loads it again, Quit quits', async () => {
    const { win, shown, loads } = failing(1);
    mock.dialog.answers = [1];
    loadPage(win as never, page);
    await settle();
    expect(shown).toHaveBeenCalled();
    const [, options] = mock.dialog.showMessageBox.mock.calls[0] as unknown as [
      unknown,
      Electron.MessageBoxOptions,
    ];
    expect(options.message).toBe('Backprop Studio could not load its window');
    expect(options.detail).toContain(`${page}: ERR_FILE_NOT_FOUND (-6)`);
    expect(loads()).toBe(2);
    expect(mock.app.quit).not.toHaveBeenCalled();

    const again = failing(5);
    mock.dialog.answers = [0];
    loadPage(again.win as never, page);
    await settle();
    expect(mock.app.quit).toHaveBeenCalledTimes(1);
  });

  it('ignores an aborted load and failures of sub-frames', async () => {
    const win = new mock.BrowserWindow();
    loadPage(win as never, page);
    win.webContents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', page, true);
    win.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', page, false);
    await settle();
    expect(mock.dialog.showMessageBox).not.toHaveBeenCalled();
    expect(win.loadedUrl).toBe(page);
  });
});

describe('a page that stops responding', () => {
  function hung() {
    const win = new mock.BrowserWindow();
    reloadWhenPageDies(win as never, () => 0);
    offerReloadWhenUnresponsive(win as never);
    return win;
  }
  const question = (n: number) =>
    (
      mock.dialog.showMessageBox.mock.calls[n] as unknown as [unknown, Electron.MessageBoxOptions]
    )[1];

  it('is offered a reload: Reload ends its process and loads the page in a new one', async () => {
    const win = hung();
    mock.dialog.answers = [1];
    win.emit('unresponsive');
    win.emit('unresponsive'); // asked once
    await settle();
    expect(mock.dialog.showMessageBox).toHaveBeenCalledTimes(1);
    expect(question(0)).toMatchObject({
      message: 'The window is not responding',
      buttons: ['Keep Waiting', 'Reload'],
      cancelId: 0,
    });
    expect(win.reloads).toBe(1);
  });

  it('Keep Waiting keeps it; a page that recovers closes the question', async () => {
    const win = hung();
    mock.dialog.answers = [0];
    win.emit('unresponsive');
    await settle();
    expect(win.reloads).toBe(0);
    win.emit('unresponsive');
    win.emit('responsive');
    expect(question(1).signal!.aborted).toBe(true);
    await settle();
    expect(win.reloads).toBe(0);
  });
});
