// The one test command (`npm test`), the one CI runs: type-check, lint, format check, then every
// Vitest project. It ends with "N passed, N failed" on a line of its own, read from Vitest's JSON
// report, so a run that executed no test shows as such.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const report = '.vitest-report.json';
const steps = [
  ['npm', ['run', '--silent', 'build:wasm']],
  ['npm', ['run', '--silent', 'typecheck']],
  ['npm', ['run', '--silent', 'lint']],
  ['npm', ['run', '--silent', 'format:check']],
];

function run(cmd, args) {
  console.log(`\n> ${cmd} ${args.join(' ')}`);
  return spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;
}

for (const [cmd, args] of steps) {
  if (run(cmd, args) !== 0) {
    console.log(`\n${cmd} ${args.join(' ')} failed`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

rmSync(report, { force: true });
const status = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
]);
if (!existsSync(report)) {
  console.log('0 passed, 1 failed');
  process.exit(status || 1);
}
const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = JSON.parse(
  readFileSync(report, 'utf8'),
);
const skipped = numPendingTests + numTodoTests;
console.log(
  `\n${numPassedTests} passed, ${numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`,
);
process.exit(status !== 0 ? status : numPassedTests === 0 ? 1 : 0);
