// The gradient check through the session's message protocol: green on an example's network,
// kept in the project file, cleared when the network changes; checked in slices, so the commands
// after it do not wait for it.
import { describe, expect, it } from 'vitest';
import type { SessionConfig, SessionState } from '../shared/api';
import { parseProject } from './project';
import { harness } from './session-harness';

/** A session that opens no files; its requests, untyped. */
function session() {
  return harness({
    open: async (path) => {
      throw new Error(`no files in this test (${path})`);
    },
  }).request;
}

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

  it('keeps no check of a network configured anew while it ran', async () => {
    const call = session();
    await call('open-example', { id: 'iris' });
    const { config } = (await call('current')) as SessionState & { config: SessionConfig };
    const wide = widened(config);
    await call('configure', { config: wide });
    const check = call('gradient-check');
    await call('configure', { config });
    expect(((await check) as { layers: unknown[] }).layers).toHaveLength(3);
    const project = parseProject(JSON.parse(JSON.stringify(await call('save-project'))));
    expect(project.gradientCheck).toBeNull();
  });
});
