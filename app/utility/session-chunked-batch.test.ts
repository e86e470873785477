// A full batch too large to hold at once trains in chunks of rows, a chunk or more a slice: Pause
// or Stop between two chunks is answered at once (a full batch of a large data set can take
// minutes), and the batch, which changes nothing until its last chunk, goes on after a Resume, to
// the same parameters as a run never paused.
import { describe, expect, it } from 'vitest';
import { plainKernels, type Kernels } from '../../core/matrix';
import { harness, syntheticConfig, syntheticCsv } from './session-harness';

// 1,700 rows (1,360 train) through 3,000 tanh units: 72 KB a row, so chunks of 1,024 rows (the
// least BATCH_CHUNK_BYTES allows): 1,024 and 336.
const csv = syntheticCsv(1700, 5);
const config = syntheticConfig(3000, {
  optimizer: 'sgd',
  momentum: 0,
  batchSize: 0,
  maxEpochs: 2,
});

/** A session whose training kernels call `onChunk` after each chunk's backprop (two layers). */
async function session(onChunk: (chunks: number) => void = () => {}) {
  let t = 0;
  let products = 0;
  const kernels: Kernels = {
    ...plainKernels,
    gemmTransA: (...args) => {
      plainKernels.gemmTransA(...args);
      // ∂C/∂W of both layers: one chunk's backprop.
      if (++products % 2 === 0) onChunk(products / 2);
    },
  };
  const h = harness({
    // Every reading is a second later: each slice trains one chunk, and reports how far it got.
    now: () => (t += 1000),
    files: { '/synthetic.csv': csv },
    options: { sliceMs: 12, kernels: () => kernels },
  });
  await h.call('load-dataset', { path: '/synthetic.csv' });
  await h.call('configure', { config });
  return { ...h, chunks: () => products / 2 };
}

const weights = async (h: Awaited<ReturnType<typeof session>>) =>
  JSON.stringify((await h.call('network', {}))!.weights);

describe('a full batch trained in chunks', () => {
  it('pauses between two chunks at once, changing nothing, and goes on to the same run', async () => {
    let h: Awaited<ReturnType<typeof session>> | null = null;
    h = await session((chunks) => {
      // Pause arrives after the first chunk's slice, as a message between tasks would.
      if (chunks === 1) setImmediate(() => void h!.call('pause', {}));
    });
    const initial = await weights(h);
    await h.call('start', {});
    await h.until(() => h!.of('progress').some((m) => m.batch.state === 'paused'));
    // Half of the batch trained, none of it in the parameters: no epoch, no place inside one.
    expect(h.chunks()).toBe(1);
    const paused = h.of('progress').find((m) => m.batch.state === 'paused')!.batch;
    expect(paused.inside).toBeUndefined();
    // (Points travel packed, five numbers each, the epoch first.)
    const epochs = h
      .of('progress')
      .flatMap((m) => Array.from(m.batch.points).filter((_, i) => i % 5 === 0));
    expect(epochs).toEqual([0]);
    expect(await weights(h)).toBe(initial);
    // The status line heard how far into the batch the run was.
    expect(
      h
        .of('progress')
        .map((m) => m.batch.underway)
        .filter(Boolean),
    ).toContainEqual({
      epoch: 1,
      batches: 0,
      of: 1,
      rows: { done: 1024, of: 1360 },
    });

    await h.call('resume', {});
    await h.until(() => h!.of('finished').length > 0);
    // The batch's other chunk, then the second epoch's two.
    expect(h.chunks()).toBe(4);
    const never = await session();
    await never.call('start', {});
    await never.until(() => never.of('finished').length > 0);
    expect(await weights(h)).toBe(await weights(never));
    expect(h.of('finished')[0].result.train.loss).toBe(never.of('finished')[0].result.train.loss);
  });

  it('stops between two chunks at once, with the parameters of the last whole epoch', async () => {
    let h: Awaited<ReturnType<typeof session>> | null = null;
    h = await session((chunks) => {
      if (chunks === 3) setImmediate(() => void h!.call('stop', {}));
    });
    await h.call('start', {});
    await h.until(() => h!.of('finished').length > 0);
    const { result } = h.of('finished')[0];
    expect(h.chunks()).toBe(3);
    expect(result).toMatchObject({ reason: 'cancelled', epochs: 1, partial: null });
    expect(result.detail).toBe('Cancelled after 1 epoch.');
  });
});
