// `npm run bench [-- --json] [--rounds n] [--budget s] [--scale f] [--only engine,tfjs,torch,roof]
//   [--workloads W1,W2]`
// Runs every engine variant and every peer on the workloads of issue 5 and prints a table
// (or, with --json, one JSON object per line), with the roof of WebAssembly's multiply-adds on this
// machine measured in the same run (bench/roof.ts).
import { parseArgs } from 'node:util';
import { cpus } from 'node:os';
import { measureVariant, runBench, type Family } from './bench';
import type { Measurement } from './measure';
import { enableRelaxedSimd } from './relaxed';
import type { Roof } from './roof';
import { formatJsonLine, formatRoofJsonLine, formatTable } from './table';

enableRelaxedSimd();
const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    budget: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '2' },
    scale: { type: 'string', default: '1' },
    only: { type: 'string', default: 'engine,tfjs,torch,roof' },
    workloads: { type: 'string' },
    /** Internal: measure one engine variant on one workload and print its JSON line. */
    variant: { type: 'string' },
  },
});
if (values.variant) {
  const m = await measureVariant(values.variant, values.workloads ?? '', {
    budgetSeconds: Number(values.budget),
    scale: Number(values.scale),
  });
  console.log(formatJsonLine(m));
  process.exit(0);
}
const families = new Set(values.only.split(',')) as Set<Family>;
const results: Measurement[] = [];
const roofs: Roof[] = [];
const log = (text: string) => (values.json ? process.stderr : process.stdout).write(text + '\n');

log(`${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`);
await runBench(
  {
    budgetSeconds: Number(values.budget),
    scale: Number(values.scale),
    families,
    workloads: values.workloads?.split(','),
    rounds: Number(values.rounds),
  },
  {
    measured(m) {
      log(
        `  ${m.workload} ${m.engine} ${m.dtype} ×${m.threads}: ${m.samplesPerSecond.toFixed(0)} samples/s`,
      );
    },
    result(m) {
      results.push(m);
      if (values.json) console.log(formatJsonLine(m));
    },
    roof(r) {
      roofs.push(r);
      if (values.json) console.log(formatRoofJsonLine(r));
    },
    note: log,
  },
);
if (!values.json) console.log('\n' + formatTable(results, roofs));
