// The WebAssembly kernels against the plain TypeScript ones (the reference), on shapes that hit
// every edge of the blocking: a last, narrower panel, odd rows, several k-blocks, several column
// blocks.
import { describe, expect, it } from 'vitest';
import { createMatrix, plainKernels } from '../matrix';
import { Random } from '../random';
import type { DType, Matrix } from '../types';
import {
  bestVariant,
  createFastestKernels,
  createWasmKernels,
  supportsVariant,
  type WasmKernels,
} from './wasm-kernels';

function randomMatrix(
  random: Random,
  rows: number,
  cols: number,
  dtype: DType,
  alloc?: WasmKernels,
): Matrix {
  const data = alloc ? alloc.allocate(dtype, rows * cols) : createMatrix(rows, cols, dtype).data;
  for (let i = 0; i < data.length; i++) data[i] = 2 * random.next() - 1;
  return { rows, cols, data };
}

function copy(m: Matrix): Matrix {
  return { rows: m.rows, cols: m.cols, data: m.data.slice() };
}

/** max |a − b| / (1 + max |b|) */
function relativeError(a: Matrix, b: Matrix): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < b.data.length; i++) {
    err = Math.max(err, Math.abs(a.data[i] - b.data[i]));
    scale = Math.max(scale, Math.abs(b.data[i]));
  }
  return err / (1 + scale);
}

type Op = 'gemm' | 'gemmTransA' | 'gemmTransB';
// [m, n, k]: C is m × n, the sum runs over k.
const shapes: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 2],
  [4, 8, 16],
  [37, 19, 13],
  [150, 3, 16],
  [33, 130, 300], // two k-blocks
  [9, 1030, 7], // three column blocks
  [130, 20, 5], // two row blocks
  [6, 13, 40], // small and narrow (no packing): partial rows and columns
  [5, 7, 200],
  // Small, in blocks of four vectors of columns (16 float32 or 8 float64), two rows at a time:
  [150, 16, 4], // W1's first layer
  [7, 16, 150], // an odd last row
  [4, 32, 3], // two blocks
  [5, 24, 9], // three float64 blocks (float32: one, then two single vectors)
  [9, 40, 6], // five float64 blocks
  // At most 32 rows of C and a row-major B: B read in place, unpacked.
  [32, 64, 300],
  [20, 48, 100],
  [8, 1024, 40], // a 4 KiB row stride in float32: packed after all
  // A short k and a row-major B in blocks of four vectors: read in place, whatever m.
  [70, 48, 40],
  // Narrower than a vector, with Aᵀ: vectors down C's columns.
  [16, 3, 150], // W1's output-layer gradient
  [19, 1, 30], // last rows one at a time
  [9, 2, 5],
];

function operands(op: Op, m: number, n: number, k: number): [number, number, number, number] {
  if (op === 'gemm') return [m, k, k, n];
  if (op === 'gemmTransA') return [k, m, k, n];
  return [m, k, n, k];
}

const variants = (['simdShared', 'simd', 'relaxedShared', 'relaxed'] as const).filter(
  supportsVariant,
);

describe('WebAssembly kernels', () => {
  it('are available in Node 20 (plain SIMD, shared and ordinary memory)', () => {
    expect(variants).toContain('simdShared');
    expect(variants).toContain('simd');
    expect(bestVariant()).not.toBeNull();
    expect(createFastestKernels().name).toMatch(/^wasm-/);
  });

  describe.each(variants)('%s', (variant) => {
    const kernels = createWasmKernels({
      relaxed: variant.startsWith('relaxed'),
      shared: variant.endsWith('Shared'),
    });
    it('is the variant asked for', () => expect(kernels.variant).toBe(variant));

    describe.each(['float64', 'float32'] as const)('%s', (dtype) => {
      const tol = dtype === 'float64' ? 1e-13 : 1e-5;
      it.each(['gemm', 'gemmTransA', 'gemmTransB'] as const)(
        '%s agrees with the plain kernels (alpha, beta, own and foreign memory)',
        (op) => {
          const random = new Random(7);
          for (const [m, n, k] of shapes) {
            for (const own of [true, false]) {
              const [ar, ac, br, bc] = operands(op, m, n, k);
              const alloc = own ? kernels : undefined;
              const A = randomMatrix(random, ar, ac, dtype, alloc);
              const B = randomMatrix(random, br, bc, dtype, alloc);
              const C = randomMatrix(random, m, n, dtype, alloc);
              for (const [alpha, beta] of [
                [1, 0],
                [0.25, 1],
                [-2, 0.5],
              ]) {
                const expected = copy(C);
                plainKernels[op](A, B, expected, alpha, beta);
                kernels[op](A, B, C, alpha, beta);
                const err = relativeError(C, expected);
                expect(err, `${op} ${m}×${n}×${k} own=${own} α=${alpha} β=${beta}`).toBeLessThan(
                  tol,
                );
                C.data.set(expected.data);
              }
            }
          }
        },
      );
    });

    it.each(['float64', 'float32'] as const)(
      'descend (%s) steps p ← p − lr·v and returns the largest change, in memory or not',
      (dtype) => {
        for (const own of [true, false]) {
          const n = 37;
          const p = own ? kernels.allocate(dtype, n) : createMatrix(1, n, dtype).data;
          const v = own ? kernels.allocate(dtype, n) : createMatrix(1, n, dtype).data;
          for (let i = 0; i < n; i++) {
            p[i] = i / 7 - 2;
            v[i] = i % 5 === 0 ? -3 * i : i;
          }
          const expected = p.map((x, i) => x - 0.1 * v[i]);
          const change = kernels.descend(p, v, 0.1);
          for (let i = 0; i < n; i++)
            expect(p[i]).toBeCloseTo(expected[i], dtype === 'float64' ? 14 : 5);
          expect(change).toBeCloseTo(0.1 * 3 * 35, dtype === 'float64' ? 12 : 4);
          // The largest change, and a NaN, wherever they fall: either vector of the two taken
          // per turn, the single vector after them, the scalar tail.
          for (const at of [2, 6, 13, 33, 36]) {
            p.fill(0); // the NaN step before made p[at] NaN
            v.fill(1);
            v[at] = -50;
            expect(kernels.descend(p, v, 0.1), `largest at ${at}`).toBeCloseTo(5, 4);
            v[at] = NaN;
            expect(kernels.descend(p, v, 0.1), `NaN at ${at}`).toBeNaN();
          }
        }
      },
    );

    it.each(['float64', 'float32'] as const)(
      'gemmTransAChange (%s) is gemmTransA returning the largest change it stored, NaN wins',
      (dtype) => {
        const tol = dtype === 'float64' ? 1e-13 : 1e-5;
        const round = dtype === 'float64' ? (x: number) => x : Math.fround;
        const random = new Random(8);
        // Every shape, so every way C is stored: packed tiles and their edges, blocks of four
        // vectors, single vectors, columns of a narrow C; in a second pass, k past one k-block
        // and a C past 1 MB.
        for (const [m, n, k] of [...shapes, [40, 17, 600], [600, 500, 3]]) {
          for (const own of [true, false]) {
            const alloc = own ? kernels : undefined;
            const A = randomMatrix(random, k, m, dtype, alloc);
            const B = randomMatrix(random, k, n, dtype, alloc);
            const C = randomMatrix(random, m, n, dtype, alloc);
            for (const [alpha, beta] of [
              [-0.01, 1],
              [0.5, 0.999],
              [1, 0],
            ]) {
              const where = `${m}×${n}×${k} own=${own} α=${alpha} β=${beta}`;
              const before = copy(C);
              const expected = copy(C);
              plainKernels.gemmTransA(A, B, expected, alpha, beta);
              const change = kernels.gemmTransAChange(A, B, C, alpha, beta);
              expect(relativeError(C, expected), where).toBeLessThan(tol);
              let largest = 0;
              for (let i = 0; i < C.data.length; i++) {
                largest = Math.max(largest, Math.abs(round(C.data[i] - before.data[i])));
              }
              // Taken in float32 or (outside the memory) float64: within the rounding of one.
              expect(Math.abs(change - largest), where).toBeLessThanOrEqual(largest * tol);
            }
            // A NaN in B reaches a column of C, wherever that column is stored.
            const j = (m * n * k) % n;
            B.data[(k - 1) * n + j] = NaN;
            expect(kernels.gemmTransAChange(A, B, C, -0.01, 1), `NaN ${m}×${n}×${k}`).toBeNaN();
          }
        }
      },
    );

    it('ignores NaN in C when beta is 0', () => {
      const A = { rows: 5, cols: 3, data: kernels.allocate('float64', 15).fill(1) };
      const B = { rows: 3, cols: 9, data: kernels.allocate('float64', 27).fill(2) };
      const C = { rows: 5, cols: 9, data: kernels.allocate('float64', 45).fill(NaN) };
      kernels.gemm(A, B, C);
      expect([...C.data]).toEqual(new Array(45).fill(6));
      // The same with the change tracked, C in blocks of four vectors (its change from NaN: NaN).
      const At = { rows: 3, cols: 5, data: kernels.allocate('float32', 15).fill(1) };
      const B16 = { rows: 3, cols: 16, data: kernels.allocate('float32', 48).fill(2) };
      const C16 = { rows: 5, cols: 16, data: kernels.allocate('float32', 80).fill(NaN) };
      expect(kernels.gemmTransAChange(At, B16, C16, 1, 0)).toBeNaN();
      expect([...C16.data]).toEqual(new Array(80).fill(6));
    });

    it('names the shapes that do not fit', () => {
      const A = createMatrix(2, 3);
      expect(() => kernels.gemm(A, createMatrix(4, 2), createMatrix(2, 2))).toThrow(
        'gemm: A 2×3 · B 4×2 does not fit C 2×2',
      );
      expect(() => kernels.gemm(A, createMatrix(3, 2, 'float32'), createMatrix(2, 2))).toThrow(
        'all be float32 or all float64',
      );
    });
  });

  it('keeps earlier arrays valid when a shared memory grows', () => {
    const kernels = createWasmKernels({ shared: true });
    const first = kernels.allocate('float32', 10).fill(3);
    const pagesBefore = kernels.memory.buffer.byteLength;
    const big = kernels.allocate('float64', 4_000_000);
    expect(kernels.memory.buffer.byteLength).toBeGreaterThan(pagesBefore);
    expect([...first]).toEqual(new Array(10).fill(3));
    expect(big.buffer.byteLength).toBeGreaterThanOrEqual(32_000_000);
    const A = { rows: 1, cols: 10, data: first };
    const B = { rows: 10, cols: 1, data: kernels.allocate('float32', 10).fill(1) };
    const C = { rows: 1, cols: 1, data: kernels.allocate('float32', 1) };
    kernels.gemm(A, B, C);
    expect(C.data[0]).toBe(30);
  });
});

describe('WebAssembly elementwise kernels', () => {
  // Shared memory: the kernels' arrays live in it (ordinary memories hand out plain arrays, which
  // these kernels leave to the engine's plain passes: see the last test).
  const kernels = createWasmKernels({ shared: true });
  // Near where e^−z overflows (−88.45 and −709.5, shifted by θ = 0.5 or −0.25: both sides of
  // the last exponent before infinity) and where the kernel clamps it below (86.5, 707.5), in
  // float32 and float64.
  const special = [
    -1e4, -800, -746, -745, -709.5, -104, -88.45, -88, -50, -1e-30, 0, 1e-30, 50, 86.5, 88, 104,
    707.5, 800,
  ];
  const extremes = [...special, NaN, Infinity, -Infinity];

  function filled(dtype: DType, rows: number, cols: number, values: (i: number) => number) {
    const data = kernels.allocate(dtype, rows * cols);
    for (let i = 0; i < data.length; i++) data[i] = values(i);
    return { rows, cols, data };
  }

  describe.each(['float64', 'float32'] as const)('%s', (dtype) => {
    const round = dtype === 'float32' ? Math.fround : (x: number) => x;
    // Relative error of a correctly rounded result is half an ulp; allow a few ulps.
    const ulps = dtype === 'float64' ? 4 * 2 ** -52 : 4 * 2 ** -23;
    const tiny = dtype === 'float64' ? 1e-320 : 1e-44;

    it.each([1, 3, 4, 5, 16, 17])(
      'biasActivate: z ← z + θ, a = σ(z) to a few ulps, %i columns, extremes included',
      (cols) => {
        const random = new Random(cols);
        const rows = 7;
        const values = (i: number) =>
          i % 3 === 0 ? extremes[i % extremes.length] : 20 * random.next() - 10;
        // A product first: the kernels' scratch memory then holds its leftovers.
        const B = filled(dtype, 64, 64, () => random.next());
        kernels.gemm(
          B,
          B,
          filled(dtype, 64, 64, () => 0),
        );
        const z = filled(dtype, rows, cols, values);
        const theta = filled(dtype, 1, cols, (j) => (j % 2 === 0 ? 0.5 : -0.25)).data;
        const a = filled(dtype, rows, cols, () => 0);
        const expectedZ = z.data.map((x, i) => round(x + theta[i % cols]));
        expect(kernels.biasActivate(z, theta, 'sigmoid', a)).toBe(true);
        expect([...z.data]).toEqual([...expectedZ]);
        for (let i = 0; i < a.data.length; i++) {
          const exact = 1 / (1 + Math.exp(-z.data[i]));
          if (Number.isNaN(exact)) expect(a.data[i], `σ(${z.data[i]})`).toBeNaN();
          else
            expect(Math.abs(a.data[i] - exact), `σ(${z.data[i]})`).toBeLessThanOrEqual(
              ulps * exact + tiny,
            );
        }
      },
    );

    it('biasActivate also writes in place (a = z) and says no to activations it does not run', () => {
      const z = filled(dtype, 2, 5, (i) => i - 5);
      const theta = filled(dtype, 1, 5, () => 0).data;
      expect(kernels.biasActivate(z, theta, 'sigmoid', z)).toBe(true);
      z.data.forEach((x, i) =>
        expect(x).toBeCloseTo(1 / (1 + Math.exp(5 - i)), dtype === 'float64' ? 15 : 6),
      );
      const before = [...z.data];
      expect(kernels.biasActivate(z, theta, 'tanh', z)).toBe(false);
      expect([...z.data]).toEqual(before);
    });

    it.each([
      [5, 3, 7],
      [32, 40, 64],
      [9, 70, 19],
    ])('gemmBiasActivate (%i × %i · %i) equals gemm then biasActivate, to the digit', (m, k, n) => {
      const random = new Random(m + n);
      const A = filled(dtype, m, k, () => random.next() - 0.5);
      const B = filled(dtype, k, n, () => 4 * random.next() - 2);
      const theta = filled(dtype, 1, n, () => random.next() - 0.5).data;
      const z = filled(dtype, m, n, () => NaN);
      const a = filled(dtype, m, n, () => NaN);
      expect(kernels.gemmBiasActivate(A, B, theta, 'sigmoid', z, a)).toBe(true);
      const expectedZ = filled(dtype, m, n, () => 0);
      const expectedA = filled(dtype, m, n, () => 0);
      kernels.gemm(A, B, expectedZ);
      expect(kernels.biasActivate(expectedZ, theta, 'sigmoid', expectedA)).toBe(true);
      expect([...z.data]).toEqual([...expectedZ.data]);
      expect([...a.data]).toEqual([...expectedA.data]);
    });

    it('gemmBiasActivate says no to activations it does not run, and names shapes that do not fit', () => {
      const A = filled(dtype, 2, 3, () => 1);
      const B = filled(dtype, 3, 4, () => 1);
      const z = filled(dtype, 2, 4, () => 7);
      const theta = filled(dtype, 1, 4, () => 0).data;
      expect(kernels.gemmBiasActivate(A, B, theta, 'relu', z, z)).toBe(false);
      expect([...z.data]).toEqual(new Array(8).fill(7));
      expect(() => kernels.gemmBiasActivate(A, A, theta, 'sigmoid', z, z)).toThrow(
        'gemmBiasActivate: A 2×3 · B 2×3 does not fit z 2×4',
      );
      expect(() => kernels.gemmBiasActivate(A, B, theta.subarray(1), 'sigmoid', z, z)).toThrow(
        'gemmBiasActivate: θ of length 3 and a 2×4 do not fit z 2×4',
      );
    });

    it('multiplyByDerivative: δ ⊙= a(1 − a) for the sigmoid, and no to relu', () => {
      const random = new Random(3);
      const a = filled(dtype, 3, 7, () => random.next());
      const delta = filled(dtype, 3, 7, () => 4 * random.next() - 2);
      const expected = delta.data.map((d, i) => round(d * round(a.data[i] * round(1 - a.data[i]))));
      expect(kernels.multiplyByDerivative('sigmoid', a, a, delta)).toBe(true);
      expect([...delta.data]).toEqual([...expected]);
      expect(kernels.multiplyByDerivative('relu', a, a, delta)).toBe(false);
      expect([...delta.data]).toEqual([...expected]);
    });

    it.each([1, 3, 4, 9, 16, 19, 37])(
      'columnSums agrees with the plain kernel, %i columns',
      (cols) => {
        const random = new Random(cols + 10);
        const A = filled(dtype, 11, cols, () => 2 * random.next() - 1);
        for (const [alpha, beta] of [
          [1, 0],
          [1 / 11, 0],
          [0.5, 2],
        ]) {
          const out = filled(dtype, 1, cols, (j) => (beta === 0 ? NaN : j)).data;
          const expected = out.slice();
          plainKernels.columnSums(A, expected, alpha, beta);
          kernels.columnSums(A, out, alpha, beta);
          // Relative to the result's size: out starts at j, so beta·out reaches 72 at 37 columns.
          const tol = dtype === 'float64' ? 1e-14 : 1e-6;
          for (let j = 0; j < cols; j++) {
            const err = Math.abs(out[j] - expected[j]);
            expect(err, `column ${j}`).toBeLessThanOrEqual(
              tol * Math.max(1, Math.abs(expected[j])),
            );
          }
        }
      },
    );
  });

  it.each([1, 3, 4, 9])('residual: r = a − y and ½‖r‖², %i values', (n) => {
    for (const dtype of ['float64', 'float32'] as const) {
      const random = new Random(n);
      const a = filled(dtype, 1, n, () => random.next());
      const y = filled(dtype, 1, n, () => random.next());
      const r = filled(dtype, 1, n, () => NaN);
      const round = dtype === 'float32' ? Math.fround : (x: number) => x;
      const expected = a.data.map((x, i) => round(x - y.data[i]));
      const cost = kernels.residual(a, y, r);
      expect([...r.data]).toEqual([...expected]);
      expect(cost).toBeCloseTo(0.5 * Array.from(expected).reduce((s, e) => s + e * e, 0), 14);
    }
  });

  it('names what does not fit', () => {
    const z = { rows: 2, cols: 3, data: kernels.allocate('float64', 6) };
    expect(() => kernels.biasActivate(z, kernels.allocate('float64', 2), 'sigmoid', z)).toThrow(
      'biasActivate: θ of length 2 and a 2×3 do not fit z 2×3',
    );
    expect(() => kernels.biasActivate(z, kernels.allocate('float32', 3), 'sigmoid', z)).toThrow(
      'all be float32 or all float64',
    );
    const delta = { rows: 3, cols: 2, data: kernels.allocate('float64', 6) };
    expect(() => kernels.multiplyByDerivative('sigmoid', z, z, delta)).toThrow(
      'multiplyByDerivative: z 2×3, a 2×3 and δ 3×2 differ in shape',
    );
    expect(() => kernels.residual(z, delta, z)).toThrow(
      'residual: a 2×3, Y 3×2 and r 2×3 differ in shape',
    );
    expect(() => kernels.columnSums(z, kernels.allocate('float64', 2))).toThrow(
      'columnSums: output of length 2 for A 2×3',
    );
  });

  it('leaves arrays outside its memory to the plain passes', () => {
    const z = createMatrix(2, 3);
    expect(kernels.residual(z, createMatrix(2, 3), createMatrix(2, 3))).toBeNull();
    expect(kernels.biasActivate(z, new Float64Array(3), 'sigmoid', z)).toBe(false);
    expect(kernels.multiplyByDerivative('sigmoid', z, z, createMatrix(2, 3))).toBe(false);
    const out = new Float64Array(3);
    kernels.columnSums({ rows: 2, cols: 3, data: Float64Array.of(1, 2, 3, 4, 5, 6) }, out);
    expect([...out]).toEqual([5, 7, 9]);
  });
});
