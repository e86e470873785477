// The gradient check through the session's message protocol: green on an example's network,
// kept in the project file, cleared when the network changes; checked in slices, so the commands
// after it do not wait for it, with how far it is reported meanwhile; cancelled between slices,
// by the user, a newer check or a network replaced, leaving the last result.
import { describe, expect, it } from 'vitest';
import type { GradientCheckResult, SessionConfig, SessionState } from '../shared/api';
import { parseProject } from './project';
import { harness, type HarnessOptions } from './session-harness';

const noFiles: HarnessOptions['open'] = async (path) => {
  throw new Error(`no files in this test (${path})`);
};

/** A session that opens no files; its requests, untyped. */
function session() {
  return harness({ open: noFiles }).request;
}

/**
 * A session on Iris with the wide network (widened) configured, whose clock moves 1 ms at every
 * reading: a check of its 1,173 parameters takes about 60 slices of 20 ms, reported every 100.
 */
async function wideSession() {
  let t = 0;
  const h = harness({
    open: noFiles,
    now: () => t++,
    options: { sliceMs: 20, checkProgressMs: 100 },
  });
  await h.request('open-example', { id: 'iris' });
  const { config } = (await h.request('current')) as SessionState & { config: SessionConfig };
  await h.request('configure', { config: widened(config) });
  const checked = () => h.of('gradient-check-progress').map((m) => m.progress.checked);
  /** The gradient check saved in the project file now. */
  const saved = async () =>
    parseProject(JSON.parse(JSON.stringify(await h.request('save-project')))).gradientCheck;
  return { ...h, config, checked, saved };
}

/** Lets the session's scheduled slices run for a while. */
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

/** Iris's settings with two hidden layers of 30: 1,173 parameters, each J evaluated twice on 32
 * rows, so the check takes hundreds of slices. */
function widened(config: SessionConfig): SessionConfig {
  return {
    ...config,
    hiddenLayers: [
      { units: 30, activation: 'tanh' },
      { units: 30, activation: 'tanh' },
    ],
  };
}

describe('gradient check in the session', () => {
  it('passes on the seed 3-3-2 example and is saved in the project file', async () => {
    const call = session();
    await call('open-example', { id: 'seed-3-3-2' });
    const result = (await call('gradient-check')) as {
      epsilon: number;
      rowsUsed: number;
      layers: { layer: number; maxRelativeError: number }[];
    };
    expect(result.layers.map((l) => l.layer)).toEqual([1, 2]);
    for (const l of result.layers) expect(l.maxRelativeError).toBeLessThan(1e-6);
    expect(result.rowsUsed).toBe(1);
    const project = parseProject(JSON.parse(JSON.stringify(await call('save-project'))));
    expect(project.gradientCheck).toEqual(result);
  });

  it('forgets the check when another network is configured', async () => {
    const call = session();
    await call('open-example', { id: 'seed-3-3-2' });
    await call('gradient-check');
    await call('open-example', { id: 'xor' });
    const project = parseProject(JSON.parse(JSON.stringify(await call('save-project'))));
    expect(project.gradientCheck).toBeNull();
  });

  it('checks a wide network in slices: the commands sent after it are answered first', async () => {
    const call = session();
    await call('open-example', { id: 'iris' });
    const { config } = (await call('current')) as SessionState & { config: SessionConfig };
    const wide = widened(config);
    await call('configure', { config: wide });
    const order: string[] = [];
    const check = call('gradient-check').then((r) => (order.push('gradient-check'), r));
    const network = call('network').then(() => order.push('network'));
    const result = (await check) as { rowsUsed: number; layers: { maxRelativeError: number }[] };
    await network;
    expect(order).toEqual(['network', 'gradient-check']);
    expect(result.rowsUsed).toBe(32);
    expect(result.layers).toHaveLength(3);
    for (const l of result.layers) expect(l.maxRelativeError).toBeLessThan(1e-3);
    const project = parseProject(JSON.parse(JSON.stringify(await call('save-project'))));
    expect(project.gradientCheck).toEqual(result);
  });

  it('reports how far a wide check is a few times, in counts that grow to the total', async () => {
    const { request, checked, of } = await wideSession();
    const result = (await request('gradient-check')) as GradientCheckResult;
    expect(result.layers).toHaveLength(3);
    const counts = checked();
    // 4·30 + 30 + 30·30 + 30 + 30·3 + 3 weights and biases.
    expect(of('gradient-check-progress').every((m) => m.progress.total === 1173)).toBe(true);
    expect(counts.length).toBeGreaterThan(3);
    expect(counts.length).toBeLessThan(40);
    expect(counts.every((n, i) => i === 0 || n > counts[i - 1])).toBe(true);
    expect(counts.at(-1)).toBe(1173);
  });

  it('stops a cancelled check between slices: null, the last result and the network kept', async () => {
    const { request, checked, saved, until } = await wideSession();
    const first = (await request('gradient-check')) as GradientCheckResult;
    const network = await request('network');
    const reported = checked().length;
    const check = request('gradient-check');
    await until(() => checked().length > reported + 1);
    expect(await request('cancel-gradient-check')).toBeNull();
    expect(await check).toBeNull();
    // No slice after the cancel: nothing more is reported, and no count reached the total.
    const after = checked().length;
    await turns(20);
    expect(checked()).toHaveLength(after);
    expect(
      checked()
        .slice(reported)
        .every((n) => n < 1173),
    ).toBe(true);
    expect(await saved()).toEqual(first);
    expect(await request('network')).toEqual(network);
    expect(((await request('current')) as SessionState).history).toEqual([]);
  });

  it('takes a cancel with no check under way, or after it is done, as nothing to do', async () => {
    const { request, saved } = await wideSession();
    expect(await request('cancel-gradient-check')).toBeNull();
    const result = (await request('gradient-check')) as GradientCheckResult;
    expect(await request('cancel-gradient-check')).toBeNull();
    expect(await saved()).toEqual(result);
  });

  it('replaces a check under way by a newer one, which is the one kept', async () => {
    const { request, saved } = await wideSession();
    const older = request('gradient-check');
    const newer = request('gradient-check');
    expect(await older).toBeNull();
    const result = (await newer) as GradientCheckResult;
    expect(result.layers).toHaveLength(3);
    expect(await saved()).toEqual(result);
  });

  it('goes on while training runs, and keeps its result of the weights it copied', async () => {
    const { request, saved, of, until } = await wideSession();
    const check = request('gradient-check');
    await request('start');
    await until(() => of('progress').some((m) => m.batch.points.length > 0));
    const result = (await check) as GradientCheckResult;
    await request('stop');
    expect(result.layers).toHaveLength(3);
    expect(await saved()).toEqual(result);
  });

  it('stops the check of a network configured anew, or of a dataset replaced, and keeps none', async () => {
    const { request, config, saved } = await wideSession();
    const check = request('gradient-check');
    await request('configure', { config });
    expect(await check).toBeNull();
    expect(await saved()).toBeNull();

    const again = request('gradient-check');
    await request('open-example', { id: 'xor' });
    expect(await again).toBeNull();
    expect(await saved()).toBeNull();
  });
});
