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
// its two float64 arguments sit at byte ALPHA, and what each chunk returned (its largest |ΔC|,
// for a gemmChange) in float64 slots from byte RESULTS.
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
const ARGS = 5; // f64, transA, transB, m, n, k, A, lda, B, ldb, C, ldc, change, sigmoid, theta, a
const ALPHA = 96; // bytes: alpha, beta as float64 (after the 21 Int32 slots)
const RESULTS = 112; // bytes: one float64 per chunk

/**
 * Products smaller than this many multiply-adds stay on one thread: one takes ten microseconds or
 * less, about what handing half of it to a spinning worker and waiting for it costs. W2's
 * 32 × 128 × 64 (0.26 M) is a candidate (3% faster split than at the former 1 M, measured
 * alternately in one process), its 32 × 64 × 10 (20 k) is not. Whether a candidate is split is
 * the ModeChooser's call.
 */
export const PARALLEL_MIN_WORK = 1 << 17;
/**
 * Checks of a flag before sleeping in Atomics.wait (a worker waiting for work, the caller waiting
 * for a worker). An Atomics.load costs V8 about 15 ns, so this spins for 2–3 ms: long enough to
 * bridge the gap between two products of a training step (W3's gradient step and sigmoids take
 * about 2 ms), where waking from Atomics.wait took 50–100 µs and made a split product of W2 no
 * faster than one thread. Sleeping after it leaves the core to others when training pauses.
 */
const SPIN_CHECKS = 1 << 17;

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
  /** The most chunks a task is cut into. */
  chunks: number;
}

function int32View(memory: WasmMemory, control: number): Int32Array {
  return new Int32Array(memory.buffer, control, ALPHA / 4);
}

function float64View(memory: WasmMemory, control: number): Float64Array {
  return new Float64Array(memory.buffer, control + ALPHA, 2);
}

function resultsView(memory: WasmMemory, control: number, chunks: number): Float64Array {
  return new Float64Array(memory.buffer, control + RESULTS, chunks);
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
    c.change ? 1 : 0,
    c.sigmoid ? 1 : 0,
    c.theta,
    c.a,
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
    change: a(12) === 1,
    sigmoid: a(13) === 1,
    theta: a(14),
    a: a(15),
  };
}

/**
 * Splits C into `parts` blocks along its longer side (columns in multiples of four vectors, the
 * width of a packed panel of B and of the blocks directFourVectors computes; rows in multiples of
 * 4, whole pairs of rows), as sub-calls on the same memory.
 */
export function splitCall(c: GemmCall, parts: number): GemmCall[] {
  const size = c.f64 ? 8 : 4;
  const byColumns = c.n >= c.m;
  const extent = byColumns ? c.n : c.m;
  const unit = byColumns ? 64 / size : 4;
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
        theta: c.theta + start * size,
        a: c.a + start * size,
      });
    } else {
      // rows [start, end) of op(A) and C
      out.push({
        ...c,
        m: end - start,
        A: c.A + (c.transA ? start : start * c.lda) * size,
        C: c.C + start * c.ldc * size,
        a: c.a + start * c.ldc * size,
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

/** Chunks per thread at most: enough for a late worker to leave work to the others. */
const CHUNKS_PER_THREAD = 4;
/**
 * Multiply-adds per chunk at least, for a product that packs its operands. Every chunk packs all
 * of op(A) (a split by columns) or all of op(B) (by rows) again, so small products are cut into
 * one chunk per thread: packed, W2's 32 × 784 × 128 ran 1.27× faster than alone in two chunks and
 * 1.03× in eight, while W3's 128 × 1024 × 1024 runs faster in eight (1.49×) than in two (1.33×).
 */
const CHUNK_MIN_WORK = 1 << 22;

/**
 * How many chunks a product is cut into for `threads` threads. One read in place (unpacked,
 * `inPlace`) loses nothing to more chunks, and they even out threads that run at different
 * speeds: W2's 32 × 784 × 128 and 784 × 32 × 128 ran 2.2–2.4× faster than alone in eight
 * chunks, 1.8× in two.
 */
export function chunksFor(c: GemmCall, threads: number, inPlace = false): number {
  const most = threads * CHUNKS_PER_THREAD;
  if (inPlace) return most;
  const byWork = Math.floor((c.m * c.n * c.k) / CHUNK_MIN_WORK);
  return Math.min(most, Math.max(threads, byWork));
}
const TAG_BITS = 20;

/**
 * Takes chunks of the task tagged `tag` until none is left, computing each with `compute` and
 * storing what it returns in `results`. NEXT counts the chunks left, so a successful
 * compare-and-swap proves the task (and the arguments read after seeing its tag) is still the
 * current one: the caller posts no new task before every chunk is taken and finished.
 */
function takeChunks(
  i32: Int32Array,
  tag: number,
  parts: GemmCall[],
  compute: (c: GemmCall) => number,
  results: Float64Array,
): void {
  for (;;) {
    const next = Atomics.load(i32, NEXT);
    const left = next & 1023;
    if (next >>> 10 !== tag || left === 0) return;
    if (Atomics.compareExchange(i32, NEXT, next, next - 1) !== next) continue;
    results[left - 1] = compute(parts[left - 1]);
    // Publishes the result too: the caller reads it after seeing FINISHED.
    Atomics.add(i32, FINISHED, 1);
    Atomics.notify(i32, FINISHED);
  }
}

/** Products of one shape between two trials of the mode not in use, at least. */
const EXPLORE_EVERY = 32;
/** ... and at most. */
const EXPLORE_MOST = 1024;
/** Products per trial, and timings of the mode in use it is compared with. */
const TRIAL = 2;
/** The share of a shape's time its trials may cost when the mode in use keeps winning them. */
const TRIAL_COST = 0.01;
/** How much slower than at its last trial the mode in use may run before a trial is due. */
const SLOWED = 1.5;

/**
 * For one product shape, whether to split it over the threads or compute it alone, by timing
 * both: a second thread pays on an idle machine and costs on one whose other cores are busy
 * (its chunks then finish late while the caller waits). Every so many products, TRIAL products
 * run in the other mode, which takes over if the fastest of them beats the fastest of the last
 * TRIAL products in the mode in use. Comparing neighbours in time matters: this machine's speed
 * drifts by up to 2× over seconds, and a running mean of each mode, updated at different times,
 * sent a quarter of W2's products to the slower mode.
 *
 * Trials come every EXPLORE_EVERY products, or less often when the last one lost by far, so that
 * they cost about TRIAL_COST of the time: W2's large products take 1.8× as long alone, and a
 * trial every 32 of them (6% of them alone) cost 3–4% of its training step. One comes at once
 * when the mode in use has slowed to SLOWED times what it took when it last won (the other
 * cores got busy, say).
 */
export class ModeChooser {
  #split = true;
  /** The last timings in the mode in use, and those of the ongoing trial of the other. */
  #recent: number[] = [];
  #trial: number[] = [];
  #trialing = false;
  #sinceTrial = 0;
  #trials = 0;
  /** Products in the mode in use until the next trial. */
  #interval = EXPLORE_EVERY;
  /** The fastest of the mode in use when the last trial ended. */
  #won = Infinity;

  /** True: split the next product over the threads. */
  split(): boolean {
    return this.#trialing ? !this.#split : this.#split;
  }

  /** The time the product just chosen took (any clock unit). */
  record(split: boolean, elapsed: number): void {
    if (split !== this.#split) {
      this.#trial.push(elapsed);
      if (this.#trial.length < TRIAL) return;
      const other = Math.min(...this.#trial);
      const inUse = Math.min(...this.#recent);
      if (other < inUse) {
        this.#split = !this.#split;
        this.#recent = this.#trial;
        this.#interval = EXPLORE_EVERY;
      } else {
        // A trial costs TRIAL·(other − inUse); spread it over products that take inUse each.
        const spread = Math.ceil((TRIAL * (other / inUse - 1)) / TRIAL_COST);
        this.#interval = Math.min(EXPLORE_MOST, Math.max(EXPLORE_EVERY, spread));
      }
      this.#won = Math.min(...this.#recent);
      this.#trial = [];
      this.#trialing = false;
      this.#sinceTrial = 0;
      this.#trials++;
      return;
    }
    this.#recent.push(elapsed);
    if (this.#recent.length > TRIAL) this.#recent.shift();
    // The first trial comes as soon as there is something to compare it with.
    const due = this.#trials === 0 ? TRIAL : this.#interval;
    const slowed = Math.min(...this.#recent) > SLOWED * this.#won;
    if ((++this.#sinceTrial >= due || slowed) && this.#recent.length === TRIAL) {
      this.#trialing = true;
    }
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
  const threads = workers + 1;
  const most = threads * CHUNKS_PER_THREAD;
  const control = kernels.reserve(RESULTS + 8 * most);
  const inits: KernelWorkerInit[] = [];
  for (let i = 0; i < workers; i++) {
    inits.push({
      module: kernels.module,
      memory: kernels.memory,
      control,
      work: kernels.reserve(kernels.workBytes),
      chunks: most,
    });
  }
  const i32 = int32View(kernels.memory, control);
  const f64 = float64View(kernels.memory, control);
  const results = resultsView(kernels.memory, control, most);
  const { exports } = kernels;
  const inPlace = (c: GemmCall): boolean =>
    exports.gemmReadsInPlace(c.transB, c.m, c.n, c.k, c.ldb, c.f64 ? 8 : 4) !== 0;
  let tag = 0;
  const choosers = new Map<string, ModeChooser>();
  const chooserOf = (c: GemmCall): ModeChooser => {
    const key = `${c.f64 ? 8 : 4} ${c.transA}${c.transB} ${c.m}×${c.n}×${c.k}${c.sigmoid ? ' σ' : ''}`;
    let chooser = choosers.get(key);
    if (!chooser) choosers.set(key, (chooser = new ModeChooser()));
    return chooser;
  };
  const split = (call: GemmCall, local: (part: GemmCall) => number): number => {
    const chunks = chunksFor(call, threads, inPlace(call));
    const parts = splitCall(call, chunks);
    if (parts.length === 1) return local(call);
    tag = (tag + 1) & ((1 << TAG_BITS) - 1);
    writeCall(i32, f64, call);
    // The count asked for, not parts.length: a narrow C yields fewer parts than asked, and the
    // workers must cut it the same way.
    Atomics.store(i32, CHUNKS, chunks);
    Atomics.store(i32, FINISHED, 0);
    Atomics.store(i32, NEXT, (tag << 10) | parts.length);
    Atomics.add(i32, SEQ, 1);
    Atomics.notify(i32, SEQ);
    takeChunks(i32, tag, parts, local, results);
    // Chunks other threads took may still be running.
    let finished = Atomics.load(i32, FINISHED);
    while (finished < parts.length) finished = awaitChange(i32, FINISHED, finished);
    let largest = 0;
    // Math.max keeps a NaN.
    for (let p = 0; p < parts.length; p++) largest = Math.max(largest, results[p]);
    return largest;
  };
  const parallel: GemmParallel = {
    threads,
    run(call, local) {
      if (call.m * call.n * call.k < PARALLEL_MIN_WORK) return local(call);
      if (!clock) return split(call, local);
      const chooser = chooserOf(call);
      const both = chooser.split();
      const start = clock();
      const largest = both ? split(call, local) : local(call);
      chooser.record(both, clock() - start);
      return largest;
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
  const results = resultsView(init.memory, init.control, init.chunks);
  const run = (c: GemmCall) => runGemm(k, c, init.work);
  let seen = Atomics.load(i32, SEQ);
  for (;;) {
    seen = awaitChange(i32, SEQ, seen);
    if (Atomics.load(i32, STOP) === 1) return;
    const next = Atomics.load(i32, NEXT);
    const parts = splitCall(readCall(i32, f64), Atomics.load(i32, CHUNKS));
    takeChunks(i32, next >>> 10, parts, run, results);
  }
}
