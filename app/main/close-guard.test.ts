// Closing the window or quitting with work at risk asks first (against the electron mock's
// window, app and message box).
import * as electron from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { progressReport as progress } from '../shared/testing/progress-report';
import { resetElectronMock } from '../../test/electron-mock';
import { WorkAtRisk } from '../shared/work-at-risk';
import { guardClose, nativeCloseQuestion, noteWork, type CloseChoice } from './close-guard';
import type { Handlers } from './ipc';

const mock = electron as unknown as typeof import('../../test/electron-mock');

afterEach(() => {
  resetElectronMock();
  mock.app.quit.mockClear();
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function guarded(work: WorkAtRisk, answers: CloseChoice[], saves: boolean[] = []) {
  const win = new mock.BrowserWindow();
  const ask = vi.fn(async () => answers.shift() ?? 'cancel');
  const save = vi.fn(async () => saves.shift() ?? false);
  guardClose(win as never, mock.app as never, { risk: () => work.risk, ask, save });
  return { win, ask, save };
}

describe('what closing would lose', () => {
  it('is cleared by a saved project or exported weights, not by a cancelled dialog', async () => {
    const work = new WorkAtRisk();
    const results: Record<string, unknown[]> = {
      'project:save': [null, { location: '/p.json' }],
      'weights:export': [{ location: '/m.json' }],
    };
    const handlers = noteWork(
      {
        'project:save': async () => results['project:save'].shift(),
        'weights:export': async () => results['weights:export'].shift(),
        'project:open': async () => null,
        'project:open-path': async (path: string) =>
          path.endsWith('gone.backprop.json') ? null : {},
        'project:open-recent': async (path: string) =>
          path.endsWith('gone.backprop.json') ? null : {},
        'training:step': async () => null,
      } as unknown as Handlers,
      work,
    );
    work.note(progress('paused', 5));
    expect(await handlers['project:save']()).toBeNull();
    expect(work.risk).toBe('unsaved');
    await handlers['project:save']();
    expect(work.risk).toBeNull();
    work.note(progress('paused', 1));
    await handlers['weights:export']();
    expect(work.risk).toBeNull();
    // A dropped project: its weights are those of a saved file (none if it was not opened).
    work.note(progress('paused', 2));
    expect(await handlers['project:open-path']('/p/gone.backprop.json')).toBeNull();
    expect(work.risk).toBe('unsaved');
    await handlers['project:open-path']('/p/run.backprop.json');
    expect(work.risk).toBeNull();
    // A project from File ▸ Open Recent, likewise.
    work.note(progress('paused', 3));
    expect(await handlers['project:open-recent']('/p/gone.backprop.json')).toBeNull();
    expect(work.risk).toBe('unsaved');
    await handlers['project:open-recent']('/p/run.backprop.json');
    expect(work.risk).toBeNull();
    // A Step of one batch (the inspector's): trained, though no epoch or run was reported.
    work.note(progress('paused', 0));
    await handlers['training:step']('batch');
    expect(work.risk).toBe('unsaved');
  });
});

describe('closing the window', () => {
  it('asks nothing when nothing would be lost', () => {
    const { win, ask } = guarded(new WorkAtRisk(), []);
    win.close();
    expect(win.isDestroyed()).toBe(true);
    expect(ask).not.toHaveBeenCalled();
  });

  it('while training: Cancel keeps the window, Don’t Save closes it', async () => {
    const work = new WorkAtRisk();
    work.note(progress('running', 4));
    const { win, ask } = guarded(work, ['cancel', 'discard']);
    win.close();
    await settle();
    expect(ask).toHaveBeenCalledWith('training');
    expect(win.isDestroyed()).toBe(false);
    win.close();
    await settle();
    expect(win.isDestroyed()).toBe(true);
    expect(mock.app.quit).not.toHaveBeenCalled();
  });

  it('with unsaved weights: Save Project… closes once saved, not when the save is cancelled', async () => {
    const work = new WorkAtRisk();
    work.note(progress('finished', 10));
    const { win, ask, save } = guarded(work, ['save', 'save'], [false, true]);
    win.close();
    await settle();
    expect(ask).toHaveBeenCalledWith('unsaved');
    expect(save).toHaveBeenCalledTimes(1);
    expect(win.isDestroyed()).toBe(false);
    win.close();
    await settle();
    expect(save).toHaveBeenCalledTimes(2);
    expect(win.isDestroyed()).toBe(true);
  });

  it('asks once however often the close button is pressed meanwhile', async () => {
    const work = new WorkAtRisk();
    work.note(progress('running', 1));
    const { win, ask } = guarded(work, ['discard']);
    win.close();
    win.close();
    await settle();
    expect(ask).toHaveBeenCalledTimes(1);
    expect(win.isDestroyed()).toBe(true);
  });

  it('goes on with a quit once answered, and a cancelled quit stays cancelled', async () => {
    const work = new WorkAtRisk();
    work.note(progress('running', 1));
    const { win } = guarded(work, ['cancel', 'discard']);
    // Cmd+Q: before-quit, then the windows are closed; a prevented close cancels the quit.
    mock.app.emit('before-quit');
    win.close();
    await settle();
    expect(mock.app.quit).not.toHaveBeenCalled();
    // Later, the close button alone: the window closes, the app is not made to quit.
    win.close();
    await settle();
    expect(win.isDestroyed()).toBe(true);
    expect(mock.app.quit).not.toHaveBeenCalled();

    const second = guarded(work, ['discard']);
    mock.app.emit('before-quit');
    second.win.close();
    await settle();
    expect(mock.app.quit).toHaveBeenCalledTimes(1);
  });
});

describe('the question', () => {
  it('is a message box on the window: Save Project…, Don’t Save, Cancel (Escape)', async () => {
    const win = new mock.BrowserWindow();
    const ask = nativeCloseQuestion(() => win as never);
    mock.dialog.answers = [0, 1, 2];
    expect(await ask('training')).toBe('save');
    expect(await ask('unsaved')).toBe('discard');
    expect(await ask('unsaved')).toBe('cancel');
    const calls = mock.dialog.showMessageBox.mock.calls as unknown as [
      unknown,
      Electron.MessageBoxOptions,
    ][];
    const [parent, options] = calls.at(-1)!;
    expect(parent).toBe(win);
    expect(options).toMatchObject({
      buttons: ['Save Project…', "Don't Save", 'Cancel'],
      defaultId: 0,
      cancelId: 2,
      message: 'The trained network is not saved',
    });
    expect(calls.at(-3)![1].message).toBe('Training is still running');
  });
});
