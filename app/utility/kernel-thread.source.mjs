// A kernel thread for code that runs from source (the tests and the bench): registers tsx's
// loader in this thread, then serves products as the training process's own entry does. (V8's
// flags, relaxed SIMD included, are the process's: the thread needs none of its own.)
import { register } from 'tsx/esm/api';

register();
const { runKernelThread } = await import('./kernel-threads.ts');
runKernelThread();
