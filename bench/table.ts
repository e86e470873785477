// The benchmark's table: samples/s, GFLOP/s, the share of the roof of WebAssembly's
// multiply-adds on as many threads (bench/roof.ts), and the ratio to the best peer (PyTorch,
// tfjs) of the same workload, float32.
import type { Measurement } from './measure';
import type { Roof } from './roof';

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

/**
 * A Markdown table (it reads in a terminal and pastes into the README), then the roofs. "of roof"
 * is a row's GFLOP/s over the roof of its dtype on as many threads: above 1 only for a peer whose
 * vectors are wider than WebAssembly's.
 */
export function formatTable(results: Measurement[], roofs: readonly Roof[] = []): string {
  const lines = [
    '| workload | engine | dtype | threads | samples/s | GFLOP/s | of roof | × best peer |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    const peer = bestPeer(results, r.workload);
    const ratio = peer
      ? `${(r.samplesPerSecond / peer.samplesPerSecond).toFixed(2)} (${peer.engine})`
      : '–';
    const roof = roofs.find((x) => x.dtype === r.dtype && x.threads === r.threads);
    const share = roof ? (r.gflops / roof.gflops).toFixed(2) : '–';
    lines.push(
      `| ${r.workload} | ${r.engine} | ${r.dtype} | ${r.threads} | ${si(r.samplesPerSecond)} | ${r.gflops.toFixed(2)} | ${share} | ${ratio} |`,
    );
  }
  if (roofs.length > 0) {
    const each = roofs.map(
      (r) =>
        `${r.dtype} on ${r.threads} ${r.threads === 1 ? 'thread' : 'threads'} ${r.gflops.toFixed(1)}`,
    );
    lines.push(
      '',
      `Roof (128-bit WebAssembly multiply-adds in registers, no memory; GFLOP/s): ${each.join(', ')}.`,
    );
  }
  return lines.join('\n');
}

/** A roof as a JSON line of the same fields (workload "roof", no samples/s). */
export function formatRoofJsonLine(r: Roof): string {
  return JSON.stringify({
    workload: 'roof',
    engine: 'wasm-madd',
    dtype: r.dtype,
    threads: r.threads,
    samplesPerSecond: null,
    gflops: r.gflops,
  });
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
