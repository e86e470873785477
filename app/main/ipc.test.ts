import * as electron from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { invokeChannels, type InvokeChannel } from '../shared/ipc';
import { resetElectronMock, WebContents } from '../../test/electron-mock';
import { IpcRouter, send, trustOnly, type Handlers } from './ipc';

const mock = electron as unknown as typeof import('../../test/electron-mock');
const page = 'file:///opt/Backprop%20Studio/resources/app.asar/out/renderer/index.html';

function setup() {
  const contents = new WebContents();
  contents.url = page;
  const router = new IpcRouter(trustOnly(() => contents as never, page));
  return { contents, router };
}

afterEach(() => resetElectronMock());

describe('IpcRouter', () => {
  it('runs a handler for our window with valid arguments and wraps the result', async () => {
    const { contents, router } = setup();
    const handler = vi.fn(async (unit: 'batch' | 'epoch') => (unit === 'epoch' ? null : null));
    router.handle('training:step', handler);
    await expect(mock.ipcMain.invoke('training:step', contents.event(), 'epoch')).resolves.toEqual({
      ok: true,
      value: null,
    });
    expect(handler).toHaveBeenCalledWith('epoch');
  });

  it('refuses invalid arguments with an error naming the field, without calling the handler', async () => {
    const { contents, router } = setup();
    const handler = vi.fn(() => null);
    router.handle('session:configure', handler);
    const reply = (await mock.ipcMain.invoke('session:configure', contents.event(), {
      roles: ['input', 'target'],
      normalization: 'zscore',
      validationFraction: 0.2,
      testFraction: 0,
      hiddenLayers: [{ units: 0, activation: 'sigmoid' }],
      outputActivation: 'sigmoid',
      loss: 'mse',
      hyperparameters: {},
    })) as { ok: boolean; error: { message: string; scope: string } };
    expect(reply.ok).toBe(false);
    expect(reply.error.message).toContain('session:configure.0.hiddenLayers.0.units');
    expect(reply.error.scope).toBe('config');
    expect(handler).not.toHaveBeenCalled();
    router.handle('training:start', handler);
    const extra = (await mock.ipcMain.invoke('training:start', contents.event(), 'surprise')) as {
      error: { message: string; scope: string };
    };
    expect(extra).toMatchObject({ ok: false, error: { scope: 'training' } });
    expect(extra.error.message).toContain('training:start');
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses other senders: another webContents, another page, no frame', async () => {
    const { contents, router } = setup();
    const handler = vi.fn(() => null);
    router.handle('training:start', handler);
    const stranger = new WebContents();
    stranger.url = page;
    for (const event of [
      stranger.event(),
      contents.event('https://evil.example/index.html'),
      contents.event('file:///tmp/other/index.html'),
      { sender: contents, senderFrame: null },
    ]) {
      const reply = (await mock.ipcMain.invoke('training:start', event)) as {
        ok: boolean;
        error: { message: string; scope: string };
      };
      expect(reply).toMatchObject({ ok: false, error: { scope: 'process' } });
      expect(reply.error.message).toContain('not Backprop Studio');
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it('trusts our page whatever the case of its Windows drive letter, as Chromium upper-cases it', async () => {
    // npm start from a terminal whose folder is c:\\… : pathToFileURL keeps the lowercase letter,
    // the page's frame reports file:///C:/…
    const own = 'file:///c:/Users/ann/backprop-studio/out/renderer/index.html';
    const contents = new WebContents();
    contents.url = 'file:///C:/Users/ann/backprop-studio/out/renderer/index.html';
    const router = new IpcRouter(trustOnly(() => contents as never, own));
    router.handle('training:start', () => null);
    await expect(mock.ipcMain.invoke('training:start', contents.event())).resolves.toEqual({
      ok: true,
      value: null,
    });
    const elsewhere = contents.event('file:///C:/Users/ann/other/index.html');
    await expect(mock.ipcMain.invoke('training:start', elsewhere)).resolves.toMatchObject({
      ok: false,
    });
  });

  it('refuses to register channels that app/shared/ipc.ts does not define, or twice', () => {
    const { router } = setup();
    expect(() => router.handle('shell:exec' as InvokeChannel, () => null as never)).toThrow(
      'unknown channel "shell:exec"',
    );
    router.handle('training:start', () => null);
    expect(() => router.handle('training:start', () => null)).toThrow('already has a handler');
  });

  it("reports a handler failure as a message with its channel's scope, and registers every channel with handleAll", async () => {
    const { contents, router } = setup();
    const handlers = Object.fromEntries(
      Object.keys(invokeChannels).map((c) => [c, () => Promise.reject(new Error(`${c} failed`))]),
    ) as unknown as Handlers;
    router.handleAll(handlers);
    expect([...mock.ipcMain.handlers.keys()].sort()).toEqual(Object.keys(invokeChannels).sort());
    await expect(mock.ipcMain.invoke('gradient:check', contents.event())).resolves.toEqual({
      ok: false,
      error: { message: 'gradient:check failed', scope: 'training' },
    });
    await expect(mock.ipcMain.invoke('dataset:open-dialog', contents.event())).resolves.toEqual({
      ok: false,
      error: { message: 'dataset:open-dialog failed', scope: 'dataset' },
    });
    router.dispose();
    expect(mock.ipcMain.handlers.size).toBe(0);
  });

  it("refuses a menu state that is not the page's whole state, naming the field", async () => {
    const { contents, router } = setup();
    const handler = vi.fn(() => null);
    router.handle('menu:state', handler);
    const state = {
      training: 'paused',
      ...{ start: false, pause: false, resume: true, step: true, stop: true, reset: true },
      ...{ saveProject: true, exportWeights: true, exportLosses: true },
    };
    const invoke = (value: unknown) =>
      mock.ipcMain.invoke('menu:state', contents.event(), value) as Promise<{
        ok: boolean;
        error?: { message: string; scope: string };
      }>;
    await expect(invoke(state)).resolves.toEqual({ ok: true, value: null });
    expect(handler).toHaveBeenCalledWith(state);
    const refusals = [
      [{ ...state, training: 'sleeping' }, 'menu:state.0.training'],
      [{ ...state, stop: 'yes' }, 'menu:state.0.stop'],
      [{ ...state, exportLosses: undefined }, 'menu:state.0.exportLosses'],
      [{ ...state, quit: true }, 'menu:state.0'],
      [null, 'menu:state.0'],
    ] as const;
    for (const [value, field] of refusals) {
      const reply = await invoke(value);
      expect(reply).toMatchObject({ ok: false, error: { scope: 'process' } });
      expect(reply.error?.message).toContain(field);
    }
    expect((await invoke({ ...state, quit: true })).error?.message).toContain('quit');
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('refuses a reply too large to send to the page, with its size, and sends one that fits', async () => {
    const contents = new WebContents();
    contents.url = page;
    // A 1 MB limit: 200 000 weights, 3 MB as V8 serializes them, do not fit; 2 000 do.
    const router = new IpcRouter(
      trustOnly(() => contents as never, page),
      () => {},
      2 ** 20,
    );
    const snapshot = (units: number) => ({
      topology: [units, 2],
      activations: ['sigmoid' as const],
      weights: [Array.from({ length: units }, () => [0.25, -0.5])],
      biases: [[0, 0]],
    });
    let units = 100_000;
    router.handle('network:snapshot', async () => snapshot(units));
    await expect(mock.ipcMain.invoke('network:snapshot', contents.event())).resolves.toEqual({
      ok: false,
      error: {
        message:
          'network:snapshot: the reply is 3 MB, more than the window can be sent at once (1 MB)',
        scope: 'training',
      },
    });
    units = 1000;
    await expect(mock.ipcMain.invoke('network:snapshot', contents.event())).resolves.toEqual({
      ok: true,
      value: snapshot(1000),
    });
  });

  it('trusts a dev server by origin', () => {
    const contents = new WebContents();
    const trusted = trustOnly(() => contents as never, 'http://localhost:5173/');
    expect(trusted(contents.event('http://localhost:5173/index.html') as never)).toBe(true);
    expect(trusted(contents.event('http://localhost:5174/index.html') as never)).toBe(false);
  });
});

describe('send', () => {
  it('validates events before they reach the page', () => {
    const contents = new WebContents();
    send(contents as never, 'menu:command', 'export-weights');
    expect(contents.sent).toEqual([{ channel: 'menu:command', payload: 'export-weights' }]);
    expect(() => send(contents as never, 'menu:command', 'format-disk' as never)).toThrow(
      'menu:command',
    );
    expect(() => send(contents as never, 'secret:event' as never, 1 as never)).toThrow(
      'unknown event',
    );
    contents.destroyed = true;
    send(contents as never, 'menu:command', 'open-dataset');
    expect(contents.sent).toHaveLength(1);
  });
});
