// The native menu. File and Training commands are sent to the renderer as menu events (the page
// decides what each means in its current state, e.g. asks before discarding a trained network, and
// runs exactly what its own buttons run); recent files are opened directly. The page reports what
// it can do (MenuState) whenever that changes, and the items it cannot run now are disabled. The
// template is built by a pure function so it can be tested.
//
// Keys: the page sees a key first and runs its own shortcuts (renderer/shortcuts/shortcuts.ts,
// the same keys in a browser), calling preventDefault, so Electron does not hand the key on to the
// menu as unhandled. The Training items only show their keys: `registerAccelerator: false` keeps
// Windows and Linux from acting on them (the page's handler alone decides, e.g. not while its
// dialog is open); macOS ignores that flag, and there an item acts on a key only if the page left
// it unhandled and the item is enabled, which the page's state rules out.
import { Menu, type MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';
import type { MenuCommand, MenuState } from '../shared/api';
import type { RecentFile } from './settings';

export interface MenuActions {
  command(command: MenuCommand): void;
  openRecent(file: RecentFile): void;
  clearRecent(): void;
}

/** Until the page says otherwise: nothing loaded, so nothing to save, export or train. */
export const MENU_STATE_BEFORE_PAGE: MenuState = {
  training: 'idle',
  start: false,
  pause: false,
  resume: false,
  step: false,
  stop: false,
  reset: false,
  saveProject: false,
  exportWeights: false,
  exportLosses: false,
};

/** Training ▸'s first item, one for Start, Pause and Resume (as the one Ctrl/⌘+Enter is). */
function startPauseResume(state: MenuState) {
  if (state.training === 'running')
    return { label: 'Pause Training', command: 'training-pause', enabled: state.pause } as const;
  if (state.training === 'paused')
    return { label: 'Resume Training', command: 'training-resume', enabled: state.resume } as const;
  return { label: 'Start Training', command: 'training-start', enabled: state.start } as const;
}

export function buildMenuTemplate(
  platform: NodeJS.Platform,
  recent: readonly RecentFile[],
  actions: MenuActions,
  state: MenuState = MENU_STATE_BEFORE_PAGE,
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
        enabled: state.saveProject,
        click: () => actions.command('save-project'),
      },
      { type: 'separator' },
      {
        label: 'Export Weights…',
        accelerator: 'CmdOrCtrl+E',
        enabled: state.exportWeights,
        click: () => actions.command('export-weights'),
      },
      {
        label: 'Export Loss History…',
        enabled: state.exportLosses,
        click: () => actions.command('export-losses'),
      },
      // macOS: File ▸ Close Window (⌘W); its Window menu has none. Elsewhere: Quit.
      { type: 'separator' as const },
      { role: isMac ? ('close' as const) : ('quit' as const) },
    ],
  };

  const toggle = startPauseResume(state);
  const training: MenuItemConstructorOptions = {
    label: 'Training',
    submenu: [
      {
        label: toggle.label,
        accelerator: 'CmdOrCtrl+Enter',
        registerAccelerator: false,
        enabled: toggle.enabled,
        click: () => actions.command(toggle.command),
      },
      {
        label: 'Step One Epoch',
        accelerator: 'CmdOrCtrl+Shift+Enter',
        registerAccelerator: false,
        enabled: state.step,
        click: () => actions.command('training-step'),
      },
      {
        label: 'Stop Training',
        accelerator: 'Escape',
        registerAccelerator: false,
        enabled: state.stop,
        click: () => actions.command('training-stop'),
      },
      { type: 'separator' },
      {
        label: 'Reset Training',
        enabled: state.reset,
        click: () => actions.command('training-reset'),
      },
    ],
  };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: 'Help',
    submenu: [
      { label: 'Keyboard Shortcuts', click: () => actions.command('show-shortcuts') },
      // macOS has About in the app menu.
      ...(isMac
        ? []
        : [
            { type: 'separator' as const },
            { role: 'about' as const, label: 'About Backprop Studio' },
          ]),
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
    training,
    { role: 'windowMenu' },
    help,
  ];
}

/**
 * The application menu, installed again whenever what it shows changes: the recent files, or
 * what the page can do. (A whole new menu: Linux does not show a label changed in place.)
 */
export class AppMenu {
  #recent: readonly RecentFile[] = [];
  #state: MenuState = MENU_STATE_BEFORE_PAGE;

  constructor(
    private readonly platform: NodeJS.Platform,
    private readonly actions: MenuActions,
  ) {}

  get state(): MenuState {
    return this.#state;
  }

  /** Installs the menu with these recent files. */
  setRecent(recent: readonly RecentFile[]): void {
    this.#recent = recent;
    this.#install();
  }

  /** Installs the menu for this state, unless it shows that already (an open menu stays open). */
  setState(state: MenuState): void {
    if (sameState(state, this.#state)) return;
    this.#state = { ...state };
    this.#install();
  }

  #install(): void {
    const template = buildMenuTemplate(this.platform, this.#recent, this.actions, this.#state);
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }
}

function sameState(a: MenuState, b: MenuState): boolean {
  return (Object.keys(b) as (keyof MenuState)[]).every((key) => a[key] === b[key]);
}
