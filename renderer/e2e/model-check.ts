// Checks a model file the page exported, in Node, with the engine alone: load it, rebuild the
// seeded split of the same CSV, predict the test rows and compute the metrics the page showed.
import { readFileSync } from 'node:fs';
import { readCsv } from '../../core/csv';
import { encode } from '../../core/dataset';
import { predict } from '../../core/forward';
import { computeMetrics } from '../../core/metrics';
import {
  dataSchemaOf,
  modelNetwork,
  modelNormalization,
  parseModel,
} from '../../core/model-format';
import { applyNormalization } from '../../core/normalization';
import { splitRows, takeRows } from '../../core/split';
import type { ClassificationMetrics } from '../../core/types';

export function testMetricsOf(modelPath: string, csvPath: string): ClassificationMetrics {
  const model = parseModel(readFileSync(modelPath, 'utf8'), modelPath);
  const table = readCsv(readFileSync(csvPath, 'utf8'), csvPath);
  const schema = dataSchemaOf(model);
  const encoded = encode(table, schema, { dtype: 'float64' });
  if (!model.training || !model.hyperparameters) throw new Error('model has no training record');
  const split = splitRows(encoded.X.rows, {
    validation: model.training.validationFraction,
    test: model.training.testFraction,
    seed: model.hyperparameters.seed,
    classes: encoded.classes,
  });
  const X = applyNormalization(modelNormalization(model), encoded.X);
  const outputs = predict(modelNetwork(model), takeRows(X, split.test));
  const labels = schema.target.kind === 'classes' ? [...schema.target.labels] : null;
  const metrics = computeMetrics(outputs, takeRows(encoded.Y, split.test), labels);
  if (metrics.kind !== 'classification') throw new Error('expected a classification model');
  return metrics;
}

/** The class the model file predicts for every row of a CSV (in file order). */
export function predictedLabelsOf(modelPath: string, csvPath: string): string[] {
  const model = parseModel(readFileSync(modelPath, 'utf8'), modelPath);
  const table = readCsv(readFileSync(csvPath, 'utf8'), csvPath);
  const schema = dataSchemaOf(model);
  if (schema.target.kind !== 'classes') throw new Error('expected a classification model');
  const encoded = encode(table, schema, { dtype: 'float64', withTargets: false });
  const outputs = predict(
    modelNetwork(model),
    applyNormalization(modelNormalization(model), encoded.X),
  );
  const labels = schema.target.labels;
  return Array.from({ length: outputs.rows }, (_, r) => {
    const row = outputs.data.subarray(r * outputs.cols, (r + 1) * outputs.cols);
    return labels[row.indexOf(Math.max(...row))];
  });
}
