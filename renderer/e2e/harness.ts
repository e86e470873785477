// End-to-end tests of the web build: build it with Vite's build() API into a temporary folder,
// serve it with preview() on 127.0.0.1 (port 0: any free port) from inside the test, and drive
// Debian's Chromium with playwright-core. Nothing is left running after the tests.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { tempDir } from '../../test/temp-dir';

const ROOT = resolve(import.meta.dirname, '../..');
const CONFIG = join(ROOT, 'vite.web.config.ts');
export const SCREENSHOTS = join(ROOT, 'test-results', 'e2e');
export const EXAMPLES = join(ROOT, 'examples');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export interface WebApp {
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Builds the web app, serves it and starts Chromium. `headers` go with every response (the
 * desktop-path tests send the Content-Security-Policy header the desktop app's main sends).
 */
export async function startWebApp(headers: Record<string, string> = {}): Promise<WebApp> {
  const outDir = tempDir('backprop-web-');
  await build({ configFile: CONFIG, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server: PreviewServer = await preview({
    configFile: CONFIG,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false, headers },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no port');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    url: `http://127.0.0.1:${address.port}/`,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Console errors, Svelte's warnings (the tests build it in development mode, which checks more)
 * and uncaught exceptions of a page (a favicon 404 would show here too).
 */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error' || (m.type() === 'warning' && m.text().includes('[svelte]'))) {
      errors.push(m.text());
    }
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/**
 * The desktop app's real preload (app/preload/index.ts) as one script for page.addInitScript,
 * with `electron` replaced by fake-electron.ts: Electron's contextBridge imitated, main faked in
 * the page. So the desktop-path tests run the preload's own code on the far side of a bridge.
 */
export async function buildDesktopPreload(): Promise<string> {
  const built = await build({
    configFile: false,
    logLevel: 'warn',
    resolve: { alias: { electron: join(ROOT, 'renderer/e2e/fake-electron.ts') } },
    build: {
      write: false,
      minify: false,
      lib: {
        entry: join(ROOT, 'app/preload/index.ts'),
        formats: ['iife'],
        name: 'desktopPreload',
      },
    },
  });
  const outputs = (Array.isArray(built) ? built : [built]) as { output: { code?: string }[] }[];
  const code = outputs.flatMap((o) => o.output).find((chunk) => chunk.code)?.code;
  if (!code) throw new Error('buildDesktopPreload: the preload bundle has no code');
  return code;
}
