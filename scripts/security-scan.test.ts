// The Electron security scan as part of `npm test`: electronegativity over the app's code and
// built output must report nothing beyond the documented, accepted findings; and the gate does
// fail an insecure window (so a scanner that silently read nothing would not pass).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { scan, stage, unaccepted } from './security-scan.mjs';

type Finding = { issue: string; filename: string; sample: string };
const root = fileURLToPath(new URL('..', import.meta.url));

let app: Finding[];
let insecure: Finding[];

beforeAll(async () => {
  if (!existsSync(join(root, 'out/main/index.cjs'))) {
    await promisify(execFile)(join(root, 'node_modules/.bin/electron-vite'), ['build'], {
      cwd: root,
    });
  }
  const bad = await mkdtemp(join(tmpdir(), 'bps-insecure-'));
  await mkdir(join(bad, 'src'));
  await writeFile(
    join(bad, 'src/main.js'),
    `const { BrowserWindow } = require('electron');
const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });
win.loadURL('https://example.com/');\n`,
  );
  await writeFile(join(bad, 'package.json'), '{"devDependencies":{"electron":"45.5.0"}}');
  [app, insecure] = await Promise.all([scan(stage(root)), scan(bad)]);
}, 600_000);

describe('electronegativity', () => {
  it('finds nothing in the app beyond the documented, accepted findings', () => {
    expect(unaccepted(app)).toEqual([]);
    // It did read the main process: the preload "review" item points at the window module.
    expect(app.some((f) => f.issue === 'PRELOAD_JS_CHECK' && f.filename.includes('window'))).toBe(
      true,
    );
    const issues = new Set(app.map((f) => f.issue));
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
    const failed = new Set(unaccepted(insecure).map((f: Finding) => f.issue));
    expect(failed).toContain('NODE_INTEGRATION_JS_CHECK');
    expect(failed).toContain('CONTEXT_ISOLATION_JS_CHECK');
    expect(failed).toContain('LIMIT_NAVIGATION_GLOBAL_CHECK');
  });
});
