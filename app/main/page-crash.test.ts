// A dying page is reloaded, but not in a loop (against the electron mock).
import * as electron from 'electron';
import { afterEach, describe, expect, it } from 'vitest';
import { resetElectronMock } from '../../test/electron-mock';
import { MAX_RELOADS_PER_MINUTE, reloadWhenPageDies } from './page-crash';

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
