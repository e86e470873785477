// The desktop build (`npm run build` = electron-vite build) → out/:
//   out/main/index.cjs      the main process        (app/main/index.ts)
//   out/main/utility.cjs    the training process    (app/utility/index.ts, utilityProcess.fork)
//   out/preload/index.cjs   the preload, CommonJS for the sandboxed window (app/preload/index.ts)
//   out/renderer/           the page                (renderer/index.html, Svelte 5)
// Every dependency is bundled (externalizeDeps: false), so the packaged app needs no node_modules.
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';

const path = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: path('./out/main'),
      externalizeDeps: false,
      sourcemap: false,
      rolldownOptions: {
        input: {
          index: path('./app/main/index.ts'),
          utility: path('./app/utility/index.ts'),
        },
        external: ['electron', /^node:/],
        output: {
          format: 'cjs',
          entryFileNames: '[name].cjs',
          chunkFileNames: 'chunks/[name]-[hash].cjs',
        },
      },
    },
  },
  preload: {
    build: {
      outDir: path('./out/preload'),
      externalizeDeps: false,
      sourcemap: false,
      rolldownOptions: {
        input: { index: path('./app/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: path('./renderer'),
    base: './',
    plugins: [svelte()],
    worker: { format: 'es' },
    build: {
      outDir: path('./out/renderer'),
      sourcemap: false,
      chunkSizeWarningLimit: 1024,
      // Every asset a file of its own: the CSP (default-src 'self') refuses data: URLs (fonts).
      assetsInlineLimit: 0,
      rolldownOptions: { input: { index: path('./renderer/index.html') } },
    },
  },
});
