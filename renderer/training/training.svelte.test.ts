import { describe, expect, it, vi } from 'vitest';
import { epochs, FINISHED } from '../test/fake-api';
import { TrainingState } from './training.svelte';

describe('TrainingState', () => {
  it('keeps every epoch, but changes the status numbers at most 5 times a second', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const t = new TrainingState();
      t.receive({ points: epochs(1, 10), samplesPerSecond: 100, state: 'running' });
      expect(t.latest?.epoch).toBe(10); // a change of state shows at once
      t.receive({ points: epochs(11, 10), samplesPerSecond: 200, state: 'running' });
      expect(t.latest?.epoch).toBe(10);
      expect(t.history.length).toBe(20);
      expect(t.view.train.at(-1)?.x).toBe(20); // the chart has it already
      vi.advanceTimersByTime(200);
      expect(t.latest?.epoch).toBe(20); // the last epoch always shows
      expect(t.samplesPerSecond).toBe(200);
      t.receive({ points: epochs(21, 5), samplesPerSecond: 0, state: 'paused' });
      expect(t.latest?.epoch).toBe(25);
      expect(t.state).toBe('paused');
    } finally {
      vi.useRealTimers();
    }
  });

  it("restores a reopened project's curve: finished with its reason, paused without one", () => {
    const t = new TrainingState();
    t.receive({ points: epochs(1, 5), samplesPerSecond: 1, state: 'running' });
    t.restore(epochs(0, 21), 'early-stopping');
    expect(t.history.length).toBe(21);
    expect(t.view.train.map((p) => p.x)).toEqual([...Array(21).keys()]);
    expect(t.latest?.epoch).toBe(20);
    expect(t.state).toBe('finished');
    expect(t.stopReason).toBe('early-stopping');
    expect(t.hasWeights).toBe(true);
    t.restore(epochs(0, 3), null);
    expect(t.state).toBe('paused');
    expect(t.history.length).toBe(3);
    t.restore([], null);
    expect(t.state).toBe('idle');
    expect(t.hasWeights).toBe(false);
  });

  it('shows the last epoch when training finishes, and a late batch does not revive the run', () => {
    const t = new TrainingState();
    t.receive({ points: epochs(1, 3), samplesPerSecond: 1, state: 'running' });
    t.receive({ points: epochs(4, 3), samplesPerSecond: 1, state: 'running' });
    t.finish(FINISHED);
    expect(t.latest?.epoch).toBe(6);
    t.receive({ points: [], samplesPerSecond: 0, state: 'running' });
    expect(t.state).toBe('finished');
    expect(t.hasWeights).toBe(true);
    t.clear();
    expect(t.hasWeights).toBe(false);
    expect(t.latest).toBeNull();
    expect(t.view.train).toEqual([]);
  });

  it('keeps where inside an epoch the run paused until the next report, which drops it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const t = new TrainingState();
      const inside = {
        epochs: 0,
        batches: 1,
        of: 7,
        trainLoss: 1.05,
        validationLoss: 1.07,
        maxChange: 0.3,
      };
      t.receive({ points: epochs(0, 1), samplesPerSecond: 0, state: 'paused', inside });
      expect(t.inside).toEqual(inside); // a change of state shows at once
      // A second Step of a batch: still paused, shown within 1/5 s.
      const two = { ...inside, batches: 2, trainLoss: 0.98, maxChange: 0.444 };
      t.receive({ points: [], samplesPerSecond: 0, state: 'paused', inside: two });
      vi.advanceTimersByTime(200);
      expect(t.inside).toEqual(two);
      // Resumed: the report of a run going on has none.
      t.receive({ points: [], samplesPerSecond: 10, state: 'running' });
      expect(t.inside).toBeNull();
      t.receive({ points: [], samplesPerSecond: 0, state: 'paused', inside: two });
      t.finish(FINISHED);
      expect(t.inside).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
