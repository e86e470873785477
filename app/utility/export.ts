// Export of the current model: the model file of core/model-format.ts (JSON) and one CSV file per
// layer for W⁽ˡ⁾ and θ⁽ˡ⁾. The session hands the texts to main, which writes them atomically; the
// model file's in chunks of about a megabyte (modelJsonPieces, chunked), so no size makes it one string.
import { CostEvaluator } from '../../core/backprop';
import type { Kernels } from '../../core/matrix';
import { chunked } from '../../core/json-pieces';
import { createModel, layerCsvFiles, modelJsonPieces } from '../../core/model-format';
import type { EpochProgress, Network, StopReason } from '../../core/types';
import type { SessionConfig } from '../shared/api';
import type { ExportedModel } from '../shared/ipc';
import type { Prepared } from './prepare';

export interface ExportInput {
  network: Network;
  prepared: Prepared;
  config: SessionConfig;
  stopReason: StopReason | null;
  stopDetail?: string;
  history: readonly EpochProgress[];
  /** What to compute the final losses with (the kernels the run trained with; default plain). */
  kernels?: Kernels;
}

export function exportModel(input: ExportInput): ExportedModel {
  const { network, prepared, config } = input;
  const evaluator = new CostEvaluator(network, input.kernels);
  const loss = (data: Prepared['test']) => (data ? evaluator.cost(data.X, data.Y) : null);
  const last = input.history[input.history.length - 1];
  const model = createModel({
    network,
    schema: prepared.schema,
    normalization: prepared.normalization,
    hyperparameters: config.hyperparameters,
    training: {
      validationFraction: config.validationFraction,
      testFraction: config.testFraction,
      epochs: last?.epoch ?? 0,
      stopReason: input.stopReason,
      stopDetail: input.stopDetail ?? '',
      finalLoss: {
        train: loss(prepared.train),
        validation: loss(prepared.validation),
        test: loss(prepared.test),
      },
    },
  });
  return { model: [...chunked(modelJsonPieces(model))], files: layerCsvFiles(model) };
}
