// The page tells its host what the desktop menu may offer whenever that changes, and only then.
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { MenuState } from '../../app/shared/api';
import { epochs, FakeApi, FINISHED } from '../test/fake-api';
import { Workspace } from './workspace.svelte';

let teardown: (() => void) | undefined;
afterEach(() => teardown?.());

const NOTHING: MenuState = {
  training: 'idle',
  ...{ start: false, pause: false, resume: false, step: false, stop: false, reset: false },
  ...{ saveProject: false, exportWeights: false, exportLosses: false },
};

/** The state reported last, flushing the page's effects first. */
function reported(api: FakeApi): MenuState | undefined {
  flushSync();
  return api.menuStates.at(-1);
}

describe('the menu state the page reports', () => {
  it('follows the dataset and the run: what the buttons can do, each state once', async () => {
    const api = new FakeApi();
    const workspace = new Workspace(api);
    teardown = workspace.connect();
    expect(reported(api)).toEqual(NOTHING);

    await workspace.openDataset();
    expect(reported(api)).toEqual({ ...NOTHING, start: true, step: true, saveProject: true });

    await workspace.start();
    expect(reported(api)).toEqual({
      ...NOTHING,
      training: 'running',
      ...{ pause: true, stop: true, saveProject: true },
    });
    api.emitProgress({ points: epochs(1, 2), samplesPerSecond: 10, state: 'running' });
    expect(reported(api)).toMatchObject({ training: 'running', exportLosses: true });
    // More epochs change nothing the menu shows: nothing is sent again.
    const sent = api.menuStates.length;
    api.emitProgress({ points: epochs(3, 5), samplesPerSecond: 10, state: 'running' });
    api.emitProgress({ points: epochs(8, 5), samplesPerSecond: 10, state: 'running' });
    flushSync();
    expect(api.menuStates).toHaveLength(sent);

    await workspace.pause();
    expect(reported(api)).toEqual({
      training: 'paused',
      ...{ start: false, pause: false, resume: true, step: true, stop: true, reset: true },
      ...{ saveProject: true, exportWeights: true, exportLosses: true },
    });

    api.emitFinished(FINISHED);
    expect(reported(api)).toEqual({
      training: 'finished',
      ...{ start: true, pause: false, resume: false, step: false, stop: false, reset: true },
      ...{ saveProject: true, exportWeights: true, exportLosses: true },
    });
    // The buttons read the same: what the menu offers is what the page offers.
    const { training, ...possible } = reported(api)!;
    expect(training).toBe(workspace.training.state);
    expect(possible).toEqual(workspace.possible);
  });

  it('offers nothing to save, export or train while the page asks a question', async () => {
    const api = new FakeApi();
    const workspace = new Workspace(api);
    teardown = workspace.connect();
    await workspace.openDataset();
    await workspace.start();
    api.emitFinished(FINISHED);
    const before = reported(api)!;
    const asked = workspace.reset();
    expect(reported(api)).toEqual({ ...NOTHING, training: 'finished' });
    workspace.confirmation.answer('cancel');
    await asked;
    expect(reported(api)).toEqual(before);
  });

  it('reports again to a new connection (a reloaded page), and stops when disconnected', async () => {
    const api = new FakeApi();
    const workspace = new Workspace(api);
    const disconnect = workspace.connect();
    expect(reported(api)).toEqual(NOTHING);
    disconnect();
    await workspace.openDataset();
    expect(reported(api)).toEqual(NOTHING);
    expect(api.menuStates).toHaveLength(1);
    teardown = workspace.connect();
    expect(reported(api)).toMatchObject({ start: true, saveProject: true });
    expect(api.menuStates).toHaveLength(2);
  });
});
