// Pause inside an epoch on data large enough that its losses take several slices, through the
// session's message protocol with a fake clock (it moves on 100 ms at every reading, so a slice of
// evaluation is one chunk of rows). The paused state goes out at once, with where the run is and
// no losses (trainLoss null: being computed); the losses follow in a second paused report, the
// same numbers as ever, computed in slices between which other commands are answered. Resume or
// Stop during that computation wins: no losses of the old parameters are reported after it.
import { describe, expect, it } from 'vitest';
import { plainKernels, type Kernels } from '../../core/matrix';
import type { EpochInside } from '../shared/api';
import type { TrainingMessage } from '../shared/ipc';
import { harness, syntheticConfig, syntheticCsv } from './session-harness';

/** 8,000 training rows (8 chunks of the evaluator), 1,000 validation rows (1 chunk), 1,000 test. */
const ROWS = 10_000;
const csv = syntheticCsv(ROWS, 3);

interface Sent {
  /** Evaluation products (gemm of the evaluation kernels) done when the message went out. */
  evaluated: number;
  message: TrainingMessage;
}

/**
 * A session on the synthetic dataset in batches of 16; `onEvaluate` is called at every product
 * of the evaluation kernels (those of results, exported losses and a pause's losses).
 */
async function session(onEvaluate: (count: number) => void = () => {}) {
  let t = 0;
  let evaluated = 0;
  const sent: Sent[] = [];
  const counting: Kernels = {
    ...plainKernels,
    gemm: (...args) => {
      evaluated++;
      onEvaluate(evaluated);
      plainKernels.gemm(...args);
    },
  };
  const h = harness({
    now: () => (t += 100),
    files: { '/synthetic.csv': csv },
    options: { sliceMs: 12, evaluationKernels: () => counting },
    onPost: (message) => sent.push({ evaluated, message }),
  });
  await h.call('load-dataset', { path: '/synthetic.csv' });
  await h.call('configure', {
    config: syntheticConfig(8, { optimizer: 'sgd', momentum: 0, batchSize: 16, maxEpochs: 5 }),
  });
  /** The paused reports from inside an epoch, in order, with the count when each went out. */
  const pauses = () =>
    sent.flatMap(({ evaluated, message }) =>
      message.kind === 'progress' && message.batch.inside
        ? [
            {
              evaluated,
              index: sent.indexOf(sent.find((s) => s.message === message)!),
              ...message.batch,
            },
          ]
        : [],
    );
  const withLosses = () => pauses().filter((p) => p.inside!.trainLoss !== null);
  return { ...h, sent, pauses, withLosses, evaluated: () => evaluated };
}

describe('pause inside an epoch', () => {
  it('posts the paused state before evaluating anything; the losses follow, in slices, the same as ever', async () => {
    const h = await session();
    await h.call('step', { unit: 'batch' });
    await h.call('step', { unit: 'batch' });
    const before = h.evaluated();
    // A Pause of a run goes the same way: the same #setState('paused').
    await h.call('start', {});
    // A few slices of training (one batch or so each, on this clock).
    await new Promise((r) => setTimeout(r, 20));
    await h.call('pause', {});
    const paused = h.pauses().at(-1)!;
    expect(paused.state).toBe('paused');
    // Where, at once, with no losses yet: nothing evaluated before it went out.
    expect(paused.inside).toMatchObject({ epochs: 0, of: 500, trainLoss: null });
    expect(paused.inside!.batches).toBeGreaterThan(2);
    expect(paused.inside!.maxChange).toBeGreaterThan(0);
    expect(paused.evaluated).toBe(before);
    // A command sent now is answered before the losses come: they are computed in slices.
    await h.call('network', {});
    const answered = h.sent.length - 1;
    expect(h.sent[answered].message.kind).toBe('result');
    await h.until(() => h.withLosses().length > 0);
    const full = h.withLosses().at(-1)!;
    expect(full.index).toBeGreaterThan(answered);
    expect(full.state).toBe('paused');
    // The same place, and the losses an evaluation at once gives (a reloaded page's), to the digit.
    const { trainLoss, validationLoss, ...where } = full.inside!;
    expect(where).toEqual({ ...paused.inside!, trainLoss: undefined, validationLoss: undefined });
    const current = (await h.call('current', {}))!.inside as EpochInside;
    expect(current).toEqual(full.inside);
    expect(trainLoss).toEqual(expect.any(Number));
    expect(validationLoss).toEqual(expect.any(Number));
    // 9 chunks, a product per layer each: every training and validation row, once.
    expect(full.evaluated - paused.evaluated).toBe(9 * 2);
    // Stop's results are of the same parameters.
    await h.call('stop', {});
    await h.until(() => h.of('finished').length > 0);
    const finished = h.of('finished')[0].result;
    expect(finished.train.loss).toBeCloseTo(trainLoss!, 12);
    expect(finished.validation!.loss).toBeCloseTo(validationLoss!, 12);
  });

  it('a Resume during the computation cancels it: no losses of the old parameters come after', async () => {
    let h: Awaited<ReturnType<typeof session>> | null = null;
    let resumedAt = -1;
    h = await session((count) => {
      // The third chunk: Resume arrives between slices, as a message would.
      if (resumedAt < 0 && h!.pauses().length === 1 && count === 6) {
        resumedAt = h!.sent.length;
        void h!.call('resume', {});
      }
    });
    await h.call('step', { unit: 'batch' });
    await h.until(() => h!.of('progress').some((m) => m.batch.state === 'running'));
    const evaluated = h.evaluated();
    expect(resumedAt).toBeGreaterThan(0);
    // Running again; the cancelled computation evaluates no more, and never reports.
    await h.until(() => h!.of('progress').filter((m) => m.batch.state === 'running').length > 2);
    expect(h.evaluated()).toBe(evaluated);
    expect(h.withLosses()).toEqual([]);
    // Paused again: those parameters' losses come.
    await h.call('pause', {});
    await h.until(() => h!.withLosses().length > 0);
    expect(h.withLosses()).toHaveLength(1);
    expect(h.withLosses()[0].inside!.batches).toBeGreaterThan(1);
    await h.call('stop', {});
  });

  it('a Stop during the computation wins: the run finishes, no pause losses are reported', async () => {
    let h: Awaited<ReturnType<typeof session>> | null = null;
    h = await session((count) => {
      if (h!.pauses().length === 1 && count === 4 && h!.of('finished').length === 0)
        void h!.call('stop', {});
    });
    await h.call('step', { unit: 'batch' });
    await h.until(() => h!.of('finished').length > 0);
    expect(h.of('finished')[0].result.partial).toEqual({ batches: 1, of: 500 });
    // Let any leftover slice run: nothing comes of it.
    await new Promise((r) => setTimeout(r, 50));
    expect(h.withLosses()).toEqual([]);
    expect(h.of('progress').at(-1)!.batch.state).toBe('finished');
  });
});
