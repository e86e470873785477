// `backprop predict`: the model's prediction for every row of a CSV file, as CSV.
import { dsvFormat } from 'd3-dsv';
import { fileRow, ROW_COLUMN } from '../core/dataset';
import { classIndices } from '../core/metrics';
import { UsageError } from './errors';
import { checkOutputs, readDataFile, readModel, writeFilesAtomically } from './files';
import type { Io } from './io';
import { HELP, parseOptions } from './usage';
import { runModel } from './use-model';

export async function predictCommand(args: string[], io: Io): Promise<void> {
  const o = parseOptions('predict', args);
  if (o.help) return io.out(HELP);
  if (!o.model) throw new UsageError('predict needs --model MODEL.json');
  if (!o.data) throw new UsageError('predict needs --data FILE');
  await checkOutputs({ '--out': o.out }, { '--data': o.data, '--model': o.model });
  const model = await readModel(o.model);
  const table = await readDataFile(o.data, io.progress);
  const run = runModel(model, table, { withTargets: false, dropRows: Boolean(o['drop-rows']) });
  const { outputs, data } = run;
  const target = model.target;
  // row (as in the input file), the prediction, then every output unit's value.
  const header =
    target.kind === 'classes'
      ? [ROW_COLUMN, target.column, ...target.labels.map((l) => `output:${l}`)]
      : [ROW_COLUMN, ...target.columns];
  const classes = target.kind === 'classes' ? classIndices(outputs) : null;
  const rows: string[][] = [header];
  for (let r = 0; r < outputs.rows; r++) {
    const values = Array.from(
      outputs.data.subarray(r * outputs.cols, (r + 1) * outputs.cols),
      String,
    );
    const row = String(fileRow(table, data, r));
    rows.push(
      classes && target.kind === 'classes'
        ? [row, target.labels[classes[r]], ...values]
        : [row, ...values],
    );
  }
  const text = `${dsvFormat(',').formatRows(rows)}\n`;
  if (o.out) await writeFilesAtomically([{ path: o.out, text }]);
  else process.stdout.write(text);
}
