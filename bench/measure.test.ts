// measure() on a fake clock: each step advances it by what the runner says the step took.
import { describe, expect, it } from 'vitest';
import { measure, WARM_BATCHES, WARM_SECONDS, type BenchRunner, type Clock } from './measure';
import { WORKLOADS } from './workloads';

const W1 = WORKLOADS.find((w) => w.name === 'W1')!; // 150 samples a batch, 2 000 epochs

/** A runner whose n-th step (from 0) takes stepMs(n) on the fake clock, counting its steps. */
function fakeEngine(stepMs: (n: number) => number): {
  runner: BenchRunner;
  clock: Clock;
  steps: () => number;
} {
  let now = 0;
  let steps = 0;
  return {
    clock: { now: () => now },
    runner: {
      step() {
        now += stepMs(steps);
        steps++;
      },
    },
    steps: () => steps,
  };
}

describe('measure', () => {
  it('times the steady speed after the JIT warm-up, not the warm-up', () => {
    // 3 000 slow steps (0.3 s, as an engine's unoptimized code), then 20 µs a step.
    const engine = fakeEngine((n) => (n < 3000 ? 0.1 : 0.02));
    const { samplesPerSecond } = measure(W1, engine.runner, 3, engine.clock);
    expect(samplesPerSecond).toBeCloseTo(150 / 20e-6, -3);
  });

  it('warms up for WARM_SECONDS', () => {
    // 1 ms a step: WARM_SECONDS of warm-up steps, then 3 s of timed ones.
    const engine = fakeEngine(() => 1);
    measure(W1, engine.runner, 3, engine.clock);
    expect(engine.steps()).toBe(WARM_SECONDS * 1000 + 3000);
  });

  it('warms up for WARM_BATCHES batches when they take longer than WARM_SECONDS', () => {
    // 100 ms a step, a 10 s budget: 20 batches (2 s) of warm-up, then 100 timed.
    const engine = fakeEngine(() => 100);
    measure(W1, engine.runner, 10, engine.clock);
    expect(engine.steps()).toBe(WARM_BATCHES + 100);
  });

  it('goes on past a short workload’s epochs until the budget is spent', () => {
    const engine = fakeEngine(() => 0.02);
    measure(W1, engine.runner, 3, engine.clock);
    // 2 000 epochs of one batch take 40 ms: 3 s hold 150 000 such steps.
    expect(engine.steps()).toBeGreaterThan(50 * W1.epochs);
  });

  it('counts the best window: a disturbance in one slows none of the others', () => {
    // The second second of the timed run is three times slower (the machine was busy).
    let now = 0;
    const clock: Clock = { now: () => now };
    const runner: BenchRunner = {
      step() {
        now += now > 1500 && now < 2500 ? 0.06 : 0.02;
      },
    };
    const { samplesPerSecond } = measure(W1, runner, 3, clock);
    expect(samplesPerSecond).toBeCloseTo(150 / 20e-6, -3);
  });

  it('lets a slow engine warm up on one batch when that takes half the budget', () => {
    const engine = fakeEngine(() => 2000); // 2 s a batch, a 3 s budget
    const { samplesPerSecond } = measure(W1, engine.runner, 3, engine.clock);
    expect(engine.steps()).toBe(1 + 2); // one warm-up batch, then two until the budget is spent
    expect(samplesPerSecond).toBeCloseTo(150 / 2, 6);
  });
});
