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

  it('passes by the other reports', () => {
    const work = new WorkAtRisk();
    work.note(progress('finished', 3));
    work.note({ kind: 'dataset-progress' });
    work.note({ kind: 'error' });
    expect(work.risk).toBe('unsaved');
  });
});
