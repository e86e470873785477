// Two (or more) cores on one product: the calling thread and worker threads share the kernels'
// WebAssembly memory, C is cut into chunks of rows or columns, and every thread takes the next
// chunk until none is left. A worker that is slow to wake (a busy machine) just takes fewer, so
// two threads are never much slower than one. The protocol lives here, in pure TypeScript over
// Atomics; starting the threads is the host's part (Node's worker_threads in the CLI, the bench
// and the utility process): it runs `runKernelWorker` in each worker with its `KernelWorkerInit`.
//
// The task block, Int32 slots: SEQ (the caller bumps it to post a task), NEXT (task tag << 10 |
// chunks left: a thread takes one by compare-and-swap, so a late thread cannot take a chunk of a
// newer task), FINISHED (chunks done), STOP, CHUNKS, then the product's integer arguments;
// its two float64 arguments sit at byte ALPHA.
import {
  runGemm,
  type GemmCall,
  type GemmExports,
  type GemmParallel,
  type WasmKernels,
} from './wasm-kernels';
import { webAssembly, type WasmMemory, type WasmModule } from './webassembly';

const SEQ = 0;
const NEXT = 1;
const FINISHED = 2;
const STOP = 3;
const CHUNKS = 4;
const ARGS = 5; // f64, transA, transB, m, n, k, A, lda, B, ldb, C, ldc
const ALPHA = 96; // bytes: alpha, beta as float64 (after the 17 Int32 slots)
const CONTROL_BYTES = 128;

/**
 * Products smaller than this many multiply-adds stay on one thread: one takes a hundred
 * microseconds or less, in which waking a second thread and waiting for it does not pay. W2's
 * first layer at a batch of 32 (3.2 M) is split; its 32 × 128 × 64 (0.26 M) is not.
 */
export const PARALLEL_MIN_WORK = 1 << 20;
/**
 * Checks of a flag before sleeping in Atomics.wait (a worker waiting for work, the caller waiting
 * for a worker): a few microseconds of spinning catch the common case without a wake-up's
 * latency, and sleeping after it leaves the core to others when the machine is busy.
 */
const SPIN_CHECKS = 2000;

/** Waits until i32[index] !== value: spins briefly, then sleeps. Returns the new value. */
function awaitChange(i32: Int32Array, index: number, value: number): number {
  for (let spin = 0; spin < SPIN_CHECKS; spin++) {
    const now = Atomics.load(i32, index);
    if (now !== value) return now;
  }
  for (;;) {
    Atomics.wait(i32, index, value);
    const now = Atomics.load(i32, index);
    if (now !== value) return now;
  }
}

/** What a worker thread needs: clonable (postMessage / workerData). */
export interface KernelWorkerInit {
  module: WasmModule;
  memory: WasmMemory;
  /** Byte offset of the task block (shared by all threads). */
  control: number;
  /** Byte offset of this worker's gemm scratch. */
  work: number;
}

function int32View(memory: WasmMemory, control: number): Int32Array {
  return new Int32Array(memory.buffer, control, CONTROL_BYTES / 4);
}

function float64View(memory: WasmMemory, control: number): Float64Array {
  return new Float64Array(memory.buffer, control + ALPHA, 2);
}

function writeCall(i32: Int32Array, f64: Float64Array, c: GemmCall): void {
  const args = [
    c.f64 ? 1 : 0,
    c.transA,
    c.transB,
    c.m,
    c.n,
    c.k,
    c.A,
    c.lda,
    c.B,
    c.ldb,
    c.C,
    c.ldc,
  ];
  for (let i = 0; i < args.length; i++) i32[ARGS + i] = args[i];
  f64[0] = c.alpha;
  f64[1] = c.beta;
}

function readCall(i32: Int32Array, f64: Float64Array): GemmCall {
  const a = (i: number) => i32[ARGS + i];
  return {
    f64: a(0) === 1,
    transA: a(1),
    transB: a(2),
    m: a(3),
    n: a(4),
    k: a(5),
    A: a(6),
    lda: a(7),
    B: a(8),
    ldb: a(9),
    C: a(10),
    ldc: a(11),
    alpha: f64[0],
    beta: f64[1],
  };
}

/**
 * Splits C into `parts` blocks along its longer side (columns in multiples of 8, rows in
 * multiples of 4, the micro-tile), as sub-calls on the same memory.
 */
export function splitCall(c: GemmCall, parts: number): GemmCall[] {
  const size = c.f64 ? 8 : 4;
  const byColumns = c.n >= c.m;
  const extent = byColumns ? c.n : c.m;
  const unit = byColumns ? 8 : 4;
  const out: GemmCall[] = [];
  let start = 0;
  for (let p = 0; p < parts && start < extent; p++) {
    const end =
      p === parts - 1
        ? extent
        : Math.min(extent, Math.round(((p + 1) * extent) / parts / unit) * unit);
    if (end <= start) continue;
    if (byColumns) {
      // columns [start, end) of op(B) and C
      out.push({
        ...c,
        n: end - start,
        B: c.B + (c.transB ? start * c.ldb : start) * size,
        C: c.C + start * size,
      });
    } else {
      // rows [start, end) of op(A) and C
      out.push({
        ...c,
        m: end - start,
        A: c.A + (c.transA ? start : start * c.lda) * size,
        C: c.C + start * c.ldc * size,
      });
    }
    start = end;
  }
  return out;
}

export interface GemmPool {
  readonly parallel: GemmParallel;
  /** One per worker thread the host must start. */
  readonly workers: KernelWorkerInit[];
  /** Asks every worker to leave its loop. */
  stop(): void;
}

/** Reserves control blocks and scratch for `workers` threads in the kernels' shared memory. */
/** Chunks per thread: enough for a late worker to leave work to the others. */
const CHUNKS_PER_THREAD = 4;
const TAG_BITS = 20;

/**
 * Takes chunks of the task tagged `tag` until none is left, computing each with `compute`. NEXT
 * counts the chunks left, so a successful compare-and-swap proves the task (and the arguments
 * read after seeing its tag) is still the current one: the caller posts no new task before every
 * chunk is taken and finished.
 */
function takeChunks(
  i32: Int32Array,
  tag: number,
  parts: GemmCall[],
  compute: (c: GemmCall) => void,
): void {
  for (;;) {
    const next = Atomics.load(i32, NEXT);
    const left = next & 1023;
    if (next >>> 10 !== tag || left === 0) return;
    if (Atomics.compareExchange(i32, NEXT, next, next - 1) !== next) continue;
    compute(parts[left - 1]);
    Atomics.add(i32, FINISHED, 1);
    Atomics.notify(i32, FINISHED);
  }
}

/** Every this many products of one shape, the mode that looks slower is tried again. */
const EXPLORE_EVERY = 8;
/** Weight of the newest timing in a mode's running average. */
const SMOOTHING = 0.25;

/**
 * For one product shape, whether to split it over the threads or compute it alone, by timing
 * both: a second thread pays on an idle machine and costs on one whose other cores are busy
 * (its chunks then finish late while the caller waits). Each mode keeps a running average of
 * its time; the faster one runs, and every EXPLORE_EVERY-th product the other is measured again.
 */
export class ModeChooser {
  readonly #time: [number, number] = [NaN, NaN]; // [alone, split], in clock units
  #count = 0;

  /** True: split the next product over the threads. */
  split(): boolean {
    const [alone, split] = this.#time;
    this.#count++;
    if (Number.isNaN(split)) return true;
    if (Number.isNaN(alone)) return false;
    const faster = split <= alone;
    return this.#count % EXPLORE_EVERY === 0 ? !faster : faster;
  }

  record(split: boolean, elapsed: number): void {
    const i = split ? 1 : 0;
    const before = this.#time[i];
    this.#time[i] = Number.isNaN(before) ? elapsed : before + SMOOTHING * (elapsed - before);
  }
}

/**
 * Reserves the task block and scratch for `workers` threads in the kernels' shared memory. With
 * a clock, each product shape is split or not by whichever has been faster (ModeChooser);
 * without one, every large product is split.
 */
export function createGemmPool(
  kernels: WasmKernels,
  workers: number,
  clock?: () => number,
): GemmPool {
  if (!kernels.variant.endsWith('Shared')) {
    throw new Error(`threads need the shared-memory kernels; these are ${kernels.variant}`);
  }
  const control = kernels.reserve(CONTROL_BYTES);
  const inits: KernelWorkerInit[] = [];
  for (let i = 0; i < workers; i++) {
    inits.push({
      module: kernels.module,
      memory: kernels.memory,
      control,
      work: kernels.reserve(kernels.workBytes),
    });
  }
  const i32 = int32View(kernels.memory, control);
  const f64 = float64View(kernels.memory, control);
  const threads = workers + 1;
  let tag = 0;
  const choosers = new Map<string, ModeChooser>();
  const chooserOf = (c: GemmCall): ModeChooser => {
    const key = `${c.f64 ? 8 : 4} ${c.transA}${c.transB} ${c.m}×${c.n}×${c.k}`;
    let chooser = choosers.get(key);
    if (!chooser) choosers.set(key, (chooser = new ModeChooser()));
    return chooser;
  };
  const split = (call: GemmCall, local: (part: GemmCall) => void): void => {
    const parts = splitCall(call, threads * CHUNKS_PER_THREAD);
    if (parts.length === 1) return local(call);
    tag = (tag + 1) & ((1 << TAG_BITS) - 1);
    writeCall(i32, f64, call);
    Atomics.store(i32, CHUNKS, parts.length);
    Atomics.store(i32, FINISHED, 0);
    Atomics.store(i32, NEXT, (tag << 10) | parts.length);
    Atomics.add(i32, SEQ, 1);
    Atomics.notify(i32, SEQ);
    takeChunks(i32, tag, parts, local);
    // Chunks other threads took may still be running.
    let finished = Atomics.load(i32, FINISHED);
    while (finished < parts.length) finished = awaitChange(i32, FINISHED, finished);
  };
  const parallel: GemmParallel = {
    threads,
    run(call, local) {
      if (call.m * call.n * call.k < PARALLEL_MIN_WORK) return local(call);
      if (!clock) return split(call, local);
      const chooser = chooserOf(call);
      const both = chooser.split();
      const start = clock();
      if (both) split(call, local);
      else local(call);
      chooser.record(both, clock() - start);
    },
  };
  return {
    parallel,
    workers: inits,
    stop() {
      Atomics.store(i32, STOP, 1);
      Atomics.add(i32, SEQ, 1);
      Atomics.notify(i32, SEQ);
    },
  };
}

/** The worker thread's loop: runs posted products until told to stop. */
export function runKernelWorker(init: KernelWorkerInit): void {
  const wasm = webAssembly();
  if (!wasm) throw new Error('kernel worker: no WebAssembly in this thread');
  const instance = new wasm.Instance(init.module, { env: { memory: init.memory } });
  const k = instance.exports as unknown as GemmExports;
  const i32 = int32View(init.memory, init.control);
  const f64 = float64View(init.memory, init.control);
  const run = (c: GemmCall) => runGemm(k, c, init.work);
  let seen = Atomics.load(i32, SEQ);
  for (;;) {
    seen = awaitChange(i32, SEQ, seen);
    if (Atomics.load(i32, STOP) === 1) return;
    const next = Atomics.load(i32, NEXT);
    const parts = splitCall(readCall(i32, f64), Atomics.load(i32, CHUNKS));
    takeChunks(i32, next >>> 10, parts, run);
  }
}
