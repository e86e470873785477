// Timing one engine on one workload: warm-up batches, then batches in file order, epoch
// after epoch, until the workload is done or the time budget is spent (slow engines run a prefix
// of the workload; samples/s is what is reported, so the two agree).
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
    if (i >= 2 && clock.now() - warmStart > (budgetSeconds * 1000) / 2) break;
  }
  let samples = 0;
  const start = clock.now();
  let elapsed = 0;
  for (let epoch = 0; epoch < w.epochs && elapsed < budgetSeconds; epoch++) {
    for (const [first, rows] of batches) {
      runner.step(first, rows);
      samples += rows;
      // Check the clock every few samples only (W1's epochs take microseconds).
      if (samples % 4096 < rows) {
        elapsed = (clock.now() - start) / 1000;
        if (elapsed >= budgetSeconds) break;
      }
    }
  }
  elapsed = (clock.now() - start) / 1000;
  const samplesPerSecond = samples / elapsed;
  return { samplesPerSecond, gflops: (samplesPerSecond * flopsPerSample(w.topology)) / 1e9 };
}
