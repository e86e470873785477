// A Step of a batch through the session's message protocol: the paused report after it says where
// inside the epoch training is (`inside`), with the losses of the parameters as they are and their
// largest change, so that the status line does not go on reporting the last whole epoch's.
import { describe, expect, it } from 'vitest';
import type { NetworkSnapshot } from '../shared/api';
import { unpackHistory } from '../shared/ipc';
import { harness, iris, irisConfig } from './session-harness';

/** Iris in batches of 16 with momentum: 90 training rows, 6 batches an epoch. */
const config = irisConfig({ optimizer: 'momentum', momentum: 0.9, batchSize: 16 });

/** The largest |a − b| over every weight and bias of two snapshots of one network. */
function largestChange(a: NetworkSnapshot, b: NetworkSnapshot): number {
  const flat = (s: NetworkSnapshot) => [...s.weights.flat(2), ...s.biases.flat()];
  const before = flat(a);
  return Math.max(...flat(b).map((v, i) => Math.abs(v - before[i])));
}

async function session() {
  const h = harness();
  await h.call('load-dataset', { path: iris });
  await h.call('configure', { config });
  const network = async () => (await h.call('network', {}))!;
  const lastReport = () => h.of('progress').at(-1)!.batch;
  /** The last report once a pause's losses, computed after it, have come (if it paused inside). */
  const settled = async () => {
    await h.until(() => lastReport().inside?.trainLoss !== null);
    return lastReport();
  };
  return { ...h, network, lastReport, settled };
}

describe('Step of a batch', () => {
  it('reports where in the epoch it paused, with the losses and largest change of those batches', async () => {
    const h = await session();
    const initial = await h.network();
    await h.call('step', { unit: 'batch' });
    const one = await h.network();
    expect(await h.settled()).toMatchObject({
      state: 'paused',
      inside: { epochs: 0, batches: 1, of: 6, validationLoss: expect.any(Number) },
    });
    expect(h.lastReport().inside!.maxChange).toBe(largestChange(initial, one));

    await h.call('step', { unit: 'batch' });
    const two = await h.network();
    const inside = (await h.settled()).inside!;
    expect(inside).toMatchObject({ epochs: 0, batches: 2, of: 6 });
    // The largest change of a parameter in either batch, as an epoch's is.
    expect(inside.maxChange).toBe(Math.max(largestChange(initial, one), largestChange(one, two)));
    expect(inside.maxChange).toBeGreaterThan(0);
    // Not the initial loss (epoch 0's): that of the parameters after two batches, as Stop's say.
    const initialLoss = h.of('progress').flatMap((m) => unpackHistory(m.batch.points))[0].trainLoss;
    expect(inside.trainLoss).toBeLessThan(initialLoss);
    await h.call('stop', {});
    const finished = h.of('finished')[0].result;
    expect(finished.partial).toEqual({ batches: 2, of: 6 });
    expect(inside.trainLoss).toBeCloseTo(finished.train.loss, 12);
    expect(inside.validationLoss).toBeCloseTo(finished.validation!.loss, 12);
  });

  it('says nothing of an epoch once the Step has trained it to its end', async () => {
    const h = await session();
    for (let i = 0; i < 5; i++) await h.call('step', { unit: 'batch' });
    expect(h.lastReport().inside).toMatchObject({ batches: 5, of: 6 });
    await h.call('step', { unit: 'batch' });
    const report = h.lastReport();
    expect(report.state).toBe('paused');
    expect(report.inside).toBeUndefined();
    // The epoch's end is reported as an epoch, with its losses.
    expect(h.of('progress').some((m) => m.batch.points.length > 0)).toBe(true);
  });

  it('a project saved there reopens and reloads saying the same: where, and the same losses', async () => {
    const h = await session();
    await h.call('step', { unit: 'epoch' });
    for (let i = 0; i < 2; i++) await h.call('step', { unit: 'batch' });
    const live = (await h.settled()).inside!;
    expect(live).toMatchObject({ epochs: 1, batches: 2, of: 6 });
    // A page reloaded now asks the session what it holds.
    expect((await h.call('current', {}))!.inside).toEqual(live);
    const project = JSON.parse(JSON.stringify(await h.call('save-project', {})));

    const k = harness();
    const opened = await k.call('open-project', { project, datasetPath: null });
    expect(opened.stopReason).toBeNull();
    expect(opened.inside).toEqual(live);
    // The paused report of the reopened run says so too, as the live one's did.
    expect(k.of('progress').at(-1)!.batch).toMatchObject({ state: 'paused', inside: live });
    expect((await k.call('current', {}))!.inside).toEqual(live);
    // Stop there: the results are of those parameters, as the line said.
    await k.call('stop', {});
    const finished = k.of('finished')[0].result;
    expect(finished.partial).toEqual({ batches: 2, of: 6 });
    expect(finished.train.loss).toBeCloseTo(live.trainLoss!, 12);
  });

  it("a project saved at an epoch's end reopens with nothing inside an epoch", async () => {
    const h = await session();
    await h.call('step', { unit: 'epoch' });
    const project = JSON.parse(JSON.stringify(await h.call('save-project', {})));
    const k = harness();
    const opened = await k.call('open-project', { project, datasetPath: null });
    expect(opened.inside).toBeUndefined();
    expect(k.of('progress').at(-1)!.batch.inside).toBeUndefined();
  });
});
