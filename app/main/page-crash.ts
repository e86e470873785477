// When the page's process dies (a crash, out of memory, killed), the page is loaded again:
// training lives in its own process, so the session (data, settings, network) survives there. A
// page that keeps dying is not reloaded in a loop: after MAX_RELOADS_PER_MINUTE the user is told
// and chooses Reload or Quit. A page that cannot be loaded at all is said to be that.
import { app, dialog, type BrowserWindow } from 'electron';

export const MAX_RELOADS_PER_MINUTE = 3;

const causes: Record<string, string> = {
  crashed: 'crashed',
  oom: 'ran out of memory',
  killed: 'was killed',
  'abnormal-exit': 'exited abnormally',
  'launch-failed': 'could not start',
  'integrity-failure': 'failed a code integrity check',
};

export function reloadWhenPageDies(win: BrowserWindow, now: () => number = Date.now): void {
  let deaths: number[] = [];
  win.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit' || win.isDestroyed()) return;
    const t = now();
    deaths = [...deaths.filter((d) => t - d < 60_000), t];
    if (deaths.length <= MAX_RELOADS_PER_MINUTE) {
      win.reload();
      return;
    }
    const cause = causes[details.reason] ?? `stopped (${details.reason})`;
    win.show(); // a page that died as it first loaded never showed its window
    void dialog
      .showMessageBox(win, {
        type: 'error',
        message: 'The window keeps stopping',
        detail: `Its page ${cause}, ${deaths.length} times within a minute. Reload it once more, or quit Backprop Studio.`,
        buttons: ['Reload', 'Quit'],
        defaultId: 0,
        cancelId: 1,
        noLink: true,
      })
      .then(({ response }) => {
        if (win.isDestroyed()) return;
        if (response !== 0) return app.quit();
        deaths = [];
        win.reload();
      });
  });
}

/**
 * A page that stops responding (a loop, a chart of a million points) is offered a reload instead
 * of the system's Force Quit, which takes the whole app and the session with it. The question
 * goes away by itself if the page recovers.
 */
export function offerReloadWhenUnresponsive(win: BrowserWindow): void {
  let asking: AbortController | null = null;
  win.on('responsive', () => asking?.abort());
  win.on('unresponsive', () => {
    if (asking || win.isDestroyed()) return;
    const controller = new AbortController();
    asking = controller;
    void dialog
      .showMessageBox(win, {
        type: 'warning',
        message: 'The window is not responding',
        detail:
          'Wait for it, or reload the page: the training process keeps the data, settings, loss curve and weights, and the reloaded page shows them again.',
        buttons: ['Keep Waiting', 'Reload'],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
        signal: controller.signal,
      })
      .then(({ response }) => {
        asking = null;
        // The page's process ends; reloadWhenPageDies loads the page in a new one.
        if (response === 1 && !controller.signal.aborted && !win.isDestroyed()) {
          win.webContents.forcefullyCrashRenderer();
        }
      });
  });
}

/**
 * Loads the page; if it cannot be loaded (a damaged installation without out/renderer, a dev
 * server not running), shows the window and says so, instead of a window that never appears and
 * a rejected promise reported as a JavaScript error in the main process.
 */
export function loadPage(win: BrowserWindow, url: string): void {
  win.webContents.on('did-fail-load', (_event, code, description, failedUrl, isMainFrame) => {
    // -3 (ERR_ABORTED): a navigation replaced this one; not a failure.
    if (!isMainFrame || code === -3 || win.isDestroyed()) return;
    win.show();
    void dialog
      .showMessageBox(win, {
        type: 'error',
        message: 'Backprop Studio could not load its window',
        detail: `${failedUrl || url}: ${description} (${code}). Reinstalling Backprop Studio may help.`,
        buttons: ['Quit', 'Try Again'],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      })
      .then(({ response }) => {
        if (win.isDestroyed()) return;
        if (response === 1) return load();
        app.quit();
      });
  });
  // did-fail-load says what went wrong; the promise's rejection says it again.
  const load = () => void win.loadURL(url).catch(() => {});
  load();
}
