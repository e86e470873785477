import * as electron from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MenuState } from '../shared/api';
import { resetElectronMock } from '../../test/electron-mock';
import { AppMenu, buildMenuTemplate, MENU_STATE_BEFORE_PAGE } from './menu';

const mock = electron as unknown as typeof import('../../test/electron-mock');

function items(template: MenuItemConstructorOptions[], label: string) {
  const menu = template.find((m) => m.label === label)!;
  return menu.submenu as MenuItemConstructorOptions[];
}
const find = (list: MenuItemConstructorOptions[], label: string) =>
  list.find((i) => i.label === label)!;
const click = (item: MenuItemConstructorOptions) => (item.click as () => void)();
/** Each item's label (or role) and whether it is enabled (absent: Electron's default, true). */
const shown = (list: MenuItemConstructorOptions[]) =>
  list
    .filter((i) => i.type !== 'separator')
    .map((i) => `${i.label ?? i.role}${i.enabled === false ? ' (disabled)' : ''}`);

/** A dataset is loaded and the settings can train: what the page reports in each run state. */
const STATES: Record<MenuState['training'], MenuState> = {
  idle: {
    training: 'idle',
    ...{ start: true, pause: false, resume: false, step: true, stop: false, reset: false },
    ...{ saveProject: true, exportWeights: false, exportLosses: false },
  },
  running: {
    training: 'running',
    ...{ start: false, pause: true, resume: false, step: false, stop: true, reset: false },
    ...{ saveProject: true, exportWeights: false, exportLosses: true },
  },
  paused: {
    training: 'paused',
    ...{ start: false, pause: false, resume: true, step: true, stop: true, reset: true },
    ...{ saveProject: true, exportWeights: true, exportLosses: true },
  },
  finished: {
    training: 'finished',
    ...{ start: true, pause: false, resume: false, step: false, stop: false, reset: true },
    ...{ saveProject: true, exportWeights: true, exportLosses: true },
  },
};

afterEach(() => resetElectronMock());

describe('menu', () => {
  const actions = () => ({ command: vi.fn(), openRecent: vi.fn(), clearRecent: vi.fn() });

  it('has the File commands with their accelerators, sent to the renderer', () => {
    const a = actions();
    const file = items(buildMenuTemplate('linux', [], a), 'File');
    expect(find(file, 'Open Dataset…').accelerator).toBe('CmdOrCtrl+O');
    expect(find(file, 'Export Weights…').accelerator).toBe('CmdOrCtrl+E');
    expect(find(file, 'Save Project…').accelerator).toBe('CmdOrCtrl+S');
    expect(find(file, 'Open Project…').accelerator).toBe('CmdOrCtrl+Shift+O');
    click(find(file, 'Open Dataset…'));
    click(find(file, 'Export Weights…'));
    click(find(file, 'Export Loss History…'));
    click(find(file, 'Save Project…'));
    click(find(file, 'Open Project…'));
    expect(a.command.mock.calls.map((c) => c[0])).toEqual([
      'open-dataset',
      'export-weights',
      'export-losses',
      'save-project',
      'open-project',
    ]);
    expect(file.some((i) => i.role === 'quit')).toBe(true);
  });

  it('lists recent files and opens them', () => {
    const a = actions();
    const recent = [
      { path: '/data/iris.csv', kind: 'dataset' as const },
      { path: '/work/run.json', kind: 'project' as const },
    ];
    const file = items(buildMenuTemplate('linux', recent, a), 'File');
    const sub = find(file, 'Open Recent').submenu as MenuItemConstructorOptions[];
    expect(sub.map((i) => i.label)).toEqual([
      'iris.csv',
      'run.json (project)',
      undefined,
      'Clear Recent',
    ]);
    click(sub[1]);
    expect(a.openRecent).toHaveBeenCalledWith(recent[1]);
    click(sub[3]);
    expect(a.clearRecent).toHaveBeenCalled();
    const empty = find(items(buildMenuTemplate('linux', [], a), 'File'), 'Open Recent');
    expect((empty.submenu as MenuItemConstructorOptions[])[0]).toMatchObject({ enabled: false });
  });

  it('follows the platform: an app menu on macOS, Quit in File elsewhere, no developer tools', () => {
    const mac = buildMenuTemplate('darwin', [], actions());
    expect(mac[0].role).toBe('appMenu');
    expect(items(mac, 'File').some((i) => i.role === 'quit')).toBe(false);
    // ⌘W closes the window: File ▸ Close Window (the Window menu on macOS has no Close).
    expect(items(mac, 'File').at(-1)).toEqual({ role: 'close' });
    expect(items(buildMenuTemplate('linux', [], actions()), 'File').at(-1)).toEqual({
      role: 'quit',
    });
    const all = JSON.stringify(buildMenuTemplate('win32', [], actions()));
    expect(all).not.toContain('toggleDevTools');
    expect(buildMenuTemplate('linux', [], actions()).map((m) => m.label ?? m.role)).toEqual([
      'File',
      'editMenu',
      'View',
      'Training',
      'windowMenu',
      'Help',
    ]);
    expect(mac.map((m) => m.label ?? m.role)).toEqual([
      'appMenu',
      'File',
      'editMenu',
      'View',
      'Training',
      'windowMenu',
      'Help',
    ]);
  });
});

describe('menu items by what the page can do', () => {
  const actions = () => ({ command: vi.fn(), openRecent: vi.fn(), clearRecent: vi.fn() });

  it('before the page reports: opening files only, nothing to save, export or train', () => {
    const template = buildMenuTemplate('linux', [], actions());
    expect(shown(items(template, 'File'))).toEqual([
      'Open Dataset…',
      'Open Recent',
      'Open Project…',
      'Save Project… (disabled)',
      'Export Weights… (disabled)',
      'Export Loss History… (disabled)',
      'quit',
    ]);
    expect(shown(items(template, 'Training'))).toEqual([
      'Start Training (disabled)',
      'Step One Epoch (disabled)',
      'Stop Training (disabled)',
      'Reset Training (disabled)',
    ]);
    const before = buildMenuTemplate('linux', [], actions(), MENU_STATE_BEFORE_PAGE);
    expect(shown(items(before, 'Training'))).toEqual(shown(items(template, 'Training')));
    expect(shown(items(before, 'File'))).toEqual(shown(items(template, 'File')));
  });

  it('follows the run: Start, Pause or Resume in one item, Step, Stop and Reset when they can run', () => {
    const training = (state: MenuState) =>
      shown(items(buildMenuTemplate('linux', [], actions(), state), 'Training'));
    expect(training(STATES.idle)).toEqual([
      'Start Training',
      'Step One Epoch',
      'Stop Training (disabled)',
      'Reset Training (disabled)',
    ]);
    expect(training(STATES.running)).toEqual([
      'Pause Training',
      'Step One Epoch (disabled)',
      'Stop Training',
      'Reset Training (disabled)',
    ]);
    expect(training(STATES.paused)).toEqual([
      'Resume Training',
      'Step One Epoch',
      'Stop Training',
      'Reset Training',
    ]);
    expect(training(STATES.finished)).toEqual([
      'Start Training',
      'Step One Epoch (disabled)',
      'Stop Training (disabled)',
      'Reset Training',
    ]);
    // A dataset whose settings cannot train (a hidden layer of 0 units): Start stays disabled.
    expect(training({ ...STATES.idle, start: false, step: false })[0]).toBe(
      'Start Training (disabled)',
    );
  });

  it('enables Save, Export Weights and Export Loss History as the page says', () => {
    const file = (state: MenuState) =>
      shown(items(buildMenuTemplate('linux', [], actions(), state), 'File')).slice(3, 6);
    expect(file(STATES.idle)).toEqual([
      'Save Project…',
      'Export Weights… (disabled)',
      'Export Loss History… (disabled)',
    ]);
    expect(file(STATES.running)).toEqual([
      'Save Project…',
      'Export Weights… (disabled)',
      'Export Loss History…',
    ]);
    expect(file(STATES.paused)).toEqual([
      'Save Project…',
      'Export Weights…',
      'Export Loss History…',
    ]);
  });

  it("sends the command the item's label names, and shows the page's keys without registering them", () => {
    const sent = (state: MenuState) => {
      const a = actions();
      const training = items(buildMenuTemplate('linux', [], a, state), 'Training');
      training.filter((i) => i.click).forEach(click);
      return a.command.mock.calls.map((c) => c[0]);
    };
    expect(sent(STATES.idle)).toEqual([
      'training-start',
      'training-step',
      'training-stop',
      'training-reset',
    ]);
    expect(sent(STATES.running)[0]).toBe('training-pause');
    expect(sent(STATES.paused)[0]).toBe('training-resume');
    const training = items(buildMenuTemplate('win32', [], actions(), STATES.paused), 'Training');
    expect(training.filter((i) => i.accelerator)).toEqual([
      expect.objectContaining({ accelerator: 'CmdOrCtrl+Enter', registerAccelerator: false }),
      expect.objectContaining({ accelerator: 'CmdOrCtrl+Shift+Enter', registerAccelerator: false }),
      expect.objectContaining({ accelerator: 'Escape', registerAccelerator: false }),
    ]);
  });

  it('has Help ▸ Keyboard Shortcuts for the page, and About (in the app menu on macOS)', () => {
    const a = actions();
    const help = items(buildMenuTemplate('linux', [], a), 'Help');
    expect(help.map((i) => i.label ?? i.type)).toEqual([
      'Keyboard Shortcuts',
      'separator',
      'About Backprop Studio',
    ]);
    expect(help[2].role).toBe('about');
    click(help[0]);
    expect(a.command).toHaveBeenCalledWith('show-shortcuts');
    const mac = buildMenuTemplate('darwin', [], a);
    expect(mac.find((m) => m.label === 'Help')?.role).toBe('help');
    expect(items(mac, 'Help').map((i) => i.label)).toEqual(['Keyboard Shortcuts']);
  });
});

describe('AppMenu', () => {
  const actions = () => ({ command: vi.fn(), openRecent: vi.fn(), clearRecent: vi.fn() });
  const installed = () => mock.Menu.application!.template;

  it('installs the menu again when the state changes, keeping the recent files', () => {
    const menu = new AppMenu('linux', actions());
    menu.setRecent([{ path: '/data/iris.csv', kind: 'dataset' }]);
    expect(shown(items(installed(), 'Training'))[0]).toBe('Start Training (disabled)');
    menu.setState(STATES.running);
    expect(menu.state).toEqual(STATES.running);
    expect(shown(items(installed(), 'Training'))[0]).toBe('Pause Training');
    const recent = find(items(installed(), 'File'), 'Open Recent');
    expect((recent.submenu as MenuItemConstructorOptions[])[0].label).toBe('iris.csv');
    menu.setRecent([]);
    expect(shown(items(installed(), 'Training'))[0]).toBe('Pause Training');
  });

  it('leaves the menu as it is when the state did not change (an open menu stays open)', () => {
    const menu = new AppMenu('linux', actions());
    menu.setState(STATES.paused);
    const first = mock.Menu.application;
    menu.setState({ ...STATES.paused });
    expect(mock.Menu.application).toBe(first);
    menu.setState({ ...STATES.paused, exportLosses: false });
    expect(mock.Menu.application).not.toBe(first);
  });
});
