// A kernel thread for tests, which run from source: registers tsx's loader in this thread, then
// serves products as the training process's own entry does.
import { register } from 'tsx/esm/api';

register();
const { runKernelThread } = await import('./kernel-threads.ts');
runKernelThread();
