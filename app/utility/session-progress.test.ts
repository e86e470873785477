// Progress from inside a long epoch, through the session's message protocol: a synthetic dataset of
// 10,000 rows trained in batches of one (8,000 batches an epoch) under a fake clock that moves on
// a fixed step at every reading, so that an epoch "takes" seconds while the test takes
// milliseconds. While an epoch runs past a second, the session reports how far into it the run
// is, four times a second, with the rate over the last interval; the whole epochs go out as ever.
import { describe, expect, it } from 'vitest';
import type { EpochUnderway } from '../shared/api';
import { trainingMessageSchema, unpackHistory, type TrainingMessage } from '../shared/ipc';
import { harness, syntheticConfig, syntheticCsv } from './session-harness';

const ROWS = 10_000;
/** 80 % of the rows train, one a batch. */
const BATCHES = ROWS * 0.8;

const csv = syntheticCsv(ROWS, 7);

const config = (batchSize: number, maxEpochs: number) =>
  syntheticConfig(8, { optimizer: 'sgd', momentum: 0, batchSize, maxEpochs });

interface Sent {
  /** The fake clock when the message went out. */
  at: number;
  message: TrainingMessage;
}

/**
 * A session on the synthetic dataset whose clock moves on `tick` ms at every reading (a batch
 * reads it three or four times), configured with `batchSize` and `maxEpochs`.
 */
async function session(tick: number, batchSize = 1, maxEpochs = 2) {
  let t = 0;
  const sent: Sent[] = [];
  const { session: s, call } = harness({
    now: () => (t += tick),
    files: { '/synthetic.csv': csv },
    options: { sliceMs: 12 },
    onPost: (message) => sent.push({ at: t, message }),
  });
  await call('load-dataset', { path: '/synthetic.csv' });
  await call('configure', { config: config(batchSize, maxEpochs) });
  const progress = () =>
    sent.flatMap(({ at, message }) =>
      message.kind === 'progress' ? [{ at, ...message.batch }] : [],
    );
  /** The reports from inside an epoch, each with the clock when it went out. */
  const underway = () =>
    progress().flatMap(({ at, underway, samplesPerSecond }) =>
      underway ? [{ at, samplesPerSecond, ...underway }] : [],
    );
  /** Every epoch the whole-epoch reports carried, in order. */
  const epochs = () => progress().flatMap((p) => unpackHistory(p.points));
  return { session: s, sent, call, progress, underway, epochs };
}

type Report = EpochUnderway & { at: number; samplesPerSecond: number };

/** The reports of one epoch: from 1 s into it, ≥ 250 ms apart, batches going up, the right rate. */
function expectEpochReports(reports: Report[], epoch: number, began: number): void {
  const mine = reports.filter((r) => r.epoch === epoch);
  expect(mine.length).toBeGreaterThanOrEqual(4);
  // The epoch "began" when the report before it went out; the session's clock reading of its
  // start can be up to one slice later.
  expect(mine[0].at - began).toBeGreaterThanOrEqual(1000 - 13);
  mine.forEach((r, k) => {
    expect(r.of).toBe(BATCHES);
    expect(r.batches).toBeGreaterThan(0);
    expect(r.batches).toBeLessThan(BATCHES);
    if (k === 0) return;
    const before = mine[k - 1];
    expect(r.at - before.at).toBeGreaterThanOrEqual(250);
    expect(r.batches).toBeGreaterThan(before.batches);
    // samples/s over the last interval = rows trained since the last report / its seconds
    expect(r.samplesPerSecond).toBeCloseTo(
      (r.batches - before.batches) / ((r.at - before.at) / 1000),
      6,
    );
  });
}

describe('progress from inside a long epoch', () => {
  it('a run reports how far into each epoch it is, a few times a second; the epochs as ever', async () => {
    // 0.25 ms a reading, ~0.8 ms a batch: an epoch of 8,000 batches "takes" about 6.5 s.
    const h = await session(0.25);
    const history = await h.call('start', {});
    expect(history).toBeNull();
    await expect
      .poll(() => h.sent.some((s) => s.message.kind === 'finished'), { timeout: 20_000 })
      .toBe(true);
    const reports = h.underway();
    const progress = h.progress();
    const carrying = (epoch: number) =>
      progress.find((p) => unpackHistory(p.points).some((point) => point.epoch === epoch))!;
    expectEpochReports(reports, 1, carrying(0).at);
    expectEpochReports(reports, 2, carrying(1).at);
    // Every epoch's report is there once, in order, and is the run's history.
    expect(h.epochs().map((p) => p.epoch)).toEqual([0, 1, 2]);
    expect(h.epochs()).toEqual((await h.call('current', {}))!.history);
    // A report from inside an epoch carries no epoch and says running; each is a valid message.
    for (const p of progress.filter((p) => p.underway)) {
      expect(p.points.length).toBe(0);
      expect(p.state).toBe('running');
    }
    for (const { message } of h.sent)
      expect(trainingMessageSchema.safeParse(message).success).toBe(true);
    // The epoch's reports come between those of the epochs around it.
    const order = progress.map((p) => (p.underway ? `in ${p.underway.epoch}` : p.state));
    expect(order.indexOf('in 1')).toBeGreaterThan(0);
    expect(order.lastIndexOf('in 1')).toBeLessThan(order.indexOf('in 2'));
  });

  it('a Step of an epoch reports from inside it too, naming the epoch it trains', async () => {
    const h = await session(0.25, 1, 3);
    await h.call('step', { unit: 'epoch' });
    expect(h.session.state).toBe('paused');
    expectEpochReports(h.underway(), 1, h.progress()[0].at);
    expect(h.underway().every((r) => r.epoch === 1)).toBe(true);
    const stepped = h.progress().length;
    await h.call('step', { unit: 'epoch' });
    const second = h.underway().filter((r) => r.epoch === 2);
    expect(second.length).toBeGreaterThanOrEqual(4);
    expect(
      h
        .progress()
        .slice(stepped)
        .filter((p) => p.underway && p.underway.epoch !== 2),
    ).toEqual([]);
    expect(h.epochs().map((p) => p.epoch)).toEqual([0, 1, 2]);
    expect(h.progress().at(-1)!.state).toBe('paused');
  });

  it('says nothing from inside epochs shorter than a second, or one that is a single batch', async () => {
    // 0.02 ms a reading: an epoch of 8,000 batches "takes" about half a second.
    const short = await session(0.02, 1, 3);
    await short.call('start', {});
    await expect.poll(() => short.sent.some((s) => s.message.kind === 'finished')).toBe(true);
    expect(short.epochs().map((p) => p.epoch)).toEqual([0, 1, 2, 3]);
    expect(short.underway()).toEqual([]);
    // The full batch: 8,000 rows in one batch, however long, cannot be reported from inside.
    const full = await session(5, 0, 2);
    await full.call('start', {});
    await expect.poll(() => full.sent.some((s) => s.message.kind === 'finished')).toBe(true);
    expect(full.underway()).toEqual([]);
  });
});
