import { describe, expect, it } from 'vitest';
import type { Measurement } from './measure';
import { formatRoofJsonLine, formatTable } from './table';

const row = (m: Partial<Measurement>): Measurement => ({
  workload: 'W2',
  engine: 'wasm',
  dtype: 'float32',
  threads: 2,
  samplesPerSecond: 100_000,
  gflops: 50,
  ...m,
});

describe('the bench table', () => {
  const results = [
    row({}),
    row({ threads: 1, gflops: 30, samplesPerSecond: 60_000 }),
    row({ dtype: 'float64', gflops: 20, samplesPerSecond: 40_000 }),
    row({ engine: 'pytorch-manual', gflops: 120, samplesPerSecond: 240_000 }),
  ];
  const roofs = [
    { dtype: 'float32' as const, threads: 1, gflops: 60 },
    { dtype: 'float32' as const, threads: 2, gflops: 100 },
  ];

  it('gives each row its share of the roof of its dtype on as many threads', () => {
    const lines = formatTable(results, roofs).split('\n');
    expect(lines[0]).toContain('| of roof |');
    expect(lines[2]).toBe(
      '| W2 | wasm | float32 | 2 | 100.0 k | 50.00 | 0.50 | 0.42 (pytorch-manual) |',
    );
    expect(lines[3]).toContain('| 30.00 | 0.50 |');
    // No float64 roof measured: no share.
    expect(lines[4]).toContain('| 20.00 | – |');
    // A peer with wider vectors than WebAssembly's passes the roof.
    expect(lines[5]).toContain('| 120.00 | 1.20 | 1.00 (pytorch-manual) |');
    expect(lines.at(-1)).toBe(
      'Roof (128-bit WebAssembly multiply-adds in registers, no memory; GFLOP/s): float32 on 1 thread 60.0, float32 on 2 threads 100.0.',
    );
  });

  it('has no roof column values or line without roofs', () => {
    const table = formatTable(results);
    expect(table).not.toContain('Roof (');
    expect(table.split('\n')[2]).toContain('| 50.00 | – |');
  });

  it('writes a roof as a JSON line of the measurements’ fields', () => {
    expect(JSON.parse(formatRoofJsonLine({ dtype: 'float64', threads: 2, gflops: 51.5 }))).toEqual({
      workload: 'roof',
      engine: 'wasm-madd',
      dtype: 'float64',
      threads: 2,
      samplesPerSecond: null,
      gflops: 51.5,
    });
  });
});
