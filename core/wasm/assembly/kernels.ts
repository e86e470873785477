// Dense-layer kernels for the engine, in AssemblyScript compiled to WebAssembly SIMD: this file
// is the module's entry and names what it exports.
//
// Every matrix is row-major in linear memory; pointers are byte offsets that the TypeScript side
// hands in. It owns the memory layout: no allocator and no static data live here (which
// scripts/build-wasm.mjs checks), so nothing from the standard library that keeps tables, such
// as Math.exp. One source serves float32 (f32x4) and float64 (f64x2) through generics, and plain
// or relaxed SIMD through ASC_FEATURE_RELAXED_SIMD. Each exported kernel comes in both types.
//
// gemm.ts     the products C = alpha·op(A)·op(B) + beta·C (BLIS-style, pack.ts packs the operands),
//             and a sigmoid layer's whole forward pass
// store.ts    writing C, and the largest change a fused gradient-descent step made
// descend.ts  p ← keep·p − lr·v
// sigmoid.ts  a = σ(z + θ), and δ ⊙= σ′
// sums.ts     column sums (∂C/∂θ), the residual a − y and ½‖r‖²
// simd.ts     vector helpers they share

// @ts-nocheck: AssemblyScript, not TypeScript (excluded from tsc and eslint).

export {
  gemmChangeF32,
  gemmChangeF64,
  gemmChangeMaxK,
  gemmF32,
  gemmF64,
  gemmReadsInPlace,
  gemmSigmoidF32,
  gemmSigmoidF64,
  gemmWorkBytes,
} from './gemm';
export { descendF32, descendF64 } from './descend';
export {
  biasSigmoidF32,
  biasSigmoidF64,
  sigmoidDerivativeF32,
  sigmoidDerivativeF64,
} from './sigmoid';
export { columnSumsF32, columnSumsF64, residualF32, residualF64 } from './sums';
