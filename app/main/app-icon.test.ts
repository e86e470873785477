import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appIcon, LINUX_ICON } from './app-icon';

const place = { mainDir: '/src/out/main', resourcesPath: '/opt/Backprop Studio/resources' };

describe('the app icon', () => {
  it('comes from build/ when the app runs from source, on every platform', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      expect(appIcon({ ...place, isPackaged: false, platform })).toBe(
        join('/src', 'build', 'icon.png'),
      );
    }
  });

  it('comes from the resources beside app.asar in a packaged Linux app (an AppImage has no other)', () => {
    expect(appIcon({ ...place, isPackaged: true, platform: 'linux' })).toBe(
      join('/opt/Backprop Studio/resources', LINUX_ICON),
    );
  });

  it("is the executable's own on packaged Windows and macOS", () => {
    expect(appIcon({ ...place, isPackaged: true, platform: 'win32' })).toBeUndefined();
    expect(appIcon({ ...place, isPackaged: true, platform: 'darwin' })).toBeUndefined();
  });
});
