// The bench's kernel thread (it runs from source: kernel-worker.mjs registers tsx first).
import { runKernelThread } from '../app/utility/kernel-threads';
import { enableRelaxedSimd } from './relaxed';

enableRelaxedSimd();
runKernelThread();
