// The renderer as a static web app (`npm run build:web` → dist/web/index.html). The host API is
// provided by renderer/web/: the engine runs in a Web Worker, files come from a file input and
// go out as downloads. The desktop build (electron.vite.config.ts) uses the same index.html.
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

/**
 * Cross-origin isolation: the page may then share memory with its Workers, and training uses
 * every core (renderer/web/trainer.worker.ts). A host that serves dist/web should send them too.
 */
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [svelte()],
  worker: { format: 'es' },
  server: { headers: isolation },
  preview: { headers: isolation },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1024,
    // Every asset a file of its own: the CSP (default-src 'self') refuses data: URLs, e.g. fonts.
    assetsInlineLimit: 0,
    rolldownOptions: { checks: { pluginTimings: false } },
  },
});
