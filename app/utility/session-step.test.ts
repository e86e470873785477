// Step of an epoch through the session's message protocol, on an epoch long enough (a synthetic
// 40,000-row dataset in batches of 8: about half a second) that Stop and Pause arrive while it
// trains: it runs in slices as a run does, and replies once its epoch is done or it is interrupted.
import { describe, expect, it } from 'vitest';
import { unpackHistory } from '../shared/ipc';
import { harness, syntheticConfig, syntheticCsv } from './session-harness';

const ROWS = 40_000;

const csv = syntheticCsv(ROWS, 1);

const config = syntheticConfig(32, {
  optimizer: 'momentum',
  momentum: 0.9,
  batchSize: 8,
  maxEpochs: 100,
});
/** 80 % of the rows train, in batches of 8. */
const BATCHES = Math.ceil((ROWS * 0.8) / 8);

/** A session on the synthetic dataset, with a checkpoint after every slice (its place in the epoch). */
async function session() {
  const h = harness({
    files: { '/synthetic.csv': csv },
    options: { sliceMs: 4, checkpointMs: 0 },
  });
  const { of, call } = h;
  /** The row of the epoch the last checkpoint was at. */
  const row = () => of('checkpoint').at(-1)?.checkpoint.position?.row ?? 0;
  const epochs = () => of('progress').flatMap((m) => unpackHistory(m.batch.points));
  await call('load-dataset', { path: '/synthetic.csv' });
  await call('configure', { config });
  return { ...h, row, epochs };
}

/** Resolves once `predicate` holds or `done` has settled (polling every 2 ms). */
async function untilOr(predicate: () => boolean, done: Promise<unknown>): Promise<void> {
  let settled = false;
  void done.then(() => (settled = true));
  while (!predicate() && !settled) await new Promise((r) => setTimeout(r, 2));
}

describe('Step of an epoch', () => {
  it('lets Stop through while it trains; the step replies, and the batches done are kept', async () => {
    const h = await session();
    const step = h.send('step', { unit: 'epoch' });
    // Slices: the epoch's row moves on, checkpoint after checkpoint, while the step has not replied.
    await untilOr(() => h.row() > 0, step);
    expect(h.session.state).toBe('running');
    expect(h.of('progress').at(-1)!.batch.state).toBe('running');
    const stop = h.send('stop');
    expect(await step).toMatchObject({ kind: 'result', value: null });
    expect(await stop).toMatchObject({ kind: 'result', value: null });
    expect(h.session.state).toBe('finished');

    // The results follow the state, computed in slices.
    await h.until(() => h.of('finished').length > 0);
    const finished = h.of('finished')[0].result;
    expect(finished).toMatchObject({ reason: 'cancelled', epochs: 0 });
    const partial = finished.partial!;
    expect(partial.of).toBe(BATCHES);
    expect(partial.batches).toBeGreaterThan(0);
    expect(partial.batches).toBeLessThan(BATCHES);
    expect(finished.detail).toBe(
      `Cancelled after 0 epochs and ${partial.batches.toLocaleString('en-US')} of the ${BATCHES.toLocaleString('en-US')} batches of epoch 1 (the parameters include those batches).`,
    );
    // No epoch completed: the loss curve holds only the initial losses.
    expect(h.epochs().map((p) => p.epoch)).toEqual([0]);

    // The parameters are those after exactly those batches: as many steps of one batch give them.
    const batches = await session();
    for (let b = 0; b < partial.batches; b++) await batches.call('step', { unit: 'batch' });
    expect(await h.call('network', {})).toEqual(await batches.call('network', {}));
    const exported = await h.call('export-model', {});
    expect(JSON.parse(exported.model.join('')).training.finalLoss.train).toBe(finished.train.loss);
  });

  it('ends after the current batch on Pause; the next Step trains the rest of the epoch', async () => {
    const h = await session();
    const step = h.send('step', { unit: 'epoch' });
    await untilOr(() => h.row() > 0, step);
    const pause = h.send('pause');
    expect(await step).toMatchObject({ kind: 'result', value: null });
    await pause;
    expect(h.session.state).toBe('paused');
    expect(h.of('progress').at(-1)!.batch.state).toBe('paused');
    const paused = h.row();
    expect(paused).toBeGreaterThan(0);
    expect(paused).toBeLessThan(ROWS * 0.8);
    expect(h.epochs().map((p) => p.epoch)).toEqual([0]);
    expect(h.of('finished')).toHaveLength(0);

    // The rest of the epoch: one epoch in all, the same as one uninterrupted Step.
    await h.call('step', { unit: 'epoch' });
    expect(h.session.state).toBe('paused');
    expect(h.epochs().map((p) => p.epoch)).toEqual([0, 1]);
    const whole = await session();
    await whole.call('step', { unit: 'epoch' });
    expect(await h.call('network', {})).toEqual(await whole.call('network', {}));
    expect(h.epochs().at(-1)!.trainLoss).toBe(whole.epochs().at(-1)!.trainLoss);
  });

  it('answers a second Step sent while one trains with the first, one epoch in all', async () => {
    const h = await session();
    const first = h.send('step', { unit: 'epoch' });
    const second = h.send('step', { unit: 'epoch' });
    const ping = h.send('network');
    // The network arrives mid-epoch: the commands after a Step do not wait for its reply.
    expect((await ping).kind).toBe('result');
    expect(h.epochs().map((p) => p.epoch)).toEqual([0]);
    expect(await first).toMatchObject({ kind: 'result', value: null });
    expect(await second).toMatchObject({ kind: 'result', value: null });
    expect(h.epochs().map((p) => p.epoch)).toEqual([0, 1]);
    expect(h.session.state).toBe('paused');
  });
});
