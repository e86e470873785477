// A kernel worker thread (see threads.ts): says it is ready, then runs posted products.
import { parentPort, workerData } from 'node:worker_threads';
import { runKernelWorker, type KernelWorkerInit } from '../core/wasm/pool';
import { enableRelaxedSimd } from './relaxed';

enableRelaxedSimd();
parentPort!.postMessage('ready');
runKernelWorker(workerData as KernelWorkerInit);
