// The benchmark's table: samples/s, GFLOP/s and the ratio to the best peer (PyTorch, tfjs) of
// the same workload, float32.
import type { Measurement } from './measure';

const PEERS = new Set(['pytorch', 'pytorch-manual', 'tfjs-cpu', 'tfjs-wasm']);

function si(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)} k`;
  return x.toFixed(0);
}

export function bestPeer(results: Measurement[], workload: string): Measurement | null {
  let best: Measurement | null = null;
  for (const r of results) {
    if (r.workload === workload && PEERS.has(r.engine)) {
      if (!best || r.samplesPerSecond > best.samplesPerSecond) best = r;
    }
  }
  return best;
}

/** A Markdown table (it reads in a terminal and pastes into the README). */
export function formatTable(results: Measurement[]): string {
  const lines = [
    '| workload | engine | dtype | threads | samples/s | GFLOP/s | × best peer |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    const peer = bestPeer(results, r.workload);
    const ratio = peer
      ? `${(r.samplesPerSecond / peer.samplesPerSecond).toFixed(2)} (${peer.engine})`
      : '–';
    lines.push(
      `| ${r.workload} | ${r.engine} | ${r.dtype} | ${r.threads} | ${si(r.samplesPerSecond)} | ${r.gflops.toFixed(2)} | ${ratio} |`,
    );
  }
  return lines.join('\n');
}

export function formatJsonLine(r: Measurement): string {
  return JSON.stringify({
    workload: r.workload,
    engine: r.engine,
    dtype: r.dtype,
    threads: r.threads,
    samplesPerSecond: r.samplesPerSecond,
    gflops: r.gflops,
  });
}
