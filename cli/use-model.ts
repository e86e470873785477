// What predict and evaluate share: a model and a CSV in, the rows encoded and normalized exactly as
// in training (by column name, through the model file alone), the network's outputs out.
import { encode, inputNames, type EncodedData } from '../core/dataset';
import { predict } from '../core/forward';
import { createFastestKernels } from '../core/wasm/wasm-kernels';
import {
  dataSchemaOf,
  modelNetwork,
  modelNormalization,
  type ModelFile,
} from '../core/model-format';
import { applyNormalization } from '../core/normalization';
import type { Table } from '../core/csv';
import type { Kernels } from '../core/matrix';
import type { Matrix, Network } from '../core/types';

export interface ModelRun {
  network: Network;
  data: EncodedData;
  /** Normalized inputs. */
  X: Matrix;
  outputs: Matrix;
  labels: string[] | null;
  /** The kernels that computed the outputs (for more passes over the same network). */
  kernels: Kernels;
}

export function runModel(
  model: ModelFile,
  table: Table,
  options: { withTargets: boolean; dropRows: boolean },
): ModelRun {
  const network = modelNetwork(model);
  const kernels = createFastestKernels();
  const schema = dataSchemaOf(model);
  const data = encode(table, schema, options);
  const X = applyNormalization(modelNormalization(model), data.X, inputNames(table, schema, data));
  return {
    network,
    data,
    X,
    outputs: predict(network, X, kernels),
    labels: model.target.kind === 'classes' ? model.target.labels : null,
    kernels,
  };
}
