// Entry of a kernel worker thread: registers tsx's TypeScript loader in this thread (the bench
// runs from source), then runs kernel-worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./kernel-worker.ts');
