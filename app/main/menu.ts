// The native menu. File commands are sent to the renderer as menu events (the renderer decides
// what each means in its current state, e.g. asks before discarding a trained network); recent
// files are opened directly. The template is built by a pure function so it can be tested.
import { Menu, type MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';
import type { MenuCommand } from '../shared/api';
import type { RecentFile } from './settings';

export interface MenuActions {
  command(command: MenuCommand): void;
  openRecent(file: RecentFile): void;
  clearRecent(): void;
}

export function buildMenuTemplate(
  platform: NodeJS.Platform,
  recent: readonly RecentFile[],
  actions: MenuActions,
): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const recentItems: MenuItemConstructorOptions[] = recent.length
    ? [
        ...recent.map((file) => ({
          label: `${basename(file.path)}${file.kind === 'project' ? ' (project)' : ''}`,
          toolTip: file.path,
          click: () => actions.openRecent(file),
        })),
        { type: 'separator' as const },
        { label: 'Clear Recent', click: () => actions.clearRecent() },
      ]
    : [{ label: 'No Recent Files', enabled: false }];

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      {
        label: 'Open Dataset…',
        accelerator: 'CmdOrCtrl+O',
        click: () => actions.command('open-dataset'),
      },
      { label: 'Open Recent', submenu: recentItems },
      { type: 'separator' },
      {
        label: 'Open Project…',
        accelerator: 'CmdOrCtrl+Shift+O',
        click: () => actions.command('open-project'),
      },
      {
        label: 'Save Project…',
        accelerator: 'CmdOrCtrl+S',
        click: () => actions.command('save-project'),
      },
      { type: 'separator' },
      {
        label: 'Export Weights…',
        accelerator: 'CmdOrCtrl+E',
        click: () => actions.command('export-weights'),
      },
      { label: 'Export Loss History…', click: () => actions.command('export-losses') },
      // macOS: File ▸ Close Window (⌘W); its Window menu has none. Elsewhere: Quit.
      { type: 'separator' as const },
      { role: isMac ? ('close' as const) : ('quit' as const) },
    ],
  };
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    file,
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}

export function installMenu(
  platform: NodeJS.Platform,
  recent: readonly RecentFile[],
  actions: MenuActions,
): Menu {
  const menu = Menu.buildFromTemplate(buildMenuTemplate(platform, recent, actions));
  Menu.setApplicationMenu(menu);
  return menu;
}
