// A gradient check in slices: how far it is, reported at most every progressMs and last at the
// total; cancelled between two slices with null; a slice's failure is the reply's.
import { describe, expect, it } from 'vitest';
import { GradientChecker } from '../../core/gradient-check';
import { createMatrix } from '../../core/matrix';
import { createNetwork } from '../../core/network';
import { Random } from '../../core/random';
import type { GradientCheckProgress } from '../shared/api';
import { GradientCheckRun } from './gradient-check-run';

/** A 3-5-2 network (32 parameters) on 8 rows, and a host whose clock moves 1 ms a reading. */
function setup(options: { sliceMs?: number; progressMs?: number } = {}) {
  const random = new Random(5);
  const net = createNetwork(
    { topology: [3, 5, 2], activations: ['tanh', 'sigmoid'], loss: 'mse' },
    { dtype: 'float64', initScheme: 'xavier', random },
  );
  const X = createMatrix(8, 3);
  const Y = createMatrix(8, 2);
  for (let i = 0; i < X.data.length; i++) X.data[i] = random.normal();
  for (let i = 0; i < Y.data.length; i++) Y.data[i] = random.next();
  const checker = new GradientChecker(net, X, Y);
  let t = 0;
  const tasks: (() => void)[] = [];
  const reports: GradientCheckProgress[] = [];
  const run = new GradientCheckRun(
    checker,
    8,
    { now: () => t++, schedule: (task) => tasks.push(task), report: (p) => reports.push(p) },
    options,
  );
  /** Runs the scheduled slices, at most `n`; returns how many ran. */
  const slices = (n = Infinity) => {
    let ran = 0;
    while (ran < n && tasks.length > 0) {
      tasks.shift()!();
      ran++;
    }
    return ran;
  };
  return { net, X, Y, checker, run, reports, slices };
}

describe('GradientCheckRun', () => {
  it('reports how far it is as it goes, at most every progressMs, the last report at the total', async () => {
    const { net, X, Y, run, reports, slices } = setup({ sliceMs: 2, progressMs: 10 });
    run.start();
    slices();
    const result = await run.done;
    expect(result).toEqual({ ...new GradientChecker(net, X, Y).run()!, rowsUsed: 8 });
    const checked = reports.map((r) => r.checked);
    expect(reports.every((r) => r.total === 32)).toBe(true);
    // A few reports, not one a slice (32 parameters, about one a slice), growing to the total.
    expect(reports.length).toBeGreaterThan(2);
    expect(reports.length).toBeLessThan(16);
    expect(checked.every((n, i) => i === 0 || n > checked[i - 1])).toBe(true);
    expect(checked.at(-1)).toBe(32);
  });

  it('reports nothing for a check done within its first slice', async () => {
    const { run, reports, slices } = setup({ sliceMs: 1000 });
    run.start();
    expect(slices()).toBe(0);
    expect((await run.done)?.layers).toHaveLength(2);
    expect(reports).toEqual([]);
  });

  it('stops between two slices when cancelled: null, no parameter checked after it', async () => {
    const { checker, run, reports, slices } = setup({ sliceMs: 2, progressMs: 0 });
    run.start();
    slices(3);
    const checked = checker.checked;
    const reported = reports.length;
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThan(checker.total);
    run.cancel();
    expect(run.over).toBe(true);
    slices();
    await expect(run.done).resolves.toBeNull();
    expect(checker.checked).toBe(checked);
    expect(reports).toHaveLength(reported);
  });

  it('is not changed by a cancel once done', async () => {
    const { run, slices } = setup({ sliceMs: 2 });
    run.start();
    slices();
    const result = await run.done;
    run.cancel();
    await expect(run.done).resolves.toBe(result);
    expect(result?.layers).toHaveLength(2);
  });

  it("replies with a slice's failure", async () => {
    const { checker, run } = setup();
    checker.run = () => {
      throw new Error('the cost is not a number');
    };
    run.start();
    await expect(run.done).rejects.toThrow('the cost is not a number');
    expect(run.over).toBe(true);
  });
});
