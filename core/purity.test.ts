// core/ is pure TypeScript: it may import only its own files and the pure libraries d3-dsv, zod and
// @streamparser/json.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';

const root = import.meta.dirname;
const allowed = new Set(['d3-dsv', 'zod', '@streamparser/json']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      // AssemblyScript sources compile to WebAssembly; they are not imported by the engine.
      return entry.name === 'fixtures' || path === join(root, 'wasm/assembly') ? [] : sources(path);
    }
    return /\.(ts|js|mjs)$/.test(entry.name) && !/\.(test|bench)\.ts$/.test(entry.name)
      ? [path]
      : [];
  });
}

/** Every module specifier in a source: import/export … from, bare import, import(), require(). */
function specifiers(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
    /\brequire\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
  ];
  return patterns.flatMap((re) => [...source.matchAll(re)].map((m) => m[1]));
}

it('finds the import specifiers of every form', () => {
  const source = [
    "import { a } from './a';",
    "import type { B } from '../b';",
    "export * from './c';",
    "import 'node:fs';",
    "const m = await import('electron');",
    "const n = require('os');",
  ].join('\n');
  expect(specifiers(source).sort()).toEqual(['../b', './a', './c', 'electron', 'node:fs', 'os']);
});

it('core/ imports only relative paths, d3-dsv, zod and @streamparser/json', () => {
  const files = sources(root);
  expect(files.length).toBeGreaterThan(10);
  const offenders = files.flatMap((file) =>
    specifiers(readFileSync(file, 'utf8'))
      .filter((s) => !s.startsWith('./') && !s.startsWith('../') && !allowed.has(s))
      .map((s) => `${relative(root, file)} imports '${s}'`),
  );
  expect(offenders).toEqual([]);
});
