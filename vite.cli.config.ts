// Bundles the `backprop` command into one Node ES module, dist/cli/backprop.mjs (the package's
// bin), with its libraries (d3-dsv, zod, @streamparser/json) inside, so it runs with nothing but Node.
import { chmodSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    ssr: 'cli/backprop.ts',
    outDir: 'dist/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rolldownOptions: {
      external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
      output: {
        format: 'es',
        entryFileNames: 'backprop.mjs',
        banner: '#!/usr/bin/env node',
      },
    },
  },
  ssr: { noExternal: true, target: 'node' },
  plugins: [
    {
      // `npx backprop` in the project runs the file itself (its #! line): it must be executable.
      name: 'executable-bin',
      writeBundle(options) {
        chmodSync(join(options.dir ?? 'dist/cli', 'backprop.mjs'), 0o755);
      },
    },
  ],
});
