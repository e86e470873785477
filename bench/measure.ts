// Timing one engine on one workload: warm-up batches, then batches in file order, epoch
// after epoch, until the workload is done or the time budget is spent (slow engines run a prefix
// of the workload; samples/s is what is reported, so the two agree), in three windows.
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

export function measure(
  w: Workload,
  runner: BenchRunner,
  budgetSeconds: number,
  clock: Clock = performance,
): { samplesPerSecond: number; gflops: number } {
  const batches = batchesOf(w);
  // Warm-up (JIT tiers, caches): up to 20 batches, at most half the budget (slow engines).
  const warmStart = clock.now();
  for (let i = 0; i < 20; i++) {
    runner.step(...batches[i % batches.length]);
    if (clock.now() - warmStart > (budgetSeconds * 1000) / 2) break;
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
  for (let epoch = 0; epoch < w.epochs && !done; epoch++) {
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
  const now = clock.now();
  // A workload shorter than one window: its whole run is the only window.
  if (best === 0) best = total / ((now - start) / 1000);
  const samplesPerSecond = best;
  return { samplesPerSecond, gflops: (samplesPerSecond * flopsPerSample(w.topology)) / 1e9 };
}
