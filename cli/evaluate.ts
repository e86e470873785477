// `backprop evaluate`: a model's loss and metrics on a labelled CSV file.
import { CostEvaluator } from '../core/backprop';
import { computeMetrics } from '../core/metrics';
import { UsageError } from './errors';
import { readDataFile, readModel } from './files';
import type { Io } from './io';
import { confusionTable, evaluationTable, jsonLine } from './report';
import { HELP, parseOptions } from './usage';
import { runModel } from './use-model';

export async function evaluateCommand(args: string[], io: Io): Promise<void> {
  const o = parseOptions('evaluate', args);
  if (o.help) return io.out(HELP);
  if (!o.model) throw new UsageError('evaluate needs --model MODEL.json');
  if (!o.data) throw new UsageError('evaluate needs --data FILE');
  const model = await readModel(o.model);
  const table = await readDataFile(o.data, io.progress);
  const run = runModel(model, table, { withTargets: true, dropRows: Boolean(o['drop-rows']) });
  const Y = run.data.Y;
  const evaluation = {
    loss: new CostEvaluator(run.network, run.kernels).cost(run.X, Y),
    metrics: computeMetrics(
      run.outputs,
      Y,
      run.labels,
      model.target.kind === 'numeric' ? model.target.columns : undefined,
    ),
  };
  if (o.json) {
    io.out(jsonLine({ rows: Y.rows, dropped: run.data.dropped, ...evaluation }));
    return;
  }
  io.out(
    [
      `${o.data}: ${Y.rows} rows${run.data.dropped ? ` (${run.data.dropped} dropped)` : ''}`,
      ...evaluationTable([['', evaluation]]),
      ...confusionTable(evaluation.metrics),
    ].join('\n'),
  );
}
