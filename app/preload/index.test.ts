// The preload end to end against the electron mock: window.backprop → ipcRenderer → the real
// IpcRouter in "main" → handlers, and main's events back to the page's listeners.
import * as electron from 'electron';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppError, BackpropApi, ProgressBatch } from '../shared/api';
import { invokeChannels, packProgress } from '../shared/ipc';
import { WebContents } from '../../test/electron-mock';
import { IpcRouter, send, trustOnly, type Handlers } from '../main/ipc';
import { TrainingError } from '../main/trainer-host';

const mock = electron as unknown as typeof import('../../test/electron-mock');
const page = 'file:///opt/app/out/renderer/index.html';
const contents = new WebContents();
contents.url = page;

const handlers = Object.fromEntries(
  Object.keys(invokeChannels).map((channel) => [channel, vi.fn(async () => null)]),
) as unknown as Record<keyof Handlers, ReturnType<typeof vi.fn>>;
let api: BackpropApi;

beforeAll(async () => {
  new IpcRouter(trustOnly(() => contents as never, page)).handleAll(
    handlers as unknown as Handlers,
  );
  mock.ipcRenderer.contents = contents;
  await import('./index');
  api = mock.contextBridge.exposed.get('backprop') as BackpropApi;
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
        'saveProject',
        'openProject',
        'network',
        'inspect',
        'gradientCheck',
        'openExample',
        'decisionSurface',
        'predictDialog',
        'onProgress',
        'onFinished',
        'onError',
        'onMenu',
        'onDatasetProgress',
      ].sort(),
    );
    expect(mock.contextBridge.exposed.size).toBe(1);
  });

  it('reaches main through the router and returns the validated result', async () => {
    handlers['weights:export'].mockResolvedValueOnce({ location: '/tmp/model.json' });
    await expect(api.exportWeights()).resolves.toEqual({ location: '/tmp/model.json' });
    await api.step('epoch');
    expect(handlers['training:step']).toHaveBeenCalledWith('epoch');
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
    await expect(api.openDatasetFile(file)).resolves.toMatchObject({ name: 'iris.csv' });
    expect(handlers['dataset:open-path']).toHaveBeenCalledWith('/data/iris.csv');
    await expect(api.openDatasetFile({ name: 'x.csv' } as File)).rejects.toThrow('no path on disk');
  });

  it('checks arguments before sending, naming the field', async () => {
    const spy = vi.spyOn(mock.ipcRenderer, 'invoke');
    await expect(api.step('century' as 'epoch')).rejects.toThrow('training:step.0');
    await expect(api.inspect({ row: -1, batchMean: false })).rejects.toThrow('inspect:row.0.row');
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it("turns main's failures into errors with main's message, and refuses an invalid result", async () => {
    handlers['gradient:check'].mockRejectedValueOnce(
      new Error('Load a dataset to check the gradients'),
    );
    await expect(api.gradientCheck()).rejects.toThrow(/^Load a dataset to check the gradients$/);
    handlers['network:snapshot'].mockResolvedValueOnce({ topology: 'wide' });
    await expect(api.network()).rejects.toThrow('Invalid reply: network:snapshot result.topology');
  });

  it('keeps the scope of a failure, so the page shows it where it belongs', async () => {
    handlers['dataset:open-path'].mockRejectedValueOnce(
      new TrainingError('iris.csv, row 4, column 2: expected a number', 'failed', 'dataset'),
    );
    const file = { name: 'iris.csv', path: '/data/iris.csv' } as unknown as File;
    const failed = await api.openDatasetFile(file).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toBe('iris.csv, row 4, column 2: expected a number');
    // Read as the workspace reads the web build's CommandFailure: error.error.scope.
    expect((failed as { error: AppError }).error).toEqual({
      message: 'iris.csv, row 4, column 2: expected a number',
      scope: 'dataset',
    });
    // The error's own scope wins over the channel's (a project whose dataset is broken).
    handlers['project:open'].mockRejectedValueOnce(
      new TrainingError('iris.csv changed', 'failed', 'dataset'),
    );
    await expect(api.openProject()).rejects.toMatchObject({ error: { scope: 'dataset' } });
    // A plain error takes its channel's scope.
    handlers['weights:export'].mockRejectedValueOnce(new Error('disk full'));
    await expect(api.exportWeights()).rejects.toMatchObject({
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
    const menu: string[] = [];
    api.onMenu((command) => menu.push(command));
    send(contents as never, 'menu:command', 'export-weights');
    expect(menu).toEqual(['export-weights']);
  });
});
