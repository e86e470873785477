// The preload end to end against the electron mock: window.backprop → ipcRenderer → the real
// IpcRouter in "main" → handlers, and main's events back to the page's listeners. The mock's
// contextBridge copies what crosses it as Electron's does (test/context-bridge.ts): a rejected
// Error arrives with its message alone, so every request must settle as a plain value, which the
// page unwraps (fromPreload, app/shared/settled.ts) into a HostError that keeps its scope.
import * as electron from 'electron';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type {
  BackpropApi,
  GradientCheckProgress,
  MenuCommand,
  MenuState,
  PreloadApi,
  ProgressBatch,
} from '../shared/api';
import { invokeChannels, packProgress } from '../shared/ipc';
import { fromPreload, HostError } from '../shared/settled';
import { SESSION_CONFIG } from '../shared/testing/session-config';
import { acrossBridge } from '../../test/context-bridge';
import { WebContents } from '../../test/electron-mock';
import { IpcRouter, send, trustOnly, type Handlers } from '../main/ipc';
import { TrainingError } from '../main/trainer-host';

const mock = electron as unknown as typeof import('../../test/electron-mock');
const pageUrl = 'file:///opt/app/out/renderer/index.html';
const contents = new WebContents();
contents.url = pageUrl;

const handlers = Object.fromEntries(
  Object.keys(invokeChannels).map((channel) => [channel, vi.fn(async () => null)]),
) as unknown as Record<keyof Handlers, ReturnType<typeof vi.fn>>;
/** window.backprop as the page sees it, and as renderer/host.ts hands it to the workspace. */
let api: PreloadApi;
let page: BackpropApi;

beforeAll(async () => {
  new IpcRouter(trustOnly(() => contents as never, pageUrl)).handleAll(
    handlers as unknown as Handlers,
  );
  mock.ipcRenderer.contents = contents;
  await import('./index');
  api = mock.contextBridge.exposed.get('backprop') as PreloadApi;
  page = fromPreload(api);
});

describe('preload', () => {
  it('exposes one method per message and nothing else', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'openDatasetDialog',
        'openDatasetFile',
        'configure',
        'start',
        'pause',
        'resume',
        'step',
        'stop',
        'reset',
        'exportWeights',
        'exportLosses',
        'saveProject',
        'openProject',
        'openRecentDataset',
        'openRecentProject',
        'openProjectFile',
        'network',
        'inspect',
        'gradientCheck',
        'cancelGradientCheck',
        'openExample',
        'decisionSurface',
        'predictDialog',
        'current',
        'setMenuState',
        'onProgress',
        'onFinished',
        'onError',
        'onGradientCheckProgress',
        'onMenu',
        'onDatasetProgress',
      ].sort(),
    );
    expect(mock.contextBridge.exposed.size).toBe(1);
  });

  it('reaches main through the router and resolves to the validated result', async () => {
    handlers['weights:export'].mockResolvedValueOnce({ location: '/tmp/model.json' });
    await expect(api.exportWeights()).resolves.toEqual({
      ok: true,
      value: { location: '/tmp/model.json' },
    });
    await expect(api.step('epoch')).resolves.toEqual({ ok: true, value: undefined });
    expect(handlers['training:step']).toHaveBeenCalledWith('epoch');
    handlers['weights:export'].mockResolvedValueOnce({ location: '/tmp/model.json' });
    await expect(page.exportWeights()).resolves.toEqual({ location: '/tmp/model.json' });
    handlers['losses:export'].mockResolvedValueOnce({ location: '/tmp/iris-loss.csv' });
    await expect(page.exportLosses()).resolves.toEqual({ location: '/tmp/iris-loss.csv' });
    handlers['losses:export'].mockResolvedValueOnce(null);
    await expect(page.exportLosses()).resolves.toBeNull();
  });

  it('sends a dropped file by its path, never its content', async () => {
    handlers['dataset:open-path'].mockResolvedValueOnce({
      name: 'iris.csv',
      rows: 1,
      columns: [],
      preview: [],
      suggestedRoles: [],
    });
    const file = { name: 'iris.csv', path: '/data/iris.csv' } as unknown as File;
    await expect(page.openDatasetFile(file)).resolves.toMatchObject({ name: 'iris.csv' });
    expect(handlers['dataset:open-path']).toHaveBeenCalledWith('/data/iris.csv');
    await expect(api.openDatasetFile({ name: 'x.csv' } as File)).resolves.toEqual({
      ok: false,
      error: { message: 'x.csv: this file has no path on disk', scope: 'dataset' },
    });
  });

  it('opens a dropped project by its path, through main, as the page asks it to', async () => {
    const opened = {
      summary: { name: 'iris.csv', rows: 1, columns: [], preview: [], suggestedRoles: [] },
      config: SESSION_CONFIG,
      history: [],
      stopReason: null,
      result: null,
    };
    handlers['project:open-path'].mockResolvedValueOnce(opened);
    const file = { name: 'run.backprop.json', path: '/runs/run.backprop.json' } as unknown as File;
    expect(page.openProjectFile).toBeTypeOf('function');
    await expect(page.openProjectFile!(file)).resolves.toMatchObject({
      summary: { name: 'iris.csv' },
    });
    expect(handlers['project:open-path']).toHaveBeenCalledWith('/runs/run.backprop.json');
    // Cancelled while its dataset was asked for; a file with no path; a path main refuses.
    handlers['project:open-path'].mockResolvedValueOnce(null);
    await expect(page.openProjectFile!(file)).resolves.toBeNull();
    await expect(api.openProjectFile!({ name: 'run.backprop.json' } as File)).resolves.toEqual({
      ok: false,
      error: { message: 'run.backprop.json: this file has no path on disk', scope: 'project' },
    });
    handlers['project:open-path'].mockRejectedValueOnce(
      new Error('iris.csv: not a project file (expected .backprop.json)'),
    );
    await expect(page.openProjectFile!(file)).rejects.toMatchObject({
      error: {
        message: 'iris.csv: not a project file (expected .backprop.json)',
        scope: 'project',
      },
    });
    // What main answers is checked like every reply.
    handlers['project:open-path'].mockResolvedValueOnce({ summary: 'iris' });
    await expect(page.openProjectFile!(file)).rejects.toThrow(/project:open-path/);
  });

  it('checks arguments before sending, naming the field', async () => {
    const spy = vi.spyOn(mock.ipcRenderer, 'invoke');
    await expect(api.step('century' as 'epoch')).resolves.toEqual({
      ok: false,
      error: { message: expect.stringContaining('training:step.0'), scope: 'training' },
    });
    await expect(page.inspect({ row: -1, batchMean: false })).rejects.toThrow('inspect:row.0.row');
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it("settles main's failures, a reply that is not valid and Electron's own errors as values", async () => {
    handlers['gradient:check'].mockRejectedValueOnce(
      new Error('Load a dataset to check the gradients'),
    );
    await expect(api.gradientCheck()).resolves.toEqual({
      ok: false,
      error: { message: 'Load a dataset to check the gradients', scope: 'training' },
    });
    handlers['network:snapshot'].mockResolvedValueOnce({ topology: 'wide' });
    await expect(api.network()).resolves.toMatchObject({
      ok: false,
      error: {
        message: expect.stringMatching(/^Invalid reply: network:snapshot result\.topology/),
      },
    });
    const spy = vi
      .spyOn(mock.ipcRenderer, 'invoke')
      .mockRejectedValueOnce(new Error("No handler registered for 'training:start'"));
    await expect(api.start()).resolves.toEqual({
      ok: false,
      error: {
        message: "training:start: No handler registered for 'training:start'",
        scope: 'training',
      },
    });
    spy.mockRestore();
  });

  it('the bridge keeps only the message of a rejected error (why requests settle as values)', async () => {
    const rejecting = acrossBridge(async () => {
      throw new HostError({ message: 'iris.csv, row 4: expected a number', scope: 'dataset' });
    }) as () => Promise<never>;
    const lost = await rejecting().catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(Error);
    expect(lost).not.toBeInstanceOf(HostError);
    expect((lost as Error).message).toBe('iris.csv, row 4: expected a number');
    expect(lost).not.toHaveProperty('error');
  });

  it('keeps the scope of a failure across the bridge, so the page shows it where it belongs', async () => {
    handlers['dataset:open-path'].mockRejectedValueOnce(
      new TrainingError('iris.csv, row 4, column 2: expected a number', 'failed', 'dataset'),
    );
    const file = { name: 'iris.csv', path: '/data/iris.csv' } as unknown as File;
    const failed = await page.openDatasetFile(file).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(HostError);
    expect((failed as Error).message).toBe('iris.csv, row 4, column 2: expected a number');
    // Read as the workspace reads the web build's CommandFailure: error.error.scope.
    expect((failed as HostError).error).toEqual({
      message: 'iris.csv, row 4, column 2: expected a number',
      scope: 'dataset',
    });
    // The error's own scope wins over the channel's (a project whose dataset is broken).
    handlers['project:open'].mockRejectedValueOnce(
      new TrainingError('iris.csv changed', 'failed', 'dataset'),
    );
    await expect(page.openProject()).rejects.toMatchObject({ error: { scope: 'dataset' } });
    // A plain error takes its channel's scope.
    handlers['weights:export'].mockRejectedValueOnce(new Error('disk full'));
    await expect(page.exportWeights()).rejects.toMatchObject({
      error: { message: 'disk full', scope: 'export' },
    });
  });

  it('delivers valid events to listeners until they unsubscribe, and drops invalid ones', () => {
    const received: ProgressBatch[] = [];
    const unsubscribe = api.onProgress((batch) => received.push(batch));
    const batch: ProgressBatch = {
      points: [{ epoch: 1, trainLoss: 0.5, validationLoss: null, maxChange: 0.1, elapsedMs: 3 }],
      samplesPerSecond: 1000,
      state: 'running',
    };
    send(contents as never, 'training:progress', packProgress(batch));
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    mock.ipcRenderer.deliver('training:progress', { points: 'nonsense' });
    expect(error).toHaveBeenCalledWith(expect.stringContaining('training:progress.points'));
    error.mockRestore();
    unsubscribe();
    send(contents as never, 'training:progress', packProgress(batch));
    expect(received).toEqual([batch]);
    const menu: MenuCommand[] = [];
    api.onMenu((command) => menu.push(command));
    send(contents as never, 'menu:command', 'export-weights');
    expect(menu).toEqual(['export-weights']);
  });

  it('delivers a report from inside a long epoch as it came: its place, no epochs', () => {
    const received: ProgressBatch[] = [];
    const unsubscribe = api.onProgress((batch) => received.push(batch));
    const batch: ProgressBatch = {
      points: [],
      samplesPerSecond: 12_345,
      state: 'running',
      underway: { epoch: 3, batches: 4500, of: 10_000 },
    };
    send(contents as never, 'training:progress', packProgress(batch));
    unsubscribe();
    expect(received).toEqual([batch]);
  });

  it("hands on a gradient check's progress, its cancel, and a cancelled check's null", async () => {
    const received: GradientCheckProgress[] = [];
    const unsubscribe = page.onGradientCheckProgress((progress) => received.push(progress));
    send(contents as never, 'gradient:progress', { checked: 1234, total: 50_000 });
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    mock.ipcRenderer.deliver('gradient:progress', { checked: 50_001, total: 50_000 });
    expect(error).toHaveBeenCalledWith(expect.stringContaining('gradient:progress.checked'));
    error.mockRestore();
    unsubscribe();
    send(contents as never, 'gradient:progress', { checked: 2000, total: 50_000 });
    expect(received).toEqual([{ checked: 1234, total: 50_000 }]);

    handlers['gradient:check'].mockResolvedValueOnce(null);
    await expect(page.gradientCheck()).resolves.toBeNull();
    await expect(page.cancelGradientCheck()).resolves.toBeUndefined();
    expect(handlers['gradient:cancel']).toHaveBeenCalledTimes(1);
    expect(handlers['gradient:cancel']).toHaveBeenCalledWith();
  });

  it('hands on Open Recent with its file, and opens exactly that file when the page asks', async () => {
    const menu: MenuCommand[] = [];
    api.onMenu((command) => menu.push(command));
    const recent = { command: 'open-recent', kind: 'project', path: '/work/run.json' } as const;
    send(contents as never, 'menu:command', recent);
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    mock.ipcRenderer.deliver('menu:command', { command: 'open-recent', kind: 'project' });
    expect(error).toHaveBeenCalledWith(expect.stringContaining('menu:command'));
    error.mockRestore();
    expect(menu).toEqual([recent]);

    await expect(page.openRecentProject(recent.path)).resolves.toBeNull();
    expect(handlers['project:open-recent']).toHaveBeenCalledWith('/work/run.json');
    handlers['dataset:open-recent'].mockRejectedValueOnce(
      new Error('/tmp/x.csv: not in File ▸ Open Recent'),
    );
    await expect(page.openRecentDataset('/tmp/x.csv')).rejects.toMatchObject({
      error: { message: '/tmp/x.csv: not in File ▸ Open Recent', scope: 'dataset' },
    });
    // An empty path never leaves the page.
    await expect(api.openRecentDataset('')).resolves.toMatchObject({ ok: false });
    expect(handlers['dataset:open-recent']).toHaveBeenCalledTimes(1);
  });

  it("tells main the page's menu state, and hands on the Training and Help menus' commands", async () => {
    const state: MenuState = {
      training: 'running',
      ...{ start: false, pause: true, resume: false, step: false, stop: true, reset: false },
      ...{ saveProject: true, exportWeights: false, exportLosses: true },
    };
    await expect(page.setMenuState(state)).resolves.toBeUndefined();
    expect(handlers['menu:state']).toHaveBeenCalledWith(state);
    // A state that is not one never leaves the page: refused, naming the field.
    const spy = vi.spyOn(mock.ipcRenderer, 'invoke');
    await expect(page.setMenuState({ ...state, pause: 1 } as never)).rejects.toMatchObject({
      error: { message: expect.stringContaining('menu:state.0.pause'), scope: 'process' },
    });
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    const menu: MenuCommand[] = [];
    api.onMenu((command) => menu.push(command));
    for (const command of ['training-pause', 'training-step', 'show-shortcuts'] as const)
      send(contents as never, 'menu:command', command);
    expect(menu).toEqual(['training-pause', 'training-step', 'show-shortcuts']);
  });
});
