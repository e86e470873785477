// What the input and output neurons stand for, for the network drawing and the backprop
// inspector: an input unit is its feature as the model file and W1.csv name it (a number's column,
// or "column=category" for a unit of a one-hot text column); an output unit is its class label,
// or for a regression its target column. Hidden neurons have only their numbers. A list whose
// length is not its layer's width names nothing (a reopened project whose file changed): the units
// are then numbered, never given a wrong name.
import type { NetworkSnapshot, TrainingFinished } from '../../app/shared/api';

export interface UnitNames {
  /** Input unit j's name, or null when unknown. */
  inputs: readonly string[] | null;
  /** Output unit j's name, or null when unknown. */
  outputs: readonly string[] | null;
}

export const NO_NAMES: UnitNames = { inputs: null, outputs: null };

/**
 * The names for the network on screen. Those of the encoding its weights were trained with, when
 * the training process sent them with the network (`network.names`). Else the inputs the dataset
 * settings give, and the outputs of the trained classifier (its results' labels, in the order of
 * that encoding) when there is one, else those the dataset settings imply.
 */
export function unitNamesOf(
  dataset: { inputNames: readonly string[]; outputNames: readonly string[] | null },
  finished: TrainingFinished | null,
  network: NetworkSnapshot | null = null,
): UnitNames {
  if (network?.names) return network.names;
  const trained = finished?.train.metrics;
  return {
    inputs: dataset.inputNames,
    outputs: trained?.kind === 'classification' ? trained.labels : dataset.outputNames,
  };
}

/** The names of a layer (0 = input) of a network of these sizes, if known and one a unit. */
export function layerNames(
  names: UnitNames,
  sizes: readonly number[],
  layer: number,
): readonly string[] | null {
  const list = layer === 0 ? names.inputs : layer === sizes.length - 1 ? names.outputs : null;
  return list && list.length === sizes[layer] ? list : null;
}

/** The name of unit `unit` of layer `layer` (0 = input), or null (hidden, or unknown). */
export function unitName(
  names: UnitNames,
  sizes: readonly number[],
  layer: number,
  unit: number,
): string | null {
  return layerNames(names, sizes, layer)?.[unit] ?? null;
}

/** A label with the unit's name after it: "Input layer, unit 3: petal_length". */
export function named(label: string, name: string | null): string {
  return name === null ? label : `${label}: ${name}`;
}
