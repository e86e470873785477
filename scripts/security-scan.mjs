// Electron security scan: runs @doyensec/electronegativity (fetched by npx, pinned, kept out of
// devDependencies because it pins TypeScript 4 and ESLint 7) over the app's process code and the
// built output, then gates on its report. The tool always exits 0 and skips what it cannot
// parse, so the report is read here: any finding not listed in ACCEPTED fails the scan.
//
//   node scripts/security-scan.mjs [dir]   (default: this project; builds out/ if missing)
//
// What is scanned: app/ (TypeScript: main, preload, utility, shared), out/renderer (the built
// page, its CSP meta tag), and out/main + out/preload renamed .cjs → .js (the scanner only reads
// .js); package.json names the Electron version.
import { execFile, execFileSync } from 'node:child_process';
import { csvParse } from 'd3-dsv';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ELECTRONEGATIVITY = '@doyensec/electronegativity@1.10.3';

/**
 * Findings that do not apply, each with the reason. A finding is accepted when its check and
 * file match and its sample contains `sample`.
 */
export const ACCEPTED = [
  {
    check: 'CSP_GLOBAL_CHECK',
    file: '',
    sample: "style-src 'self' 'unsafe-inline'",
    why:
      "style-src allows inline styles: Svelte's style: directives and KaTeX set style attributes. " +
      "Scripts are 'self' only, objects none, nothing remote, so inline CSS cannot run code.",
  },
  {
    check: 'PRELOAD_JS_CHECK',
    file: '',
    sample: '',
    why:
      'A "review" item: the preload (app/preload) exposes one validated method per message of ' +
      'app/shared/ipc.ts through contextBridge, never ipcRenderer itself.',
  },
];

/** The report's rows, keyed by its (space-padded) header names, trimmed. */
function parseReport(text) {
  return csvParse(text).map((row) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k.trim(), (v ?? '').trim()])),
  );
}

function renameCjs(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) renameCjs(path);
    else if (entry.name.endsWith('.cjs')) renameSync(path, path.slice(0, -4) + '.js');
  }
}

/** Copies what is scanned into a fresh temporary folder; the caller removes it. */
export function stage(projectDir) {
  const dir = mkdtempSync(join(tmpdir(), 'bps-scan-'));
  if (existsSync(join(projectDir, 'app')))
    cpSync(join(projectDir, 'app'), join(dir, 'app'), { recursive: true });
  if (existsSync(join(projectDir, 'out'))) {
    cpSync(join(projectDir, 'out'), join(dir, 'out'), { recursive: true });
    renameCjs(join(dir, 'out'));
    if (existsSync(join(dir, 'out/renderer')))
      cpSync(join(dir, 'out/renderer'), join(dir, 'renderer'), { recursive: true });
  }
  const pkg = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8'));
  const electron = pkg.devDependencies?.electron ?? pkg.dependencies?.electron ?? '45.5.0';
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'scan', devDependencies: { electron } }),
  );
  return dir;
}

/** A report row as the scanner writes it: a check's name, and the check's wiki page. */
function wellFormed(row) {
  return /^[A-Z_]+_CHECK$/.test(row.issue) && row.url.startsWith('https://');
}

/**
 * Runs the scanner on `dir`; returns its findings. A report with a row cut in two (seen once in
 * CI: a row began in the middle of a CSP) is read as the scanner's fault, and the scan runs once
 * more; a second such report is an error naming the row.
 */
export async function scan(dir, attempts = 2) {
  const report = join(dir, 'electronegativity.csv');
  await promisify(execFile)('npx', ['-y', ELECTRONEGATIVITY, '-i', dir, '-r', '-o', report], {
    cwd: tmpdir(),
    timeout: 300_000,
  });
  if (!existsSync(report)) throw new Error(`electronegativity wrote no report (${report})`);
  const rows = parseReport(readFileSync(report, 'utf8'));
  const broken = rows.find((row) => !wellFormed(row));
  if (!broken) return rows;
  if (attempts > 1) return scan(dir, attempts - 1);
  throw new Error(
    `electronegativity wrote a malformed row in ${report}: ${JSON.stringify(broken)}`,
  );
}

export function unaccepted(findings) {
  return findings.filter(
    (f) =>
      !ACCEPTED.some(
        (a) =>
          a.check === f.issue &&
          (a.file === '' || f.filename === a.file) &&
          (a.sample === '' || f.sample.includes(a.sample)),
      ),
  );
}

async function main() {
  const projectDir = process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url));
  if (!existsSync(join(projectDir, 'out/main'))) {
    execFileSync('npx', ['electron-vite', 'build'], { cwd: projectDir, stdio: 'inherit' });
  }
  const staged = stage(projectDir);
  let findings;
  try {
    findings = await scan(staged);
  } finally {
    rmSync(staged, { recursive: true, force: true });
  }
  const bad = unaccepted(findings);
  for (const f of findings) {
    const mark = bad.includes(f) ? 'FAIL' : 'ok  ';
    console.log(`${mark} ${f.issue} (${f.severity}) ${f.filename}:${f.location} ${f.description}`);
  }
  console.log(`${findings.length} findings, ${bad.length} not accepted`);
  process.exit(bad.length > 0 ? 1 : 0);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
