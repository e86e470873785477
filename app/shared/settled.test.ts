// The page's end of the desktop bridge: settled requests back into results and rejections.
import { describe, expect, it, vi } from 'vitest';
import type { PreloadApi, Settled } from './api';
import { fromPreload, HostError, unwrap } from './settled';

const REQUESTS = [
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
  'network',
  'inspect',
  'gradientCheck',
  'cancelGradientCheck',
  'openExample',
  'decisionSurface',
  'predictDialog',
  'current',
  'setMenuState',
] as const satisfies readonly (keyof PreloadApi)[];
const EVENTS = [
  'onProgress',
  'onFinished',
  'onError',
  'onGradientCheckProgress',
  'onMenu',
  'onDatasetProgress',
] as const;

/** A PreloadApi whose every request answers `settled`, recording the calls. */
function preloadAnswering(settled: Settled<unknown>) {
  const calls: { method: string; args: unknown[] }[] = [];
  const listener = vi.fn(() => () => {});
  const preload = Object.fromEntries([
    ...REQUESTS.map((method) => [
      method,
      async (...args: unknown[]) => (calls.push({ method, args }), settled),
    ]),
    ...EVENTS.map((event) => [event, listener]),
  ]) as unknown as PreloadApi;
  return { preload, calls, listener };
}

describe('unwrap', () => {
  it('returns the value of a request that succeeded', () => {
    expect(unwrap('network', { ok: true, value: { topology: [2, 1] } })).toEqual({
      topology: [2, 1],
    });
    expect(unwrap('start', { ok: true, value: undefined })).toBeUndefined();
  });

  it('throws a failure as a HostError that keeps its message and scope', () => {
    const error = {
      message: 'broken.csv: row 3, column 2 "y" has "oops"',
      scope: 'dataset',
    } as const;
    const thrown = (() => {
      try {
        unwrap('openProject', { ok: false, error });
      } catch (e) {
        return e;
      }
    })();
    expect(thrown).toBeInstanceOf(HostError);
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as HostError).message).toBe(error.message);
    // What the workspace reads, as it reads the web build's CommandFailure.
    expect((thrown as HostError).error).toEqual(error);
  });

  it('names the method when the preload answers something that is not settled', () => {
    expect(() => unwrap('start', undefined as never)).toThrow(
      'start: the desktop preload answered nothing, not { ok, value } or { ok, error }',
    );
    expect(() => unwrap('network', { topology: [2] } as never)).toThrow(
      'network: the desktop preload answered {"topology":[2]}',
    );
  });
});

describe('fromPreload', () => {
  it('passes each request on with its arguments and resolves to the value', async () => {
    const { preload, calls } = preloadAnswering({ ok: true, value: { location: '/tmp/a.json' } });
    const api = fromPreload(preload);
    await expect(api.exportWeights()).resolves.toEqual({ location: '/tmp/a.json' });
    await api.step('batch');
    await api.inspect({ row: 'worst', batchMean: true });
    expect(calls).toEqual([
      { method: 'exportWeights', args: [] },
      { method: 'step', args: ['batch'] },
      { method: 'inspect', args: [{ row: 'worst', batchMean: true }] },
    ]);
  });

  it('rejects every request that failed with a HostError carrying the scope', async () => {
    const error = { message: 'iris.csv changed since the project was saved', scope: 'dataset' };
    const { preload } = preloadAnswering({ ok: false, error } as Settled<unknown>);
    const api = fromPreload(preload);
    expect(Object.keys(api).sort()).toEqual([...REQUESTS, ...EVENTS].sort());
    for (const name of REQUESTS) {
      const request = api[name] as (...args: unknown[]) => Promise<unknown>;
      const failed = await request().catch((e: unknown) => e);
      expect(failed, name).toBeInstanceOf(HostError);
      expect((failed as HostError).error, name).toEqual(error);
    }
  });

  it('hands the event subscriptions over as they are', () => {
    const { preload, listener } = preloadAnswering({ ok: true, value: null });
    const api = fromPreload(preload);
    const progress = () => {};
    api.onProgress(progress);
    api.onDatasetProgress?.(progress);
    expect(listener).toHaveBeenCalledTimes(2);
    expect(listener).toHaveBeenCalledWith(progress);
  });

  it('leaves out the dataset progress a preload does not offer', () => {
    const { preload } = preloadAnswering({ ok: true, value: null });
    const { onDatasetProgress: _, ...without } = preload;
    expect('onDatasetProgress' in fromPreload(without)).toBe(false);
  });
});
