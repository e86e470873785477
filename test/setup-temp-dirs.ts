// The temporary folders a Node-side test file made outside its tests (test/temp-dir.ts) are
// removed after the file's own afterAll hooks have run (those may still be using them).
import { afterAll } from 'vitest';
import { removeFileTempDirs } from './temp-dir';

afterAll(removeFileTempDirs);
