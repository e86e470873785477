// evaluate and predict read their data file with the progress line that train shows (a
// 1 000 000-row file takes seconds to read), on a terminal only.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../core/csv';
import { rolesFromNames, schemaFromRoles } from '../core/dataset';
import { createModel, stringifyModel } from '../core/model-format';
import { createNetwork } from '../core/network';
import { noNormalization } from '../core/normalization';
import { Random } from '../core/random';
import { tempDir } from '../test/temp-dir';
import { evaluateCommand } from './evaluate';
import type { Io } from './io';
import { predictCommand } from './predict';
import { Progress } from './progress';

const iris = resolve(import.meta.dirname, '..', 'examples', 'iris.csv');
const dir = tempDir('backprop-evaluate-');

/** An Io whose progress goes to a terminal that records what it is sent. */
function terminalIo() {
  const drawn: string[] = [];
  const out: string[] = [];
  const stream = { isTTY: true, columns: 200, write: (s: string) => drawn.push(s) > 0 };
  const io: Io = {
    out: (text) => out.push(text),
    progress: new Progress(stream as unknown as NodeJS.WriteStream),
  };
  return { io, drawn, out };
}

describe('reading the data file on a terminal', () => {
  const model = join(dir, 'iris.json');
  beforeAll(() => {
    // An untrained 4-3 model of iris (train itself starts kernel threads: not under Vitest).
    const table = readCsv(readFileSync(iris, 'utf8'), 'iris.csv');
    const schema = schemaFromRoles(table, rolesFromNames(table, {}).roles);
    const network = createNetwork(
      { topology: [4, 3], activations: ['sigmoid'], loss: 'mse' },
      { dtype: 'float64', initScheme: 'uniform', random: new Random(1) },
    );
    const parts = { network, schema, normalization: noNormalization(4) };
    writeFileSync(
      model,
      stringifyModel(createModel({ ...parts, hyperparameters: null, training: null })),
    );
  });

  it('evaluate and predict show reading FILE n% and clear it, as train does', async () => {
    const evaluated = terminalIo();
    await evaluateCommand(['--model', model, '--data', iris], evaluated.io);
    expect(evaluated.drawn).toEqual([`\r\x1b[2Kreading ${iris} 100%`, '\r\x1b[2K']);
    expect(evaluated.out[0]).toContain(`${iris}: 150 rows`);

    const predicted = terminalIo();
    await predictCommand(
      ['--model', model, '--data', iris, '--out', join(dir, 'p.csv')],
      predicted.io,
    );
    expect(predicted.drawn).toEqual([`\r\x1b[2Kreading ${iris} 100%`, '\r\x1b[2K']);
  });
});
