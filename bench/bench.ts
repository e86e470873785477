// One benchmark run: every engine variant on every workload, peers included, one measurement
// each. Results stream out through `emit` as they come.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startKernelThreads } from '../app/utility/kernel-threads';
import { plainKernels } from '../core/matrix';
import type { DType } from '../core/types';
import { createWasmKernels } from '../core/wasm/wasm-kernels';
import { createEngineRunner } from './engine';
import { measure, type BenchRunner, type Measurement } from './measure';
import { compileRoof, measureRoof, type Roof } from './roof';
import { createTfjsRunner } from './tfjs-engine';
import { flopsPerSample, generateData, scaled, WORKLOADS, type Workload } from './workloads';

export type Family = 'engine' | 'tfjs' | 'torch' | 'roof';

/** Steps of twelve multiply-adds a roof measurement times (~0.1 s of float32 on one core). */
const ROOF_STEPS = 50_000_000;

export interface BenchOptions {
  /** Seconds of timed batches per measurement at most (after warm-up). */
  budgetSeconds: number;
  /** Fraction of each workload's samples and epochs (1 = as issue 5 defines them). */
  scale: number;
  /** What to measure: engine, tfjs, torch (the workloads), roof (bench/roof.ts). */
  families: ReadonlySet<Family>;
  workloads?: readonly string[];
  /** Times to measure everything; each row reports its best round (default 1). */
  rounds?: number;
}

export interface BenchEvents {
  /** Each measurement as it is made (with several rounds, before the best is known). */
  measured?(m: Measurement): void;
  result(m: Measurement): void;
  /** Each roof, once all rounds are done (the best of its rounds). */
  roof?(r: Roof): void;
  note(text: string): void;
}

interface Variant {
  engine: string;
  dtype: DType;
  threads: number;
  create(w: Workload): Promise<{ runner: BenchRunner; close?: () => Promise<void> | void }>;
}

/** The bench's kernel threads run from source, like the bench. */
const kernelWorker = new URL('../app/utility/kernel-thread.source.mjs', import.meta.url);

function engineVariants(): Variant[] {
  const variants: Variant[] = [];
  for (const dtype of ['float64', 'float32'] as const) {
    variants.push({
      engine: 'plain',
      dtype,
      threads: 1,
      create: async (w) => ({
        runner: createEngineRunner(w, generateData(w), dtype, plainKernels),
      }),
    });
  }
  for (const dtype of ['float64', 'float32'] as const) {
    for (const threads of [1, 2]) {
      variants.push({
        engine: 'wasm',
        dtype,
        threads,
        create: async (w) => {
          const kernels = createWasmKernels();
          const pool = threads > 1 ? startKernelThreads(kernels, kernelWorker, threads) : null;
          await pool?.ready;
          return {
            runner: createEngineRunner(w, generateData(w), dtype, kernels),
            close: () => pool?.close(),
          };
        },
      });
    }
  }
  variants.push({
    engine: 'wasm-simd',
    dtype: 'float32',
    threads: 1,
    create: async (w) => {
      const kernels = createWasmKernels({ relaxed: false });
      return {
        runner: createEngineRunner(w, generateData(w), 'float32', kernels),
      };
    },
  });
  return variants;
}

function tfjsVariants(): Variant[] {
  return (['cpu', 'wasm'] as const).map((backend) => ({
    engine: `tfjs-${backend}`,
    dtype: 'float32' as const,
    threads: 1,
    create: async (w: Workload) => ({
      runner: await createTfjsRunner(backend, w, generateData(w)),
    }),
  }));
}

const torchScript = fileURLToPath(new URL('./torch_bench.py', import.meta.url));

/**
 * PyTorch in a child process, tuned as issue 5 says, its step written two ways (autograd and by
 * hand: see torch_bench.py); a note with the reason if it is unavailable.
 */
async function runTorch(
  workloads: Workload[],
  budgetSeconds: number,
  events: BenchEvents,
): Promise<void> {
  const env = {
    ...process.env,
    OPENBLAS_CORETYPE: 'SkylakeX',
    OPENBLAS_NUM_THREADS: '2',
  };
  const config = JSON.stringify({ workloads, budgetSeconds });
  const child = spawn('/usr/bin/python3', [torchScript, config], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => {
    child.on('error', () => resolve(-1));
    child.on('close', resolve);
  });
  if (code !== 0) {
    const why = /No module named 'torch'/.test(stderr)
      ? 'python3 cannot import torch (apt-get install -y python3-torch)'
      : code === -1
        ? '/usr/bin/python3 is missing'
        : `torch_bench.py exited with ${code}: ${stderr.trim().split('\n').pop()}`;
    events.note(`PyTorch skipped: ${why}`);
    return;
  }
  for (const line of stdout.trim().split('\n')) {
    const { workload, engine, samplesPerSecond } = JSON.parse(line) as {
      workload: string;
      engine: string;
      samplesPerSecond: number;
    };
    const w = workloads.find((x) => x.name === workload)!;
    events.result({
      workload,
      engine,
      dtype: 'float32',
      // torch.set_num_threads(1), but OpenBLAS runs its products on both cores.
      threads: 2,
      samplesPerSecond,
      gflops: (samplesPerSecond * flopsPerSample(w.topology)) / 1e9,
    });
  }
}

function variantId(v: Pick<Variant, 'engine' | 'dtype' | 'threads'>): string {
  return `${v.engine}:${v.dtype}:${v.threads}`;
}

/** One measurement, in this process (what a child process of runBench does). */
export async function measureVariant(
  id: string,
  workload: string,
  options: Pick<BenchOptions, 'budgetSeconds' | 'scale'>,
): Promise<Measurement> {
  const v = [...engineVariants(), ...tfjsVariants()].find((x) => variantId(x) === id);
  const base = WORKLOADS.find((x) => x.name === workload);
  if (!v) throw new Error(`bench: no engine variant ${id}`);
  if (!base) throw new Error(`bench: no workload ${workload}`);
  const w = options.scale === 1 ? base : scaled(base, options.scale);
  const { runner, close } = await v.create(w);
  try {
    const { samplesPerSecond, gflops } = measure(w, runner, options.budgetSeconds);
    return {
      workload: w.name,
      engine: v.engine,
      dtype: v.dtype,
      threads: v.threads,
      samplesPerSecond,
      gflops,
    };
  } finally {
    runner.dispose?.();
    await close?.();
  }
}

const runScript = fileURLToPath(new URL('./run.ts', import.meta.url));

/**
 * Each measurement runs in a fresh process, as an app's training process runs one engine: in a
 * shared process, code that has seen float64, float32, ordinary and WebAssembly arrays turns
 * polymorphic and slows every later variant down.
 */
async function measureInChild(
  id: string,
  workload: string,
  options: BenchOptions,
): Promise<Measurement> {
  const args = [
    ...process.execArgv,
    runScript,
    '--variant',
    id,
    '--workloads',
    workload,
    '--budget',
    String(options.budgetSeconds),
    '--scale',
    String(options.scale),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const line = stdout.trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{')) {
    throw new Error(`bench: ${id} on ${workload} failed (exit ${code}): ${stderr.trim()}`);
  }
  return JSON.parse(line) as Measurement;
}

export async function runBench(options: BenchOptions, events: BenchEvents): Promise<void> {
  const workloads = WORKLOADS.filter(
    (w) => !options.workloads || options.workloads.includes(w.name),
  ).map((w) => (options.scale === 1 ? w : scaled(w, options.scale)));
  const variants = [
    ...(options.families.has('engine') ? engineVariants() : []),
    ...(options.families.has('tfjs') ? tfjsVariants() : []),
  ];
  // Every round measures everything again and each row keeps its best round: a shared machine
  // slows some measurements down, never speeds one up, and all engines get the same chances.
  const best = new Map<string, Measurement>();
  const keep = (m: Measurement) => {
    events.measured?.(m);
    const key = `${m.workload} ${variantId(m)}`;
    const before = best.get(key);
    if (!before || m.samplesPerSecond > before.samplesPerSecond) best.set(key, m);
  };
  const roofs = new Map<string, Roof>();
  const roofModule = options.families.has('roof') ? await compileRoof() : null;
  const rounds = options.rounds ?? 1;
  for (let round = 1; round <= rounds; round++) {
    if (rounds > 1) events.note(`round ${round} of ${rounds}`);
    if (roofModule) {
      for (const dtype of ['float32', 'float64'] as const) {
        for (const threads of [1, 2]) {
          const steps = Math.max(1e6, Math.round(ROOF_STEPS * options.scale));
          const r = await measureRoof(roofModule, dtype, threads, steps);
          events.note(`  roof ${dtype} ×${threads}: ${r.gflops.toFixed(1)} GFLOP/s`);
          const key = `${dtype}:${threads}`;
          if (r.gflops > (roofs.get(key)?.gflops ?? 0)) roofs.set(key, r);
        }
      }
    }
    // Workload by workload, PyTorch first, so a workload's rows are measured close together.
    for (const w of workloads) {
      if (options.families.has('torch')) {
        await runTorch([w], options.budgetSeconds, { note: events.note, result: keep });
      }
      for (const v of variants) keep(await measureInChild(variantId(v), w.name, options));
    }
  }
  for (const m of best.values()) events.result(m);
  for (const r of roofs.values()) events.roof?.(r);
}
