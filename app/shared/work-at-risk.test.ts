// What closing the app would lose, followed from the training process's reports (the rule of the
// desktop's close guard and of the web build's leave-page prompt).
import { describe, expect, it } from 'vitest';
import { progressReport as progress } from './testing/progress-report';
import { WorkAtRisk } from './work-at-risk';

describe('what closing would lose', () => {
  it('is a running run, or trained weights not saved since', () => {
    const work = new WorkAtRisk();
    expect(work.risk).toBeNull();
    work.note(progress('running', 3));
    expect(work.risk).toBe('training');
    work.note(progress('paused', 0));
    expect(work.risk).toBe('unsaved');
    work.saved();
    expect(work.risk).toBeNull();
    work.note(progress('running', 0));
    expect(work.risk).toBe('training');
    work.note(progress('running', 2));
    work.note(progress('finished', 0));
    expect(work.risk).toBe('unsaved');
    // Reset, another dataset or an example: the idle report.
    work.note(progress('idle', 0));
    expect(work.risk).toBeNull();
  });

  it("is not put back at risk by a stopped run's results that come after it was saved or opened", () => {
    // A finished project opened on a large dataset: its history, the reply (saved), then its
    // results, computed in slices after the reply.
    const work = new WorkAtRisk();
    work.note(progress('finished', 5));
    work.saved();
    work.note({ kind: 'finished' });
    expect(work.risk).toBeNull();
    // Saved while paused, then stopped: the weights did not change.
    work.note(progress('paused', 2));
    work.saved();
    work.note(progress('finished', 0));
    work.note({ kind: 'finished' });
    expect(work.risk).toBeNull();
  });

  it('counts a run under way as training, whole epochs or not (resumed, then paused inside an epoch)', () => {
    const work = new WorkAtRisk();
    work.note(progress('paused', 3));
    work.saved();
    work.note(progress('running', 0));
    work.note(progress('paused', 0));
    expect(work.risk).toBe('unsaved');
  });

  it('counts a Step of one batch, which reports neither a run nor an epoch', () => {
    const work = new WorkAtRisk();
    work.note(progress('paused', 3));
    work.saved();
    // The batch's report (paused, inside the epoch, no new epoch), then its request's reply.
    work.note(progress('paused', 0));
    expect(work.risk).toBeNull();
    work.stepped();
    expect(work.risk).toBe('unsaved');
  });

  it('passes by the other reports', () => {
    const work = new WorkAtRisk();
    work.note(progress('finished', 3));
    work.note({ kind: 'dataset-progress' });
    work.note({ kind: 'error' });
    expect(work.risk).toBe('unsaved');
  });
});
