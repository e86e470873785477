// A stopped run's results on data large enough that they take several slices, through the
// session's message protocol with a fake clock (it moves on 100 ms at every reading, so a slice is
// one chunk of rows). The state 'finished' goes out at once, the results after it, computed in
// slices between which other commands are answered: the same numbers as an evaluation at once
// (results.test.ts holds them to core's evaluate). A reset during the computation cancels
// it: no results of the old run are sent after it. A page that asks for the session meanwhile (a
// reload) gets none yet, and once they came, the same ones, without evaluating again. A project
// reopened computes them, or a pause's losses, in slices too.
import { describe, expect, it, vi } from 'vitest';
import type { TrainingMessage } from '../shared/ipc';
import { runResults } from './results';
import { harness, irisConfig, syntheticConfig, syntheticCsv, iris } from './session-harness';

// runResults, the evaluation at once, counted (and run as it is).
vi.mock('./results', async (original) => {
  const actual = await original<typeof import('./results')>();
  return { ...actual, runResults: vi.fn(actual.runResults) };
});

/** 8,000 training rows, 1,000 validation, 1,000 test: 10 chunks of results. */
const csv = syntheticCsv(10_000, 5);

/** A session whose clock moves on 100 ms at every reading: a slice is one chunk of rows. */
function slicedHarness() {
  let t = 0;
  return harness({
    now: () => (t += 100),
    files: { '/synthetic.csv': csv },
    options: { sliceMs: 12 },
  });
}

async function session() {
  const h = slicedHarness();
  await h.call('load-dataset', { path: '/synthetic.csv' });
  await h.call('configure', {
    config: syntheticConfig(8, { optimizer: 'sgd', momentum: 0, batchSize: 16, maxEpochs: 5 }),
  });
  await h.call('step', { unit: 'batch' });
  await h.call('step', { unit: 'batch' });
  return h;
}

const finishedState = (m: TrainingMessage) => m.kind === 'progress' && m.batch.state === 'finished';

describe('results after Stop, in slices', () => {
  it('come after the finished state and after a command sent meanwhile; a page asking after gets them as they are', async () => {
    const h = await session();
    await h.call('stop', {});
    // The state went out; the results are still being computed.
    expect(h.messages.some(finishedState)).toBe(true);
    expect(h.of('finished')).toEqual([]);
    await h.call('network', {});
    const answered = h.messages.findLastIndex((m) => m.kind === 'result');
    await h.until(() => h.of('finished').length > 0);
    const finishedAt = h.messages.findIndex((m) => m.kind === 'finished');
    expect(finishedAt).toBeGreaterThan(answered);
    const sliced = h.of('finished')[0].result;
    // What a page asking now gets: the same results, not evaluated again.
    vi.mocked(runResults).mockClear();
    expect((await h.call('current', {}))!.result).toEqual(sliced);
    expect(runResults).not.toHaveBeenCalled();
    expect(sliced.test).not.toBeNull();
    expect(sliced.predictions![0].actual).toHaveLength(1000);
    expect(h.of('finished')).toHaveLength(1);
  });

  it('a classification run gets the same confusion counts and accuracy as at once', async () => {
    const h = harness();
    await h.call('load-dataset', { path: iris });
    await h.call('configure', { config: irisConfig({ maxEpochs: 3 }) });
    await h.call('start', {});
    await h.until(() => h.of('finished').length > 0);
    const sliced = h.of('finished')[0].result;
    expect(sliced.train.metrics.kind).toBe('classification');
    expect(sliced).toEqual((await h.call('current', {}))!.result);
  });

  it('on small data (every split one chunk of rows) come with the state, however slow the clock runs', async () => {
    // Each reading 100 ms on: a slice would end after the first chunk, and the results come later.
    const h = slicedHarness();
    await h.call('load-dataset', { path: iris });
    await h.call('configure', { config: irisConfig({ batchSize: 16 }) });
    await h.call('step', { unit: 'batch' });
    await h.call('stop', {});
    expect(h.of('finished')).toHaveLength(1);
    // A project of a run paused inside an epoch, stopped once reopened, likewise.
    await h.call('configure', { config: irisConfig({ batchSize: 16 }) });
    await h.call('step', { unit: 'batch' });
    const project = JSON.parse(JSON.stringify(await h.call('save-project', {})));
    const opened = slicedHarness();
    await opened.call('open-project', { project, datasetPath: null });
    await opened.call('stop', {});
    expect(opened.of('finished')).toHaveLength(1);
  });

  it('a page asking while they are computed gets none yet, then the finished message brings them', async () => {
    const h = await session();
    await h.call('stop', {});
    expect(h.of('finished')).toEqual([]);
    vi.mocked(runResults).mockClear();
    const during = (await h.call('current', {}))!;
    expect(during.stopReason).toBe('cancelled');
    expect(during.result).toBeNull();
    expect(runResults).not.toHaveBeenCalled();
    await h.until(() => h.of('finished').length > 0);
    expect((await h.call('current', {}))!.result).toEqual(h.of('finished')[0].result);
    expect(runResults).not.toHaveBeenCalled();
  });

  it('a project of a stopped run opens with its results computed in slices, as after Stop', async () => {
    const h = await session();
    await h.call('stop', {});
    await h.until(() => h.of('finished').length > 0);
    const finished = h.of('finished')[0].result;
    const project = JSON.parse(JSON.stringify(await h.call('save-project', {})));
    const opened = slicedHarness();
    vi.mocked(runResults).mockClear();
    const reply = await opened.call('open-project', { project, datasetPath: null });
    // Not at once in the reply (10 chunks of rows): the state says finished, the results follow.
    expect(reply.stopReason).toBe('cancelled');
    expect(reply.result).toBeNull();
    await opened.until(() => opened.of('finished').length > 0);
    expect(opened.of('finished')[0].result).toEqual(finished);
    expect((await opened.call('current', {}))!.result).toEqual(finished);
    expect(runResults).not.toHaveBeenCalled();
  });

  it('a reset during the computation cancels it: no results are sent', async () => {
    const h = await session();
    await h.call('stop', {});
    expect(h.of('finished')).toEqual([]);
    await h.call('reset', {});
    await new Promise((r) => setTimeout(r, 100));
    expect(h.of('finished')).toEqual([]);
    expect(h.of('progress').at(-1)!.batch.state).toBe('idle');
  });
});

describe('a project saved paused inside an epoch, on data of several slices', () => {
  it('opens saying where at once, and its losses in a paused report after', async () => {
    const h = await session();
    const report = () => h.of('progress').at(-1)!.batch;
    await h.until(() => report().inside?.trainLoss != null);
    const live = report().inside!;
    expect(live).toMatchObject({ epochs: 0, batches: 2 });
    const project = JSON.parse(JSON.stringify(await h.call('save-project', {})));
    const opened = slicedHarness();
    const reply = await opened.call('open-project', { project, datasetPath: null });
    expect(reply.inside).toEqual({ ...live, trainLoss: null, validationLoss: null });
    const last = () => opened.of('progress').at(-1)!.batch;
    await opened.until(() => last().inside?.trainLoss != null);
    expect(last()).toMatchObject({ state: 'paused', inside: live });
  });
});
