// A thread of bench/roof.ts's measurement on two threads: registers tsx's loader in this thread
// (the bench runs from source), then times the multiply-adds it is given.
import { register } from 'tsx/esm/api';

register();
const { runRoofThread } = await import('./roof.ts');
runRoofThread();
