// The few WebAssembly JS-API types the engine uses. core/ compiles without the DOM library (where
// TypeScript declares WebAssembly), so they are declared here and reached through globalThis.

export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  /** Grows by `pages` of 64 KiB; returns the previous size in pages. */
  grow(pages: number): number;
}

export interface WasmMemoryDescriptor {
  initial: number;
  maximum?: number;
  shared?: boolean;
}

export type WasmModule = object;

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

export interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (
    module: WasmModule,
    imports: Record<string, Record<string, unknown>>,
  ) => WasmInstance;
  Memory: new (descriptor: WasmMemoryDescriptor) => WasmMemory;
  validate(bytes: Uint8Array): boolean;
}

/** The host's WebAssembly, or null where there is none. */
export function webAssembly(): WasmApi | null {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly ?? null;
}

export const PAGE_BYTES = 65536;
