// The engine's Kernels in WebAssembly SIMD (core/wasm/assembly/, embedded by
// `npm run build:wasm`). The products, column sums, and the sigmoid with its bias and its
// derivative run in wasm; other activations fall back to the engine's plain passes.
//
// Matrices are fastest when they already live in the kernels' linear memory: `allocate` hands out
// typed-array views of it, and a product on such views copies nothing. Any other typed array
// works too: it is copied into scratch memory for the call (and C copied back).
//
// Memory growth: with a shared memory (threads), growing never detaches earlier views, so
// `allocate` grows freely. An ordinary memory detaches every view when it grows, so there
// `allocate` returns plain arrays and only the scratch area lives in wasm memory.
import { plainKernels, type Kernels } from '../matrix';
import type { ActivationName, DType, FloatArray, Matrix } from '../types';
import { decodeBase64 } from './base64';
import * as embedded from './generated/kernels';
import { PAGE_BYTES, webAssembly, type WasmMemory, type WasmModule } from './webassembly';

export type WasmVariant = keyof typeof embedded;

/** The gemm entry points of the module (pointers are byte offsets into its memory). */
export interface GemmExports {
  gemmWorkBytes(elementBytes: number): number;
  gemmF32: GemmFunction;
  gemmF64: GemmFunction;
  /** The same products, returning the largest |ΔC| stored; k at most gemmChangeMaxK(). */
  gemmChangeF32: GemmFunction<number>;
  gemmChangeF64: GemmFunction<number>;
  gemmChangeMaxK(): number;
  /** The same products, then z ← z + θ and a = σ(z) over the block of C computed. */
  gemmSigmoidF32: GemmSigmoidFunction;
  gemmSigmoidF64: GemmSigmoidFunction;
  /** Whether gemm reads op(B) in place, unpacked (more chunks then pack nothing again). */
  gemmReadsInPlace(
    transB: number,
    m: number,
    n: number,
    k: number,
    ldb: number,
    elementBytes: number,
  ): number;
  /** p ← keep·p − lr·v; the largest |Δp| stored. */
  descendF32(p: number, v: number, n: number, lr: number, keep: number): number;
  descendF64(p: number, v: number, n: number, lr: number, keep: number): number;
  biasSigmoidF32: BiasActivation;
  biasSigmoidF64: BiasActivation;
  sigmoidDerivativeF32(a: number, delta: number, n: number): void;
  sigmoidDerivativeF64(a: number, delta: number, n: number): void;
  columnSumsF32: ColumnSums;
  columnSumsF64: ColumnSums;
  residualF32(a: number, y: number, r: number, n: number): number;
  residualF64(a: number, y: number, r: number, n: number): number;
}

/** out = alpha·(sum of the rows of A) + beta·out (byte offsets). */
export type ColumnSums = (
  A: number,
  out: number,
  rows: number,
  cols: number,
  alpha: number,
  beta: number,
) => void;

/** z ← z + θ on each of `rows` rows `cols` wide, then a = g(z) (byte offsets). */
export type BiasActivation = (
  z: number,
  theta: number,
  a: number,
  rows: number,
  cols: number,
) => void;

export type GemmFunction<R = void> = (
  transA: number,
  transB: number,
  m: number,
  n: number,
  k: number,
  A: number,
  lda: number,
  B: number,
  ldb: number,
  C: number,
  ldc: number,
  alpha: number,
  beta: number,
  work: number,
) => R;

export type GemmSigmoidFunction = (
  ...args: [...Parameters<GemmFunction>, theta: number, a: number]
) => void;

/** One product, as the module takes it (also what a worker thread is handed). */
export interface GemmCall {
  f64: boolean;
  transA: number;
  transB: number;
  m: number;
  n: number;
  k: number;
  A: number;
  lda: number;
  B: number;
  ldb: number;
  C: number;
  ldc: number;
  alpha: number;
  beta: number;
  /** Whether the call returns the largest |ΔC| it stored (gemmChange; k ≤ gemmChangeMaxK()). */
  change: boolean;
  /**
   * Whether C is a sigmoid layer's z to finish: C ← C + θ, a = σ(C) (gemmSigmoid), with θ and a
   * at these byte offsets (aligned with C's first column; a laid out as C). Not with `change`.
   */
  sigmoid: boolean;
  theta: number;
  a: number;
}

/**
 * Runs one product with the module's gemm of its precision, `work` bytes of scratch at `work`.
 * Returns the largest |ΔC| stored if the call asks for it, else 0.
 */
export function runGemm(exports: GemmExports, c: GemmCall, work: number): number {
  if (c.sigmoid) {
    const gemmSigmoid = c.f64 ? exports.gemmSigmoidF64 : exports.gemmSigmoidF32;
    gemmSigmoid(
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
      c.alpha,
      c.beta,
      work,
      c.theta,
      c.a,
    );
    return 0;
  }
  const gemm: GemmFunction<unknown> = c.change
    ? c.f64
      ? exports.gemmChangeF64
      : exports.gemmChangeF32
    : c.f64
      ? exports.gemmF64
      : exports.gemmF32;
  const change = gemm(
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
    c.alpha,
    c.beta,
    work,
  );
  return typeof change === 'number' ? change : 0;
}

/** Splits products over more threads: see pool.ts. */
export interface GemmParallel {
  readonly threads: number;
  /**
   * Runs `call` split over the threads (the calling one included); returns when all are done,
   * with the largest of what its parts returned (NaN wins).
   */
  run(call: GemmCall, local: (part: GemmCall) => number): number;
}

export interface WasmKernelOptions {
  /** Use relaxed SIMD (fused multiply-add) where the engine accepts it. Default: when it does. */
  relaxed?: boolean;
  /** Use a shared memory (needed for threads). Default: when SharedArrayBuffer exists. */
  shared?: boolean;
}

export interface WasmKernels extends Kernels {
  readonly variant: WasmVariant;
  readonly memory: WasmMemory;
  readonly module: WasmModule;
  readonly exports: GemmExports;
  /** A zeroed array in the kernels' memory when it can grow safely (shared), else a plain one. */
  allocate(dtype: DType, length: number): FloatArray;
  /** Bytes of scratch one gemm call needs per thread. */
  readonly workBytes: number;
  /** Reserves `bytes` (64-byte aligned) in the memory; returns the byte offset. */
  reserve(bytes: number): number;
  /** p ← p − lr·v in place (in wasm when both live in its memory); the largest |Δp| stored. */
  descend(p: FloatArray, v: FloatArray, lr: number): number;
  /** gemmTransA returning the largest |ΔC| stored (see Kernels.gemmTransAChange). */
  gemmTransAChange(A: Matrix, B: Matrix, C: Matrix, alpha: number, beta: number): number;
  /** Splits large products over threads from now on (null: one thread). */
  setParallel(parallel: GemmParallel | null): void;
  biasActivate(z: Matrix, theta: FloatArray, g: ActivationName, a: Matrix): boolean;
  multiplyByDerivative(g: ActivationName, z: Matrix, a: Matrix, delta: Matrix): boolean;
  residual(a: Matrix, Y: Matrix, r: Matrix): number | null;
  gemmBiasActivate: NonNullable<Kernels['gemmBiasActivate']>;
}

const modules = new Map<WasmVariant, WasmModule>();

function moduleOf(variant: WasmVariant): WasmModule {
  let module = modules.get(variant);
  if (!module) {
    const wasm = webAssembly();
    if (!wasm) throw new Error('WebAssembly kernels: this JavaScript engine has no WebAssembly');
    module = new wasm.Module(decodeBase64(embedded[variant]));
    modules.set(variant, module);
  }
  return module;
}

/** Whether the host runs this variant (SIMD, relaxed SIMD, shared memory). */
export function supportsVariant(variant: WasmVariant): boolean {
  const wasm = webAssembly();
  if (!wasm) return false;
  if (variant.endsWith('Shared') && typeof SharedArrayBuffer === 'undefined') return false;
  try {
    return wasm.validate(decodeBase64(embedded[variant]));
  } catch {
    return false;
  }
}

/** The variant createWasmKernels would pick, or null where WebAssembly SIMD is missing. */
export function bestVariant(options: WasmKernelOptions = {}): WasmVariant | null {
  const shared = options.shared ?? typeof SharedArrayBuffer !== 'undefined';
  const suffix = shared ? 'Shared' : '';
  const candidates: WasmVariant[] = [];
  if (options.relaxed !== false) candidates.push(`relaxed${suffix}` as WasmVariant);
  if (options.relaxed !== true) candidates.push(`simd${suffix}` as WasmVariant);
  return candidates.find(supportsVariant) ?? null;
}

const ALIGN = 64;
/**
 * The largest C (bytes) one thread updates inside gemmTransAChange's product. Its tiles are read
 * there, 2 rows × 64 bytes at a time, a row stride apart: from L2 that costs little, from further
 * out more than a second pass. On the Intel Xeon, one thread: W2's 400 KB W1 took 7% less time
 * fused than as a product then descend; W3's 1 MB and 4 MB took 15% and 25% more. On the AMD
 * EPYC (Zen 4), one thread took the same time either way at 1, 2 and 4 MB. Split over threads,
 * the fused step is split too, where descend would run on one: on the AMD EPYC, best of 40,
 * alternate runs, W2's 800 KB float64 W1 took 8% less time fused, W3's 2 MB float64 W1 5% less
 * (1485 against 1558 µs), its 4 MB float32 W2 5% less (2845 against 2996 µs) and 8 MB float64
 * 4% less. So with threads to split over, a product is fused whatever its size (one the
 * ModeChooser keeps on one thread on a busy machine too: the same time there on the AMD EPYC).
 */
const CHANGE_MAX_BYTES = 1 << 20;
const MAX_PAGES = 65536;

function checkGemm(op: string, ok: boolean, detail: () => string): void {
  if (!ok) throw new Error(`${op}: ${detail()}`);
}

/** Whether the arrays are all float64 (false: all float32); throws, naming them, if they mix. */
function allFloat64(
  op: string,
  names: string,
  a: FloatArray,
  b: FloatArray,
  c: FloatArray = b,
): boolean {
  const f64 = a instanceof Float64Array;
  if (b instanceof Float64Array !== f64 || c instanceof Float64Array !== f64) {
    throw new Error(`${op}: ${names} must all be float32 or all float64`);
  }
  return f64;
}

function dims(m: Matrix): string {
  return `${m.rows}×${m.cols}`;
}

/**
 * Kernels over their own WebAssembly memory. Each instance owns a memory; make one per training
 * run (a Trainer) and let it go with it.
 */
export function createWasmKernels(options: WasmKernelOptions = {}): WasmKernels {
  const variant = bestVariant(options);
  if (!variant) throw new Error('WebAssembly kernels: this engine has no WebAssembly SIMD');
  const wasm = webAssembly()!;
  const shared = variant.endsWith('Shared');
  const module = moduleOf(variant);
  const memory = new wasm.Memory({ initial: 16, maximum: MAX_PAGES, shared });
  const exports = new wasm.Instance(module, { env: { memory } }).exports as unknown as GemmExports;
  const workBytes = Math.max(exports.gemmWorkBytes(4), exports.gemmWorkBytes(8));
  const changeMaxK = exports.gemmChangeMaxK();

  let top = 0;
  /** Every buffer object this memory has shown (a shared memory shows a new one per growth). */
  const buffers = new WeakSet<object>([memory.buffer]);

  function reserve(bytes: number): number {
    const offset = Math.ceil(top / ALIGN) * ALIGN;
    const end = offset + bytes;
    const have = memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE_BYTES);
      try {
        memory.grow(pages);
      } catch {
        throw new Error(
          `WebAssembly kernels: cannot grow memory by ${pages} pages to ${end} bytes (out of memory)`,
        );
      }
      buffers.add(memory.buffer);
    }
    top = end;
    return offset;
  }

  const work = reserve(workBytes);
  // Scratch for operands that live outside the memory (grown on demand, never shrunk).
  let scratch = 0;
  let scratchBytes = 0;
  let parallel: GemmParallel | null = null;

  function scratchFor(bytes: number): number {
    if (bytes > scratchBytes) {
      scratchBytes = Math.max(bytes, 2 * scratchBytes);
      scratch = reserve(scratchBytes);
    }
    return scratch;
  }

  /**
   * Arrays known to view the memory. Reading `.buffer` costs V8 about 50 ns, a WeakSet lookup
   * about 10: each array is looked at once, then remembered (W1 checks 45 arrays a batch).
   */
  const views = new WeakSet<FloatArray>();

  function inMemory(a: FloatArray): boolean {
    if (views.has(a)) return true;
    if (!buffers.has(a.buffer)) return false;
    views.add(a);
    return true;
  }

  function view(a: FloatArray, offset: number, length: number): FloatArray {
    const buffer = memory.buffer;
    return a instanceof Float32Array
      ? new Float32Array(buffer, offset, length)
      : new Float64Array(buffer, offset, length);
  }

  const local = (c: GemmCall) => runGemm(exports, c, work);

  /**
   * Byte offset of `a` in the memory (`inside`: it lives there), else of its copy in scratch at
   * `at`, copied in if `copyIn`.
   */
  function place(
    a: FloatArray,
    inside: boolean,
    length: number,
    at: number,
    copyIn: boolean,
  ): number {
    if (inside) return a.byteOffset;
    if (copyIn) view(a, at, length).set(a.subarray(0, length));
    return at;
  }

  /**
   * C = alpha·op(A)·op(B) + beta·C, copying operands that live outside the memory. Returns the
   * largest |ΔC| stored if `change` (then k must be at most gemmChangeMaxK()), else 0. With
   * `sigmoid` (θ's and a's byte offsets in the memory), C ← C + θ and a = σ(C) after the product.
   */
  function gemm(
    op: string,
    transA: number,
    transB: number,
    A: Matrix,
    B: Matrix,
    C: Matrix,
    alpha: number,
    beta: number,
    change = false,
    sigmoid?: { theta: number; a: number },
  ): number {
    const m = C.rows;
    const n = C.cols;
    const k = transA ? A.rows : A.cols;
    const f64 = allFloat64(op, 'A, B and C', A.data, B.data, C.data);
    const size = f64 ? 8 : 4;
    const lengthA = A.rows * A.cols;
    const lengthB = B.rows * B.cols;
    const lengthC = m * n;
    const inA = inMemory(A.data);
    const inB = inMemory(B.data);
    const inC = inMemory(C.data);
    const copies = !inA || !inB || !inC;
    // Scratch holds A, then B, then C, each 64-byte aligned (only those that live elsewhere are copied).
    const base = copies ? scratchFor((lengthA + lengthB + lengthC) * size + 3 * ALIGN) : 0;
    const atB = base + Math.ceil((lengthA * size) / ALIGN) * ALIGN;
    const atC = atB + Math.ceil((lengthB * size) / ALIGN) * ALIGN;
    const pA = place(A.data, inA, lengthA, base, true);
    const pB = place(B.data, inB, lengthB, atB, true);
    // C is read if it is scaled, or to measure the change from it.
    const pC = place(C.data, inC, lengthC, atC, beta !== 0 || change);
    const call: GemmCall = {
      f64,
      transA,
      transB,
      m,
      n,
      k,
      A: pA,
      lda: A.cols,
      B: pB,
      ldb: B.cols,
      C: pC,
      ldc: n,
      alpha,
      beta,
      change,
      sigmoid: sigmoid !== undefined,
      theta: sigmoid?.theta ?? 0,
      a: sigmoid?.a ?? 0,
    };
    const largest = parallel && parallel.threads > 1 ? parallel.run(call, local) : local(call);
    if (!inC) C.data.set(view(C.data, pC, lengthC));
    return largest;
  }

  /** p ← keep·p − lr·v in place; the largest |Δp| stored. */
  function descendKeeping(p: FloatArray, v: FloatArray, lr: number, keep: number): number {
    const f64 = p instanceof Float64Array;
    if (v instanceof Float64Array !== f64 || v.length !== p.length) {
      throw new Error(
        `descend: p and v must have the same dtype and length (${p.length}, ${v.length})`,
      );
    }
    if (inMemory(p) && inMemory(v)) {
      const f = f64 ? exports.descendF64 : exports.descendF32;
      return f(p.byteOffset, v.byteOffset, p.length, lr, keep);
    }
    let maxChange = 0;
    // p ← keep·p − lr·v
    for (let i = 0; i < p.length; i++) {
      const old = p[i];
      p[i] = keep * old - lr * v[i];
      maxChange = Math.max(maxChange, Math.abs(p[i] - old));
    }
    return maxChange;
  }

  /**
   * Where gemmTransAChange puts the products it takes apart from the step (a k too long, a C too
   * large), by shape: in the memory where it is shared (an ordinary one detaches its views when
   * it grows).
   */
  const products = new Map<string, FloatArray>();

  function productScratch(dtype: DType, length: number): FloatArray {
    const key = `${dtype} ${length}`;
    let p = products.get(key);
    if (!p) products.set(key, (p = kernels.allocate(dtype, length)));
    return p;
  }

  const kernels: WasmKernels = {
    name: `wasm-${variant}`,
    variant,
    memory,
    module,
    exports,
    workBytes,
    reserve,

    allocate(dtype, length) {
      if (!shared) return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
      const size = dtype === 'float32' ? 4 : 8;
      const offset = reserve(length * size);
      const buffer = memory.buffer;
      buffers.add(buffer);
      const a =
        dtype === 'float32'
          ? new Float32Array(buffer, offset, length)
          : new Float64Array(buffer, offset, length);
      a.fill(0);
      views.add(a);
      return a;
    },

    setParallel(p) {
      parallel = p;
    },

    gemm(A, B, C, alpha = 1, beta = 0) {
      checkGemm(
        'gemm',
        B.rows === A.cols && C.rows === A.rows && C.cols === B.cols,
        () => `A ${dims(A)} · B ${dims(B)} does not fit C ${dims(C)}`,
      );
      gemm('gemm', 0, 0, A, B, C, alpha, beta);
    },

    gemmTransA(A, B, C, alpha = 1, beta = 0) {
      checkGemm(
        'gemmTransA',
        B.rows === A.rows && C.rows === A.cols && C.cols === B.cols,
        () => `Aᵀ (A ${dims(A)}) · B ${dims(B)} does not fit C ${dims(C)}`,
      );
      gemm('gemmTransA', 1, 0, A, B, C, alpha, beta);
    },

    gemmTransB(A, B, C, alpha = 1, beta = 0) {
      checkGemm(
        'gemmTransB',
        B.cols === A.cols && C.rows === A.rows && C.cols === B.rows,
        () => `A ${dims(A)} · Bᵀ (B ${dims(B)}) does not fit C ${dims(C)}`,
      );
      gemm('gemmTransB', 0, 1, A, B, C, alpha, beta);
    },

    gemmTransAChange(A, B, C, alpha, beta) {
      checkGemm(
        'gemmTransAChange',
        B.rows === A.rows && C.rows === A.cols && C.cols === B.cols,
        () => `Aᵀ (A ${dims(A)}) · B ${dims(B)} does not fit C ${dims(C)}`,
      );
      const f64 = allFloat64('gemmTransAChange', 'A, B and C', A.data, B.data, C.data);
      const bytes = C.rows * C.cols * (f64 ? 8 : 4);
      const split = (parallel?.threads ?? 1) > 1;
      if (A.rows <= changeMaxK && (bytes <= CHANGE_MAX_BYTES || split)) {
        return gemm('gemmTransAChange', 1, 0, A, B, C, alpha, beta, true);
      }
      // A k too long for one pass, or a C too large for one thread: the product apart, then
      // C ← beta·C + it.
      const dtype = f64 ? 'float64' : 'float32';
      const P = { rows: C.rows, cols: C.cols, data: productScratch(dtype, C.rows * C.cols) };
      gemm('gemmTransAChange', 1, 0, A, B, P, alpha, 0);
      return descendKeeping(C.data, P.data, -1, beta);
    },

    descend(p, v, lr) {
      return descendKeeping(p, v, lr, 1);
    },

    gemmBiasActivate(A, B, theta, g, z, a) {
      if (g !== 'sigmoid') return false;
      checkGemm(
        'gemmBiasActivate',
        B.rows === A.cols && z.rows === A.rows && z.cols === B.cols,
        () => `A ${dims(A)} · B ${dims(B)} does not fit z ${dims(z)}`,
      );
      if (theta.length !== z.cols || a.rows !== z.rows || a.cols !== z.cols) {
        throw new Error(
          `gemmBiasActivate: θ of length ${theta.length} and a ${dims(a)} do not fit z ${dims(z)}`,
        );
      }
      allFloat64('gemmBiasActivate', 'A, B, z, θ and a', A.data, B.data, z.data);
      allFloat64('gemmBiasActivate', 'A, B, z, θ and a', z.data, theta, a.data);
      // The layer's arrays live in the memory; elsewhere, the product and then biasActivate.
      if (!inMemory(z.data) || !inMemory(theta) || !inMemory(a.data)) return false;
      const sigmoid = { theta: theta.byteOffset, a: a.data.byteOffset };
      gemm('gemmBiasActivate', 0, 0, A, B, z, 1, 0, false, sigmoid);
      return true;
    },

    biasActivate(z, theta, g, a) {
      if (g !== 'sigmoid') return false;
      if (theta.length !== z.cols || a.rows !== z.rows || a.cols !== z.cols) {
        throw new Error(
          `biasActivate: θ of length ${theta.length} and a ${dims(a)} do not fit z ${dims(z)}`,
        );
      }
      const f64 = allFloat64('biasActivate', 'z, θ and a', z.data, theta, a.data);
      // Arrays outside the memory: the caller's plain passes are as fast as copying them in.
      if (!inMemory(z.data) || !inMemory(theta) || !inMemory(a.data)) return false;
      (f64 ? exports.biasSigmoidF64 : exports.biasSigmoidF32)(
        z.data.byteOffset,
        theta.byteOffset,
        a.data.byteOffset,
        z.rows,
        z.cols,
      );
      return true;
    },

    multiplyByDerivative(g, z, a, delta) {
      if (g !== 'sigmoid') return false;
      if (
        a.rows !== z.rows ||
        a.cols !== z.cols ||
        delta.rows !== z.rows ||
        delta.cols !== z.cols
      ) {
        throw new Error(
          `multiplyByDerivative: z ${dims(z)}, a ${dims(a)} and δ ${dims(delta)} differ in shape`,
        );
      }
      const f64 = allFloat64('multiplyByDerivative', 'a and δ', a.data, delta.data);
      if (!inMemory(a.data) || !inMemory(delta.data)) return false;
      (f64 ? exports.sigmoidDerivativeF64 : exports.sigmoidDerivativeF32)(
        a.data.byteOffset,
        delta.data.byteOffset,
        a.rows * a.cols,
      );
      return true;
    },

    residual(a, Y, r) {
      if (Y.rows !== a.rows || Y.cols !== a.cols || r.rows !== a.rows || r.cols !== a.cols) {
        throw new Error(`residual: a ${dims(a)}, Y ${dims(Y)} and r ${dims(r)} differ in shape`);
      }
      const f64 = allFloat64('residual', 'a, Y and r', a.data, Y.data, r.data);
      if (!inMemory(a.data) || !inMemory(Y.data) || !inMemory(r.data)) return null;
      return (f64 ? exports.residualF64 : exports.residualF32)(
        a.data.byteOffset,
        Y.data.byteOffset,
        r.data.byteOffset,
        a.rows * a.cols,
      );
    },

    addRowVector: plainKernels.addRowVector,

    columnSums(A, out, alpha = 1, beta = 0) {
      const f64 = A.data instanceof Float64Array;
      if (
        out.length !== A.cols ||
        out instanceof Float64Array !== f64 ||
        !inMemory(A.data) ||
        !inMemory(out)
      ) {
        // Shape errors and arrays outside the memory: the plain kernel (it names the mismatch).
        plainKernels.columnSums(A, out, alpha, beta);
        return;
      }
      (f64 ? exports.columnSumsF64 : exports.columnSumsF32)(
        A.data.byteOffset,
        out.byteOffset,
        A.rows,
        A.cols,
        alpha,
        beta,
      );
    },
  };
  return kernels;
}

/**
 * The fastest kernels this host runs: WebAssembly SIMD (relaxed where accepted, shared memory
 * where SharedArrayBuffer exists), else the plain TypeScript kernels. One per Trainer.
 */
export function createFastestKernels(options: WasmKernelOptions = {}): Kernels {
  if (!bestVariant(options)) return plainKernels;
  try {
    return createWasmKernels(options);
  } catch {
    // A host that validates WebAssembly but refuses to compile it (e.g. a Content-Security-Policy
    // without 'wasm-unsafe-eval') still trains, with the reference kernels.
    return plainKernels;
  }
}
