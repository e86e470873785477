// Predictions for a new file with the current model.
import { csvFormatRows } from 'd3-dsv';
import type { Table } from '../../core/csv';
import { cellText, encode, fileRow, inputNames, ROW_COLUMN } from '../../core/dataset';
import { predict } from '../../core/forward';
import type { Kernels } from '../../core/matrix';
import { classIndices } from '../../core/metrics';
import { applyNormalization } from '../../core/normalization';
import type { Network } from '../../core/types';
import type { Prepared } from './prepare';

/**
 * Predicts every row of `table` with the model's columns: the file's own columns, then the
 * predicted class and one column per output unit (`p(label)` when a softmax makes the outputs a
 * distribution, else `output:label` as the command line has it: sigmoid outputs trained by mse
 * need not sum to 1), or one predicted value per target. A row with an empty or invalid input
 * cell is an error naming it, or, when the run left such rows out (prepared.badRows), left out
 * of the file as `backprop predict --drop-rows` leaves it out (`leftOut` of them, absent if none);
 * then a first column numbers each line's row in the file, as that command's `row` column does
 * (named `file row` if the file has a column `row`), since lines and rows no longer pair up;
 * `rowColumn` says which name it has (absent with no row left out), for the notice to name it.
 */
export function predictTable(
  net: Network,
  prepared: Prepared,
  table: Table,
  kernels?: Kernels,
): { csv: string; rows: number; leftOut?: number; rowColumn?: string } {
  const encoded = encode(table, prepared.schema, {
    withTargets: false,
    dropRows: prepared.badRows === 'leave-out',
  });
  const names = inputNames(table, prepared.schema, encoded);
  const outputs = predict(
    net,
    applyNormalization(prepared.normalization, encoded.X, names),
    kernels,
  );
  const target = prepared.schema.target;
  const numbered = encoded.dropped > 0;
  const rowColumn = table.columns.some((c) => c.name === ROW_COLUMN)
    ? `file ${ROW_COLUMN}`
    : ROW_COLUMN;
  const header = [...(numbered ? [rowColumn] : []), ...table.columns.map((c) => c.name)];
  const labels = prepared.labels;
  if (labels) {
    const column = target.kind === 'classes' ? target.column : 'class';
    const softmax = net.activations[net.activations.length - 1] === 'softmax';
    header.push(
      `predicted ${column}`,
      ...labels.map((label) => (softmax ? `p(${label})` : `output:${label}`)),
    );
  } else {
    header.push(...prepared.encoded.outputs.map((name) => `predicted ${name}`));
  }
  const classes = labels ? classIndices(outputs) : null;
  const lines: string[][] = [header];
  for (let k = 0; k < encoded.X.rows; k++) {
    const r = encoded.sourceRows[k];
    const cells = [
      ...(numbered ? [String(fileRow(table, encoded, k))] : []),
      ...table.columns.map((c) => cellText(c, r)),
    ];
    const out = Array.from(outputs.data.subarray(k * outputs.cols, (k + 1) * outputs.cols), String);
    if (classes && labels) {
      // A single sigmoid output is p(second class); show both probabilities.
      const p = outputs.cols === 1 ? [String(1 - outputs.data[k]), out[0]] : out;
      cells.push(labels[classes[k]], ...p);
    } else cells.push(...out);
    lines.push(cells);
  }
  const csv = csvFormatRows(lines) + '\n';
  return {
    csv,
    rows: encoded.X.rows,
    ...(numbered ? { leftOut: encoded.dropped, rowColumn } : {}),
  };
}
