// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'out/',
      'release/',
      'coverage/',
      'core/wasm/assembly/',
      'bench/assembly/',
      'core/wasm/generated/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
  },
  {
    // The engine stays pure: it runs in the utility process, a Web Worker, the CLI and tests alike.
    files: ['core/**/*.ts'],
    ignores: ['core/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron', 'fs', 'path', 'os'],
              message: 'core/ is pure TypeScript.',
            },
          ],
        },
      ],
    },
  },
  {
    // Electron is imported (as a value) only by the main process and the preload.
    files: ['renderer/**', 'cli/**', 'bench/**', 'app/shared/**', 'app/utility/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only app/main and app/preload may import electron.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // Raw IPC lives in two helper files only: app/main/ipc.ts (ipcMain) and app/preload/bridge.ts
    // (ipcRenderer); everything else goes through their typed, validating functions.
    files: ['app/main/**/*.ts', 'app/preload/**/*.ts'],
    ignores: ['app/main/ipc.ts', 'app/preload/bridge.ts', 'app/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message: 'Use the typed helpers of app/main/ipc.ts or app/preload/bridge.ts.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[property.name=/^(ipcMain|ipcRenderer)$/]',
          message: 'Use the typed helpers of app/main/ipc.ts or app/preload/bridge.ts.',
        },
      ],
    },
  },
);
