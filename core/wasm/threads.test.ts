// Starting kernel threads through a host's `start`: which kernels get them, what `ready` says of a
// thread that cannot start, and that each new Trainer's kernels end the previous one's threads.
// Real threads (Node's worker_threads): app/utility/kernel-threads.test.ts.
import { describe, expect, it } from 'vitest';
import { plainKernels } from '../matrix';
import type { KernelWorkerInit } from './pool';
import { kernelsWithThreads, startKernelThreads, type KernelWorker } from './threads';
import { createWasmKernels } from './wasm-kernels';

/** A host that records what it is asked to start; its threads never take a chunk. */
function fakeHost(started: Promise<void> = Promise.resolve()) {
  const inits: KernelWorkerInit[] = [];
  let terminated = 0;
  const start = (init: KernelWorkerInit): KernelWorker => {
    inits.push(init);
    return { started, terminate: () => terminated++ };
  };
  return { start, inits, terminated: () => terminated };
}

describe('startKernelThreads', () => {
  it('starts one worker per further thread on the kernels’ shared memory', async () => {
    const kernels = createWasmKernels({ shared: true });
    const host = fakeHost();
    const threads = startKernelThreads(kernels, 3, host.start)!;
    expect(threads.threads).toBe(3);
    expect(host.inits).toHaveLength(2);
    expect(host.inits.every((init) => init.memory === kernels.memory)).toBe(true);
    expect(new Set(host.inits.map((init) => init.work)).size).toBe(2);
    await threads.ready;
    // No worker takes a chunk: a product large enough to be split is done by the caller alone.
    const A = { rows: 128, cols: 300, data: kernels.allocate('float32', 128 * 300).fill(1) };
    const B = { rows: 300, cols: 520, data: kernels.allocate('float32', 300 * 520).fill(1) };
    const C = { rows: 128, cols: 520, data: kernels.allocate('float32', 128 * 520) };
    kernels.gemm(A, B, C);
    expect(C.data.every((x) => x === 300)).toBe(true);
    await threads.close();
    expect(host.terminated()).toBe(2);
  });

  it('starts none for one thread, the plain kernels or kernels without shared memory', () => {
    const host = fakeHost();
    expect(startKernelThreads(createWasmKernels({ shared: true }), 1, host.start)).toBeNull();
    expect(startKernelThreads(plainKernels, 2, host.start)).toBeNull();
    expect(startKernelThreads(createWasmKernels({ shared: false }), 2, host.start)).toBeNull();
    expect(host.inits).toHaveLength(0);
  });

  it('says which thread could not start, and why', async () => {
    const host = fakeHost(Promise.reject(new Error('no such script')));
    const threads = startKernelThreads(createWasmKernels({ shared: true }), 2, host.start)!;
    await expect(threads.ready).rejects.toThrow('kernel thread 1: no such script');
    await threads.close();
  });
});

describe('kernelsWithThreads', () => {
  it('gives each Trainer fresh kernels and ends the previous one’s threads', () => {
    const host = fakeHost();
    const next = kernelsWithThreads((kernels) => startKernelThreads(kernels, 2, host.start));
    const first = next();
    expect(host.inits).toHaveLength(1);
    expect(host.terminated()).toBe(0);
    const second = next();
    expect(second).not.toBe(first);
    expect(host.inits).toHaveLength(2);
    expect(host.terminated()).toBe(1);
  });
});
