// The icon of the window and of the About box where the system gives none. Windows and macOS take
// the executable's icon; a Linux window shows the icon of a .desktop entry whose StartupWMClass
// matches it, which a deb installs but an AppImage run as a file does not: there the window needs
// its own, shipped beside app.asar (electron-builder.yml's linux.extraResources).
import { join } from 'node:path';

/** The icon's file name in a packaged Linux app's resources folder. */
export const LINUX_ICON = 'icon.png';

export interface IconPlace {
  isPackaged: boolean;
  platform: NodeJS.Platform;
  /** The folder of the main process's bundle (out/main). */
  mainDir: string;
  /** process.resourcesPath: where app.asar and the extra resources are. */
  resourcesPath: string;
}

/** The icon's path, or undefined where the system's is the one to show. */
export function appIcon({
  isPackaged,
  platform,
  mainDir,
  resourcesPath,
}: IconPlace): string | undefined {
  if (!isPackaged) return join(mainDir, '../../build/icon.png');
  return platform === 'linux' ? join(resourcesPath, LINUX_ICON) : undefined;
}
