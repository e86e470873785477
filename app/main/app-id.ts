// The app's identity on Windows. The NSIS installer gives its Start-menu and desktop shortcuts the
// AppUserModelID electron-builder.yml's appId; the taskbar groups the window with a shortcut (a
// pinned one included) only if the running process says the same ID. Unset, Electron's default
// ("electron.app.<name>") made a pinned Backprop Studio and its window two taskbar buttons.
import type { App } from 'electron';

/** electron-builder.yml's appId (scripts/packaging.test.ts checks that they agree). */
export const APP_ID = 'studio.backprop.desktop';

/** Gives the process the installer's AppUserModelID on Windows; before any window is created. */
export function identifyApp(
  app: Pick<App, 'setAppUserModelId'>,
  platform: NodeJS.Platform = process.platform,
): void {
  if (platform === 'win32') app.setAppUserModelId(APP_ID);
}
