import { describe, expect, it } from 'vitest';
import { FINISHED } from '../test/fake-api';
import { formatValue } from './format';
import { AS_TRAINED, OTHER_DATA, statusParts, type StatusInput } from './status';

const base: StatusInput = {
  state: 'idle',
  latest: null,
  samplesPerSecond: 0,
  finished: null,
  problems: [],
  sizes: [4, 8, 3],
};
const epoch = {
  epoch: 1234,
  trainLoss: 0.123456,
  validationLoss: 0.2,
  maxChange: 0.00001234,
  elapsedMs: 1,
};

describe('the status line', () => {
  it('names what blocks training, else the network it is ready to train', () => {
    expect(statusParts({ ...base, problems: ['Choose a target column.'] })).toEqual([
      'Choose a target column.',
    ]);
    expect(statusParts(base)).toEqual(['Ready to train a 4–8–3 network']);
  });

  it('shows epoch, losses, largest change and speed while training', () => {
    expect(
      statusParts({ ...base, state: 'running', latest: epoch, samplesPerSecond: 98765.4 }),
    ).toEqual([
      'Training',
      'epoch 1,234',
      'train loss 0.1235',
      'validation loss 0.2',
      'largest change 1.234e-5',
      '98,765 samples/s',
    ]);
  });

  it('shows how far into a long epoch the run is, after the last whole epoch', () => {
    const underway = { epoch: 1235, batches: 4500, of: 10_000 };
    const running = { ...base, state: 'running' as const, latest: epoch, underway };
    expect(statusParts({ ...running, samplesPerSecond: 12345 })).toEqual([
      'Training',
      'epoch 1,234',
      'train loss 0.1235',
      'validation loss 0.2',
      'largest change 1.234e-5',
      'epoch 1,235: 45 % (4,500 of 10,000 batches)',
      '12,345 samples/s',
    ]);
    // Never 100 % before the epoch is done; the first epoch after the initial losses.
    expect(
      statusParts({
        ...running,
        latest: { ...epoch, epoch: 0 },
        underway: { epoch: 1, batches: 999, of: 1000 },
      }).at(-1),
    ).toBe('epoch 1: 99 % (999 of 1,000 batches)');
    // Paused or finished, the place in the epoch is not shown.
    expect(statusParts({ ...running, state: 'paused' }).join()).not.toContain('%');
    expect(statusParts({ ...running, state: 'finished', finished: FINISHED }).join()).not.toContain(
      '%',
    );
  });

  it('leaves out a missing validation loss and the speed when paused', () => {
    const parts = statusParts({
      ...base,
      state: 'paused',
      latest: { ...epoch, validationLoss: null },
      samplesPerSecond: 5,
    });
    expect(parts).toEqual([
      'Paused',
      'epoch 1,234',
      'train loss 0.1235',
      'largest change 1.234e-5',
    ]);
  });

  it('names the criterion that stopped training', () => {
    const parts = statusParts({ ...base, state: 'finished', latest: epoch, finished: FINISHED });
    expect(parts.at(-1)).toBe('stopped: no parameter changed by more than the threshold');
  });

  it('stopped inside an epoch: the final losses are the results’, after the whole epochs and the batches', () => {
    const finished = {
      ...FINISHED,
      reason: 'cancelled' as const,
      epochs: 12000,
      partial: { batches: 1500, of: 2048 },
      train: { ...FINISHED.train, loss: 0.01758 },
      validation: { ...FINISHED.validation!, loss: 0.0234 },
    };
    const last = { ...epoch, epoch: 12000, trainLoss: 0.01757, validationLoss: 0.0235 };
    expect(statusParts({ ...base, state: 'finished', latest: last, finished })).toEqual([
      'Finished',
      'epoch 12,000 + 1,500 of 2,048 batches',
      'train loss 0.01758',
      'validation loss 0.0234',
      'stopped: stopped by the user',
    ]);
    // Without a validation set, no validation loss.
    const noValidation = { ...finished, validation: null };
    expect(
      statusParts({ ...base, state: 'finished', latest: last, finished: noValidation }),
    ).not.toContainEqual(expect.stringMatching(/^validation/));
    // At an epoch's boundary: the last epoch, as the loss curve's last point.
    expect(
      statusParts({
        ...base,
        state: 'finished',
        latest: last,
        finished: { ...finished, partial: null },
      }),
    ).toEqual([
      'Finished',
      'epoch 12,000',
      'train loss 0.01757',
      'validation loss 0.0235',
      'largest change 1.234e-5',
      'stopped: stopped by the user',
    ]);
  });
});

describe('the status line after early stopping', () => {
  it('reports the restored best epoch and its losses (the results’), not the last epoch', () => {
    const finished = {
      ...FINISHED,
      reason: 'early-stopping' as const,
      epochs: 1240,
      restoredEpoch: 1234,
      train: { ...FINISHED.train, loss: 0.1234 },
      validation: { ...FINISHED.validation!, loss: 0.1999 },
    };
    const last = { ...epoch, epoch: 1240, trainLoss: 0.05, validationLoss: 0.3 };
    expect(statusParts({ ...base, state: 'finished', latest: last, finished })).toEqual([
      'Finished',
      'epoch 1,234 (best of 1,240, restored)',
      'train loss 0.1234',
      'validation loss 0.1999',
      'stopped: validation loss stopped improving (early stopping)',
    ]);
    // A finished result without the field (restoredEpoch absent): the last epoch, as before.
    const { restoredEpoch: _, ...unknown } = finished;
    expect(
      statusParts({ ...base, state: 'finished', latest: last, finished: unknown }).slice(1, 3),
    ).toEqual(['epoch 1,240', 'train loss 0.05']);
  });
});

describe('the status line paused inside an epoch', () => {
  it('reports the batches of the epoch trained, and the losses and largest change as they are', () => {
    // Iris in batches of 16, two Steps of a batch: the last whole epoch is the initial one.
    const initial = {
      epoch: 0,
      trainLoss: 1.106,
      validationLoss: 1.11,
      maxChange: 0,
      elapsedMs: 0,
    };
    const inside = {
      epochs: 0,
      batches: 2,
      of: 7,
      trainLoss: 0.9876,
      validationLoss: 1.001,
      maxChange: 0.444,
    };
    expect(statusParts({ ...base, state: 'paused', latest: initial, inside })).toEqual([
      'Paused',
      'epoch 0 + 2 of 7 batches',
      'train loss 0.9876',
      'validation loss 1.001',
      'largest change 0.444',
    ]);
    // Without a validation set; and running again, the last whole epoch's until the next.
    expect(
      statusParts({
        ...base,
        state: 'paused',
        latest: initial,
        inside: { ...inside, validationLoss: null },
      }),
    ).toEqual(['Paused', 'epoch 0 + 2 of 7 batches', 'train loss 0.9876', 'largest change 0.444']);
    expect(statusParts({ ...base, state: 'running', latest: initial, inside }).slice(0, 3)).toEqual(
      ['Training', 'epoch 0', 'train loss 1.106'],
    );
  });

  it('says where at once, and that the losses are being computed until they come', () => {
    const inside = {
      epochs: 2,
      batches: 278,
      of: 547,
      trainLoss: null,
      validationLoss: null,
      maxChange: 0.0123,
    };
    expect(statusParts({ ...base, state: 'paused', latest: null, inside })).toEqual([
      'Paused',
      'epoch 2 + 278 of 547 batches',
      'computing losses…',
      'largest change 0.0123',
    ]);
  });
});

describe('the status line of a project opened on other data', () => {
  it("finished: the results' losses, of its weights on this data, not the saved last epoch's", () => {
    const finished = { ...FINISHED, reason: 'max-epochs' as const, epochs: 1234 };
    const input = { ...base, state: 'finished' as const, latest: epoch, finished };
    expect(statusParts({ ...input, otherData: true })).toEqual([
      'Finished',
      'epoch 1,234',
      `train loss ${formatValue(FINISHED.train.loss)}`,
      `validation loss ${formatValue(FINISHED.validation!.loss)}`,
      OTHER_DATA,
      'stopped: reached the maximum number of epochs',
    ]);
    // On its own data, the last epoch's, as before.
    expect(statusParts(input).slice(1, 4)).toEqual([
      'epoch 1,234',
      'train loss 0.1235',
      'validation loss 0.2',
    ]);
  });

  it("paused: inside an epoch the host's losses on this data; at an epoch's end the saved ones, said so", () => {
    const inside = {
      epochs: 3,
      batches: 2,
      of: 7,
      trainLoss: 0.5,
      validationLoss: 0.6,
      maxChange: 0.1,
    };
    const paused = { ...base, state: 'paused' as const, latest: epoch, otherData: true };
    expect(statusParts({ ...paused, inside })).toEqual([
      'Paused',
      'epoch 3 + 2 of 7 batches',
      'train loss 0.5',
      'validation loss 0.6',
      'largest change 0.1',
      OTHER_DATA,
    ]);
    expect(statusParts(paused).slice(1)).toEqual([
      'epoch 1,234',
      'train loss 0.1235',
      'validation loss 0.2',
      'largest change 1.234e-5',
      AS_TRAINED,
    ]);
  });
});

describe('the status line after divergence', () => {
  it('reports the epoch whose parameters were kept and its losses, not the exploded last one', () => {
    const finished = {
      ...FINISHED,
      reason: 'diverged' as const,
      epochs: 6,
      restoredEpoch: 1,
      train: { ...FINISHED.train, loss: 9371 },
      validation: null,
    };
    const last = { ...epoch, epoch: 6, trainLoss: 5.1e10, validationLoss: null };
    expect(statusParts({ ...base, state: 'finished', latest: last, finished })).toEqual([
      'Finished',
      'epoch 1 (lowest loss of 6, kept)',
      'train loss 9371',
      'stopped: the loss diverged',
    ]);
  });
});

describe('formatValue', () => {
  it('writes losses readably', () => {
    expect(formatValue(0.123456)).toBe('0.1235');
    expect(formatValue(1.5e-7)).toBe('1.500e-7');
    expect(formatValue(123456)).toBe('1.235e+5');
    expect(formatValue(null)).toBe('—');
    expect(formatValue(Number.NaN)).toBe('—');
    expect(formatValue(Infinity)).toBe('∞');
    expect(formatValue(0)).toBe('0');
  });
});

describe('a run stopped, its results not here yet', () => {
  it("says they are being computed, not the last whole epoch's losses", () => {
    // Stopped inside epoch 1,235: the parameters are not those of epoch 1,234's losses.
    expect(statusParts({ ...base, state: 'finished', latest: epoch })).toEqual([
      'Finished',
      'epoch 1,234',
      'computing results…',
    ]);
    // A reopened project's finished run knows why it stopped: its saved losses are shown.
    expect(
      statusParts({ ...base, state: 'finished', latest: epoch, stopReason: 'max-epochs' }),
    ).toContain('train loss 0.1235');
  });
});

describe('counts and their nouns', () => {
  it('writes a run cut in its only batch as "1 of 1 batch"', () => {
    const parts = statusParts({
      ...base,
      state: 'finished',
      latest: epoch,
      finished: { ...FINISHED, reason: 'cancelled', epochs: 3, partial: { batches: 1, of: 1 } },
    });
    expect(parts[1]).toBe('epoch 3 + 1 of 1 batch');
  });

  it('counts the rows of a batch trained in chunks: a full batch by its rows, a minibatch by both', () => {
    const running = { ...base, state: 'running' as const, latest: epoch };
    const full = { epoch: 1235, batches: 0, of: 1, rows: { done: 64_000, of: 160_000 } };
    expect(statusParts({ ...running, underway: full })).toContain(
      'epoch 1,235: 40 % (64,000 of 160,000 rows)',
    );
    const minibatch = { epoch: 7, batches: 4, of: 10, rows: { done: 2500, of: 5000 } };
    expect(statusParts({ ...running, underway: minibatch })).toContain(
      'epoch 7: 45 % (4 of 10 batches + 2,500 of 5,000 rows)',
    );
  });

  it('and an epoch of one batch under way as "of 1 batch"', () => {
    const parts = statusParts({
      ...base,
      state: 'running',
      latest: epoch,
      underway: { epoch: 1235, batches: 0, of: 1 },
    });
    expect(parts).toContain('epoch 1,235: 0 % (0 of 1 batch)');
  });

  it("says how many rows a run leaves out, last, in the data panel's words", () => {
    expect(statusParts({ ...base, leftOut: 1 })).toEqual([
      'Ready to train a 4–8–3 network',
      '1 row left out',
    ]);
    expect(statusParts({ ...base, leftOut: 0 })).toEqual(['Ready to train a 4–8–3 network']);
    // What blocks training comes alone.
    expect(statusParts({ ...base, leftOut: 3, problems: ['Choose a target column.'] })).toEqual([
      'Choose a target column.',
    ]);
    const running = { ...base, state: 'running' as const, latest: epoch, leftOut: 12_345 };
    expect(statusParts({ ...running, samplesPerSecond: 100 }).slice(-2)).toEqual([
      '100 samples/s',
      '12,345 rows left out',
    ]);
    const finished = { ...running, state: 'finished' as const, finished: FINISHED };
    expect(statusParts(finished).slice(-2)).toEqual([
      'stopped: no parameter changed by more than the threshold',
      '12,345 rows left out',
    ]);
  });
});
