// Packaging without downloads: electron-builder.yml is validated against electron-builder's own
// schema, then the real `electron-vite build` runs and `electron-builder --linux dir` packs it with
// a stand-in Electron folder (an executable that only exits), which builds the real app.asar.
// Its contents are checked: the main process, the utility entry, the CommonJS preload and the
// renderer are in; no TypeScript sources, no source maps, no node_modules. The same build is
// then scanned with electronegativity (scripts/security-scan.mjs): nothing beyond the documented
// findings, and the gate does fail an insecure window. One file, so the build runs once and
// nothing else rewrites out/ meanwhile.
import { execFile } from 'node:child_process';
import { chmod, cp, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { LINUX_ICON } from '../app/main/app-icon';
import { APP_ID } from '../app/main/app-id';
import { removedWhenDone, tempDir } from '../test/temp-dir';
// @ts-expect-error: a plain .mjs script without type declarations
import { scan, stage, unaccepted } from './security-scan.mjs';

type Finding = { issue: string; filename: string; sample: string };

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as typeof import('@electron/asar');
const builderConfig = require('app-builder-lib/out/util/config/config') as {
  getConfig(
    projectDir: string,
    configPath: string | null,
    fromOptions: unknown,
  ): Promise<Record<string, unknown>>;
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const quietLogger = { isEnabled: false, add() {} };

async function validate(path: string) {
  const config = await builderConfig.getConfig(root, path, null);
  await builderConfig.validateConfiguration(config, quietLogger);
  return config;
}

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's schema and names every target and icon", async () => {
    const config = await validate(join(root, 'electron-builder.yml'));
    expect(config).toMatchObject({
      // The main process gives itself this ID on Windows (app/main/app-id.ts): the same as the
      // installer's shortcuts, or the taskbar shows a pinned app and its window apart.
      appId: APP_ID,
      productName: 'Backprop Studio',
      linux: { target: ['AppImage', 'deb'], category: 'Education', icon: 'build/icon.png' },
      win: { target: 'nsis', icon: 'build/icon.ico' },
      mac: { target: 'dmg', icon: 'build/icon.icns' },
    });
  });

  it('names the app as Electron will: productName and desktopName in package.json', async () => {
    // Electron reads package.json, not this file: its productName (else the npm name) is the app's
    // name, the user-data folder and the macOS menu's About/Hide/Quit; its desktopName is the
    // Linux window class that the .desktop entry's StartupWMClass must match.
    const config = await validate(join(root, 'electron-builder.yml'));
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
    expect(pkg.productName).toBe(config.productName);
    const linux = config.linux as { executableName: string; desktop?: { entry?: object } };
    expect(pkg.desktopName).toBe(`${linux.executableName}.desktop`);
    // electron-builder derives StartupWMClass from desktopName when none is written here.
    expect(linux.desktop?.entry).not.toHaveProperty('StartupWMClass');
  });

  it('and the validation does catch a mistake', async () => {
    const dir = tempDir('bps-builder-config-');
    const text = await readFile(join(root, 'electron-builder.yml'), 'utf8');
    await writeFile(
      join(dir, 'bad.yml'),
      text.replace('asar: true', 'asar: true\ntitle: misplaced'),
    );
    await expect(validate(join(dir, 'bad.yml'))).rejects.toThrow(/title/);
  });

  it('has real icons: a PNG of at least 512×512, an ICO and an ICNS', async () => {
    const png = await readFile(join(root, 'build/icon.png'));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
    expect(png.readUInt32BE(20)).toBe(png.readUInt32BE(16));
    const ico = await readFile(join(root, 'build/icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1);
    expect(ico.readUInt16LE(4)).toBeGreaterThan(3);
    const icns = await readFile(join(root, 'build/icon.icns'));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
  });
});

let files: string[];
let asarPath: string;
let appFindings: Finding[];
let insecureFindings: Finding[];

/** electron-builder --linux dir on a clean copy of what packaging reads. */
async function packageApp(): Promise<string> {
  const project = tempDir('bps-package-');
  for (const entry of ['out', 'build', 'package.json', 'electron-builder.yml']) {
    await cp(join(root, entry), join(project, entry), { recursive: true });
  }
  // The dependencies are there (as in the repository), so the exclusion below is put to the test.
  await symlink(join(root, 'node_modules'), join(project, 'node_modules'), 'dir');
  const electronDist = join(project, 'stand-in-electron');
  await mkdir(join(electronDist, 'resources'), { recursive: true });
  await writeFile(join(electronDist, 'electron'), '#!/bin/sh\nexit 0\n');
  await chmod(join(electronDist, 'electron'), 0o755);
  await writeFile(join(electronDist, 'version'), '45.5.0');
  await run(
    join(root, 'node_modules/.bin/electron-builder'),
    [
      '--linux',
      'dir',
      '--projectDir',
      project,
      `-c.electronDist=${electronDist}`,
      '-c.directories.output=release',
    ],
    { cwd: project, env: { ...process.env, CI: '1' } },
  );
  return join(project, 'release/linux-unpacked/resources/app.asar');
}

/** A window with Node integration and no isolation, which the security gate must fail. */
async function insecureApp(): Promise<string> {
  const dir = tempDir('bps-insecure-');
  await mkdir(join(dir, 'src'));
  await writeFile(
    join(dir, 'src/main.js'),
    `const { BrowserWindow } = require('electron');
const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });
win.loadURL('https://example.com/');\n`,
  );
  await writeFile(join(dir, 'package.json'), '{"devDependencies":{"electron":"45.5.0"}}');
  return dir;
}

beforeAll(async () => {
  // The real build (npm run build), once.
  await run(join(root, 'node_modules/.bin/electron-vite'), ['build'], { cwd: root });
  const staged = removedWhenDone(stage(root));
  // The two scans one after the other: run side by side, one report once held a row cut in two.
  const packaged = packageApp();
  appFindings = await scan(staged);
  insecureFindings = await scan(await insecureApp());
  asarPath = await packaged;
  files = asar.listPackage(asarPath, { isPack: false }).map((f) => f.replaceAll('\\', '/'));
}, 600_000);

describe('the packaged app', () => {
  it('holds the main process, the utility entry, the preload and the renderer', () => {
    for (const file of [
      '/package.json',
      '/out/main/index.cjs',
      '/out/main/utility.cjs',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
    ]) {
      expect(files).toContain(file);
    }
    expect(files.some((f) => /^\/out\/renderer\/assets\/index-.*\.js$/.test(f))).toBe(true);
  });

  it('holds no sources, no source maps and no node_modules', () => {
    expect(files.filter((f) => /\.(ts|svelte|map)$/.test(f))).toEqual([]);
    expect(files.filter((f) => f.includes('node_modules'))).toEqual([]);
    expect(files.filter((f) => !f.startsWith('/out') && f !== '/package.json')).toEqual([]);
  });

  it('main points at the files that are there; the sandboxed preload is CommonJS needing only electron', () => {
    const main = asar.extractFile(asarPath, 'out/main/index.cjs').toString('utf8');
    expect(main).toContain('"utility.cjs"');
    expect(main).toContain('"../preload/index.cjs"');
    expect(main).toContain('"../renderer/index.html"');
    const preload = asar.extractFile(asarPath, 'out/preload/index.cjs').toString('utf8');
    expect(preload).not.toMatch(/^\s*import\s/m);
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
    const pkg = JSON.parse(asar.extractFile(asarPath, 'package.json').toString('utf8'));
    expect(pkg.main).toBe('out/main/index.cjs');
    expect(pkg).toMatchObject({
      productName: 'Backprop Studio',
      desktopName: 'backprop-studio.desktop',
    });
  });
});

describe('the packaged Linux app', () => {
  it('carries the window icon beside app.asar, where app/main/app-icon.ts looks for it', async () => {
    const shipped = await readFile(join(dirname(asarPath), LINUX_ICON));
    expect(shipped.equals(await readFile(join(root, 'build/icon.png')))).toBe(true);
  });
});

describe('the security scan (electronegativity)', () => {
  it('finds nothing in the app beyond the documented, accepted findings', () => {
    expect(unaccepted(appFindings)).toEqual([]);
    // It did read the main process: the preload "review" item points at the window module.
    expect(
      appFindings.some((f) => f.issue === 'PRELOAD_JS_CHECK' && f.filename.includes('window')),
    ).toBe(true);
    const issues = new Set(appFindings.map((f) => f.issue));
    for (const check of [
      'LIMIT_NAVIGATION_GLOBAL_CHECK',
      'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
      'CONTEXT_ISOLATION_JS_CHECK',
      'NODE_INTEGRATION_JS_CHECK',
      'SANDBOX_JS_CHECK',
      'AUXCLICK_JS_CHECK',
    ]) {
      expect(issues.has(check)).toBe(false);
    }
  });

  it('fails an insecure window', () => {
    const failed = new Set(unaccepted(insecureFindings).map((f: Finding) => f.issue));
    expect(failed).toContain('NODE_INTEGRATION_JS_CHECK');
    expect(failed).toContain('CONTEXT_ISOLATION_JS_CHECK');
    expect(failed).toContain('LIMIT_NAVIGATION_GLOBAL_CHECK');
  });
});
