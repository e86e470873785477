// From a loaded table and the user's choices to what the Trainer needs: the encoding schema, the
// seeded split, the normalization fitted on the training rows, and the network's spec. Every
// problem is a DataError (or Error) naming the column, field or layer; nothing here is stateful.
import type { Table } from '../../core/csv';
import {
  checkCrossEntropyTargets,
  checkFloat32Range,
  encode,
  inputNames,
  schemaFromRoles,
  type DataSchema,
  type EncodedData,
} from '../../core/dataset';
import { validateHyperparameters } from '../../core/hyperparameters';
import { validateSpec } from '../../core/network';
import { applyNormalization, fitNormalization, type Normalization } from '../../core/normalization';
import { splitRows, takeRows, type RowSplit } from '../../core/split';
import type { DataSet } from '../../core/train';
import type { NetworkSpec } from '../../core/types';
import type { BadRows, SessionConfig } from '../shared/api';

export interface Prepared {
  schema: DataSchema;
  encoded: EncodedData;
  split: RowSplit;
  normalization: Normalization;
  spec: NetworkSpec;
  /** Class labels of a class target, else null (regression). */
  labels: string[] | null;
  train: DataSet;
  validation: DataSet | null;
  test: DataSet | null;
  /**
   * What was done with rows with an empty or invalid cell (the config's badRows): with
   * 'leave-out', `encoded.dropped` of them were left out, and Predict a file leaves such rows out.
   */
  badRows: BadRows;
}

/**
 * What a network's inputs and outputs mean: the encoding schema (input columns, one-hot
 * categories and class labels in their order) and the normalization. Trained weights are only
 * right with the encoding they were trained with, so a saved project keeps it.
 */
export interface Encoding {
  schema: DataSchema;
  normalization: Normalization;
}

/** Thrown for a configuration that cannot be trained; the message names the field. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * `encoding`: use this schema and normalization (a project's, whose weights were trained with
 * them) instead of deriving them from the table, so that a changed or reordered file cannot give
 * the same weights other class labels, categories or feature scales.
 */
export function prepare(table: Table, config: SessionConfig, encoding?: Encoding): Prepared {
  const hp = config.hyperparameters;
  const problems = validateHyperparameters(hp);
  if (problems.length > 0) {
    throw new ConfigError(
      problems.map((p) => `hyperparameters.${p.field}: ${p.message}`).join('; '),
    );
  }
  const schema =
    encoding?.schema ??
    schemaFromRoles(table, config.roles, { numericClasses: config.targetClasses === true });
  // Rows with an empty or invalid cell are an error naming row and column (the data panel shows
  // it before), or left out, as `backprop --drop-rows` leaves them out.
  const badRows = config.badRows ?? 'refuse';
  const encoded = encode(table, schema, { dtype: 'float64', dropRows: badRows === 'leave-out' });
  const split = splitRows(encoded.X.rows, {
    validation: config.validationFraction,
    test: config.testFraction,
    seed: hp.seed,
    classes: encoded.classes,
  });
  const names = inputNames(table, schema, encoded);
  const normalization =
    encoding?.normalization ??
    fitNormalization(config.normalization, encoded.X, split.train, names);
  const X = applyNormalization(normalization, encoded.X, names);
  if (hp.dtype === 'float32') checkFloat32Range(table, schema, encoded, X);
  checkCrossEntropyTargets(table, schema, encoded, config.loss);
  const take = (rows: Uint32Array): DataSet | null =>
    rows.length === 0 ? null : { X: takeRows(X, rows), Y: takeRows(encoded.Y, rows) };

  const spec: NetworkSpec = {
    topology: [encoded.X.cols, ...config.hiddenLayers.map((h) => h.units), encoded.Y.cols],
    activations: [...config.hiddenLayers.map((h) => h.activation), config.outputActivation],
    loss: config.loss,
  };
  try {
    validateSpec(spec);
  } catch (error) {
    throw new ConfigError(`network: ${(error as Error).message}`);
  }
  return {
    schema,
    encoded,
    split,
    normalization,
    spec,
    labels: schema.target.kind === 'classes' ? [...schema.target.labels] : null,
    train: take(split.train)!,
    validation: take(split.validation),
    test: take(split.test),
    badRows,
  };
}

/** Raw (unnormalized) input rows of a data set's split, for the decision surface's points. */
export function rawRows(prepared: Prepared, rows: Uint32Array) {
  return takeRows(prepared.encoded.X, rows);
}
