import { svelte } from '@sveltejs/vite-plugin-svelte';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

// One run, several projects: the Node-side tests (engine, CLI, app processes, end-to-end browser
// tests driven from Node with playwright-core). Tests live beside the code they test.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'core/**/*.test.ts',
            'cli/**/*.test.ts',
            'app/**/*.test.ts',
            'bench/**/*.test.ts',
            'scripts/**/*.test.ts',
            'renderer/**/*.e2e.test.ts',
          ],
          // `electron` is test/electron-mock.ts in every Node-side test (nothing launches Electron);
          // the temporary folders a file made outside its tests are removed after it.
          setupFiles: ['test/setup-electron.ts', 'test/setup-temp-dirs.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        // The renderer's component and state tests, in Debian's Chromium (Vitest browser mode).
        plugins: [svelte()],
        test: {
          name: 'browser',
          include: ['renderer/**/*.test.ts'],
          exclude: ['renderer/**/*.e2e.test.ts'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: {
                executablePath: '/usr/bin/chromium',
                args: [
                  '--no-sandbox',
                  '--disable-gpu',
                  '--disable-background-networking',
                  '--disable-component-update',
                  '--no-first-run',
                  '--disable-sync',
                  '--disable-quic',
                ],
              },
            }),
            instances: [{ browser: 'chromium' }],
            viewport: { width: 1280, height: 800 },
            screenshotDirectory: 'test-results/browser',
          },
        },
      },
    ],
  },
});
