// The benchmark's output, not its timing: a tiny run of every engine variant and peer (PyTorch
// only where python3 has torch) gives one well-formed JSON line per measurement.
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const hasTorch = spawnSync('/usr/bin/python3', ['-c', 'import torch']).status === 0;

describe('npm run bench -- --json', () => {
  it('prints one {workload, engine, dtype, threads, samplesPerSecond, gflops} per line, and the roofs', () => {
    const out = execFileSync(
      'npx',
      [
        'tsx',
        'bench/run.ts',
        '--json',
        '--scale',
        '0.02',
        '--budget',
        '0.05',
        '--workloads',
        'W1,W2',
        '--rounds',
        '1',
      ],
      { encoding: 'utf8', timeout: 170_000 },
    );
    const lines = out.trim().split('\n');
    const all = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    // The roof of WebAssembly's multiply-adds, float32 and float64, on one thread and on two.
    const roofs = all.filter((r) => r.workload === 'roof');
    expect(roofs.map((r) => `${r.engine} ${r.dtype} ${r.threads}`).sort()).toEqual([
      'wasm-madd float32 1',
      'wasm-madd float32 2',
      'wasm-madd float64 1',
      'wasm-madd float64 2',
    ]);
    for (const r of roofs) {
      expect(r.samplesPerSecond).toBeNull();
      expect(r.gflops).toBeGreaterThan(0);
    }
    const records = all.filter((r) => r.workload !== 'roof');
    for (const r of records) {
      expect(Object.keys(r)).toEqual([
        'workload',
        'engine',
        'dtype',
        'threads',
        'samplesPerSecond',
        'gflops',
      ]);
      expect(['W1', 'W2']).toContain(r.workload);
      expect(['float32', 'float64']).toContain(r.dtype);
      expect([1, 2]).toContain(r.threads);
      expect(r.samplesPerSecond).toBeGreaterThan(0);
      expect(r.gflops).toBeGreaterThan(0);
    }
    const engines = new Set(records.map((r) => `${r.engine} ${r.dtype} ${r.threads}`));
    for (const e of [
      'plain float64 1',
      'plain float32 1',
      'wasm float64 1',
      'wasm float32 1',
      'wasm float64 2',
      'wasm float32 2',
      'tfjs-cpu float32 1',
      'tfjs-wasm float32 1',
    ]) {
      expect(engines).toContain(e);
    }
    expect(engines.has('pytorch float32 2')).toBe(hasTorch);
    expect(engines.has('pytorch-manual float32 2')).toBe(hasTorch);
    // Each workload appears once per engine variant.
    expect(records.length).toBe(2 * engines.size);
  }, 180_000);
});
