// Timing one engine on one workload: warm-up batches, then batches in file order, epoch after
// epoch, until the time budget is spent, in three windows. A workload shorter than the budget
// goes on past its epochs (W1's 2 000 take well under a second), so that every engine is timed in
// whole windows after its warm-up; a slow one runs a prefix of it. samples/s is what is reported.
import { batchesOf, flopsPerSample, type Workload } from './workloads';

export interface BenchRunner {
  /** One gradient-descent step on rows [start, start + rows). */
  step(start: number, rows: number): void;
  dispose?(): void;
}

export interface Measurement {
  workload: string;
  engine: string;
  dtype: 'float32' | 'float64';
  threads: number;
  samplesPerSecond: number;
  gflops: number;
}

export interface Clock {
  now(): number;
}

/**
 * The warm-up: at least this many batches and this long. The wasm engine's first 2 000 W1 steps
 * ran at a third of its later speed (JIT tiers: 70 against 25 µs a step), and 20 batches were all
 * the warm-up before.
 */
export const WARM_BATCHES = 20;
export const WARM_SECONDS = 0.5;

export function measure(
  w: Workload,
  runner: BenchRunner,
  budgetSeconds: number,
  clock: Clock = performance,
): { samplesPerSecond: number; gflops: number } {
  const batches = batchesOf(w);
  // Warm-up (JIT tiers, caches): WARM_BATCHES batches and WARM_SECONDS, at most half the budget
  // (a slow engine's first batch may take longer than that).
  const warmStart = clock.now();
  const warmEnd = Math.min(WARM_SECONDS, budgetSeconds / 2) * 1000;
  for (let i = 0; ; i++) {
    const elapsed = clock.now() - warmStart;
    if (elapsed >= (budgetSeconds * 1000) / 2 || (i >= WARM_BATCHES && elapsed >= warmEnd)) break;
    runner.step(...batches[i % batches.length]);
  }
  // Timed windows of a third of the budget each; the best window's rate counts (the machine
  // may be shared: the least disturbed window is the closest to the engine's own speed).
  const window = budgetSeconds / 3;
  const start = clock.now();
  let best = 0;
  let windowStart = start;
  let windowSamples = 0;
  let total = 0;
  let done = false;
  while (!done) {
    for (const [first, rows] of batches) {
      runner.step(first, rows);
      windowSamples += rows;
      total += rows;
      // The clock costs well under a microsecond; the shortest batch (W1's) takes tens of them.
      const now = clock.now();
      if (now - windowStart >= window * 1000) {
        best = Math.max(best, windowSamples / ((now - windowStart) / 1000));
        windowStart = now;
        windowSamples = 0;
      }
      if (now - start >= budgetSeconds * 1000) {
        done = true;
        break;
      }
    }
  }
  // No whole window (a budget too short for one): the whole run is the window.
  if (best === 0) best = total / ((clock.now() - start) / 1000);
  const samplesPerSecond = best;
  return { samplesPerSecond, gflops: (samplesPerSecond * flopsPerSample(w.topology)) / 1e9 };
}
