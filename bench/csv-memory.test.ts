// Issue 5's memory goal: a 1 000 000-row × 20-column numeric CSV streams through the incremental
// reader with progress, and loading it (read, then encode to X and Y) peaks below four times its
// float64 matrix. Measured in a child process (its own heap and maxRSS, started with --expose-gc).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('loading a 1 000 000 × 20 numeric CSV', () => {
  it('streams with progress and peaks below 4× its float64 matrix', () => {
    const out = execFileSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', 'bench/csv-memory.ts', '1000000'],
      { encoding: 'utf8', timeout: 290_000 },
    );
    const r = JSON.parse(out.trim().split('\n').pop()!);
    expect(r.rows).toBe(1_000_000);
    expect(r.columns).toBe(20);
    expect(r.encodedRows).toBe(1_000_000);
    expect(r.encodedColumns).toBe(20);
    // Progress after every chunk, ending at the whole text.
    expect(r.progressCalls).toBeGreaterThan(200);
    expect(r.bytesRead).toBeGreaterThan(100_000_000);
    expect(r.matrixBytes).toBe(160_000_000);
    expect(r.peakGrowthBytes).toBeLessThan(4 * r.matrixBytes);
  }, 300_000);
});
