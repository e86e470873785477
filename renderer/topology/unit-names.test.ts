// The names of the input and output neurons: features, then the trained classifier's labels or
// the dataset's, and numbers only when a list does not fit its layer.
import { describe, expect, it } from 'vitest';
import type { NetworkSnapshot } from '../../app/shared/api';
import { FINISHED } from '../test/fake-api';
import { layerNames, named, NO_NAMES, unitName, unitNamesOf } from './unit-names';

const IRIS = {
  inputNames: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
  outputNames: null,
};

/** A 4–3 network, without names. */
const SNAPSHOT: NetworkSnapshot = {
  topology: [4, 3],
  activations: ['softmax'],
  weights: [Array.from({ length: 4 }, () => [0, 0, 0])],
  biases: [[0, 0, 0]],
};

describe('unitNamesOf', () => {
  it("prefers the trained classifier's labels to what the dataset settings imply", () => {
    const wrong = { ...IRIS, outputNames: ['virginica', 'setosa', 'versicolor'] };
    expect(unitNamesOf(wrong, FINISHED).outputs).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(unitNamesOf(wrong, null).outputs).toEqual(['virginica', 'setosa', 'versicolor']);
    expect(unitNamesOf(IRIS, null)).toEqual({ inputs: IRIS.inputNames, outputs: null });
  });

  it('takes the names the network came with (its encoding) over the dataset settings', () => {
    // The file was sorted the other way round since: its settings now give virginica first.
    const changed = { ...IRIS, outputNames: ['virginica', 'versicolor', 'setosa'] };
    const trainedWith = {
      inputs: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
      outputs: ['setosa', 'versicolor', 'virginica'],
    };
    const network = { ...SNAPSHOT, names: trainedWith };
    expect(unitNamesOf(changed, null, network)).toEqual(trainedWith);
    expect(unitNamesOf(changed, null, SNAPSHOT).outputs).toEqual(changed.outputNames);
  });

  it("takes the dataset's target columns after a regression's results", () => {
    const regression = {
      ...FINISHED,
      train: {
        loss: 0.1,
        metrics: {
          kind: 'regression' as const,
          ...{ rmse: 1, mae: 1, r2: 0.5 },
          targets: [{ column: 'progression', rmse: 1, mae: 1, r2: 0.5 }],
        },
      },
    };
    const data = { inputNames: ['age', 'bmi'], outputNames: ['progression'] };
    expect(unitNamesOf(data, regression).outputs).toEqual(['progression']);
  });
});

describe('unitName', () => {
  const names = unitNamesOf(IRIS, FINISHED);

  it('names input and output units, and leaves hidden ones to their numbers', () => {
    expect(unitName(names, [4, 8, 3], 0, 2)).toBe('petal_length');
    expect(unitName(names, [4, 8, 3], 2, 1)).toBe('versicolor');
    expect(unitName(names, [4, 8, 3], 1, 1)).toBeNull();
    expect(unitName(names, [4, 3], 1, 0)).toBe('setosa'); // no hidden layer
    expect(unitName(NO_NAMES, [4, 8, 3], 0, 2)).toBeNull();
  });

  it('names nothing of a layer whose width is not the number of names', () => {
    expect(layerNames(names, [5, 8, 3], 0)).toBeNull();
    expect(unitName(names, [5, 8, 3], 0, 0)).toBeNull();
    expect(unitName(names, [4, 8, 2], 2, 0)).toBeNull();
    expect(unitName(names, [5, 8, 3], 2, 0)).toBe('setosa');
  });
});

describe('named', () => {
  it('puts the name after the numbered label, or leaves the label', () => {
    expect(named('Input layer, unit 3', 'petal_length')).toBe('Input layer, unit 3: petal_length');
    expect(named('Input layer, unit 3', null)).toBe('Input layer, unit 3');
  });
});
