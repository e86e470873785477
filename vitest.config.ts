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
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
