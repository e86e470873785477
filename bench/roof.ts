// The roof the engine's kernels work under on this machine: how many flops a second WebAssembly's
// 128-bit multiply-adds give with nothing else in the way (bench/assembly/roof.ts: independent
// multiply-adds in registers, no memory), on one thread, and on two at once (each core's rate
// while the other works too). No kernel of ours can pass it; a peer with wider vectors can.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { DType } from '../core/types';
import { webAssembly, type WasmModule } from '../core/wasm/webassembly';

export interface Roof {
  dtype: DType;
  threads: number;
  /** Flops a second (a multiply-add is two) of all threads together, in GFLOP/s. */
  gflops: number;
}

const source = fileURLToPath(new URL('./assembly/roof.ts', import.meta.url));
const asc = fileURLToPath(new URL('../node_modules/assemblyscript/bin/asc.js', import.meta.url));

/**
 * The roof kernels, compiled as the engine's are (relaxed SIMD, -O3), by asc in a process of its
 * own: asc's compiler is itself a large WebAssembly module, and in this process V8 would first
 * make optimized code for its hot functions, while ours ran seconds long from the baseline
 * compiler's code (3 GFLOP/s instead of 58).
 */
export async function compileRoof(): Promise<WasmModule> {
  const dir = mkdtempSync(join(tmpdir(), 'bps-roof-'));
  try {
    const out = join(dir, 'roof.wasm');
    const flags = ['-O3', '--runtime', 'stub', '--enable', 'simd', '--enable', 'relaxed-simd'];
    await promisify(execFile)(process.execPath, [asc, source, ...flags, '-o', out]);
    const wasm = webAssembly();
    if (!wasm) throw new Error('bench: this Node has no WebAssembly');
    return new wasm.Module(readFileSync(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Lanes a 128-bit vector holds; each of the twelve multiply-adds of a step is two flops a lane. */
const LANES: Record<DType, number> = { float32: 4, float64: 2 };
const FLOPS_PER_STEP = (dtype: DType) => 12 * 2 * LANES[dtype];

/**
 * A thread's side of a measurement: a new instance of the module, ten calls to warm up (V8 swaps
 * in optimized code within the first), then it waits for `start` (Atomics) so that all threads run
 * at once, times `rounds` calls of `steps` steps and returns the best rate in GFLOP/s.
 */
export function timeMadds(
  module: WasmModule,
  dtype: DType,
  steps: number,
  rounds: number,
  start: Int32Array,
): number {
  const wasm = webAssembly()!;
  const { maddF32, maddF64 } = new wasm.Instance(module, {}).exports as Record<
    'maddF32' | 'maddF64',
    (steps: number, x: number) => number
  >;
  const madd = dtype === 'float32' ? maddF32 : maddF64;
  for (let i = 0; i < 10; i++) madd(100_000, 1);
  Atomics.add(start, 0, 1);
  while (Atomics.load(start, 0) < start.length);
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    madd(steps, 1);
    const seconds = (performance.now() - t0) / 1e3;
    best = Math.max(best, (steps * FLOPS_PER_STEP(dtype)) / seconds / 1e9);
  }
  return best;
}

type TimeArgs = Parameters<typeof timeMadds>;

/** A worker thread's side (roof-thread.source.mjs): timeMadds on workerData, its rate posted. */
export function runRoofThread(): void {
  const args = workerData as TimeArgs;
  parentPort!.postMessage(timeMadds(...args));
}

const roofThread = new URL('./roof-thread.source.mjs', import.meta.url);

/**
 * The roof for `dtype` on `threads` threads: each thread runs `steps` steps `rounds` times, all
 * threads at once; the sum of their best rates.
 */
export async function measureRoof(
  module: WasmModule,
  dtype: DType,
  threads: number,
  steps: number,
  rounds = 5,
): Promise<Roof> {
  // start[0] counts the threads ready; they all begin when it reaches start.length (threads).
  const start = new Int32Array(new SharedArrayBuffer(4 * threads));
  const args: TimeArgs = [module, dtype, steps, rounds, start];
  const others = Array.from({ length: threads - 1 }, () => {
    const worker = new Worker(roofThread, { workerData: args });
    return new Promise<number>((resolve, reject) => {
      worker.once('message', (rate: number) => void worker.terminate().then(() => resolve(rate)));
      worker.once('error', reject);
    });
  });
  // Start the calling thread's side only once every worker is ready to begin with it.
  while (Atomics.load(start, 0) < threads - 1) await new Promise((r) => setTimeout(r, 1));
  const rates = [timeMadds(...args), ...(await Promise.all(others))];
  return { dtype, threads, gflops: rates.reduce((a, b) => a + b, 0) };
}
