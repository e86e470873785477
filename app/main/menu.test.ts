import * as electron from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, installMenu } from './menu';

const mock = electron as unknown as typeof import('../../test/electron-mock');

function items(template: MenuItemConstructorOptions[], label: string) {
  const menu = template.find((m) => m.label === label)!;
  return menu.submenu as MenuItemConstructorOptions[];
}
const find = (list: MenuItemConstructorOptions[], label: string) =>
  list.find((i) => i.label === label)!;
const click = (item: MenuItemConstructorOptions) => (item.click as () => void)();

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
    installMenu('linux', [], actions());
    expect(mock.Menu.application?.template.map((m) => m.label ?? m.role)).toEqual([
      'File',
      'editMenu',
      'View',
      'windowMenu',
    ]);
  });
});
