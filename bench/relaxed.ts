// Node 20's V8 runs relaxed SIMD only behind a flag that Electron 45 and current Chromium have
// on by default. The bench turns it on, before any module is compiled, to measure what the app
// runs; `wasm-simd` rows show the plain-SIMD kernels that Node 20 uses without it.
import { setFlagsFromString } from 'node:v8';

export function enableRelaxedSimd(): void {
  setFlagsFromString('--experimental-wasm-relaxed-simd');
}
