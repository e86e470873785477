// The WebAssembly kernels against the plain TypeScript ones (the reference), on shapes that hit
// every edge of the blocking: ragged micro-tiles, several k-blocks, several column blocks.
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
          v[3] = NaN;
          expect(kernels.descend(p, v, 0.1)).toBeNaN();
        }
      },
    );

    it('ignores NaN in C when beta is 0', () => {
      const A = { rows: 5, cols: 3, data: kernels.allocate('float64', 15).fill(1) };
      const B = { rows: 3, cols: 9, data: kernels.allocate('float64', 27).fill(2) };
      const C = { rows: 5, cols: 9, data: kernels.allocate('float64', 45).fill(NaN) };
      kernels.gemm(A, B, C);
      expect([...C.data]).toEqual(new Array(45).fill(6));
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
