// Where each neuron and connection of the network drawing goes. A layer wider than `maxUnits`
// is drawn as an evenly spaced sample of its units (first and last included), and says so. Room
// can be kept free left of the first layer and right of the last (for the neurons' names).
import { MAX_DRAWN_UNITS, sampleUnits } from '../../app/shared/sample-units';

export interface DrawnUnit {
  layer: number;
  /** Index of the unit within its layer. */
  unit: number;
  x: number;
  y: number;
}

export interface DrawnEdge {
  from: DrawnUnit;
  to: DrawnUnit;
  /** w_{i,j} from the trained network, or null before training. */
  weight: number | null;
}

export interface NetworkLayout {
  layers: DrawnUnit[][];
  edges: DrawnEdge[];
  /** Largest |w| among the drawn edges (for line widths). */
  maxAbs: number;
  /** "Layer 2: 12 of 64 units drawn" for each sampled layer. */
  notes: string[];
}

/** Vertical distance between the centres of a layer's `drawn` units. */
export function unitSpacing(drawn: number, height: number, padding: number): number {
  return (height - 2 * padding) / Math.max(drawn, 1);
}

export interface LayoutOptions {
  width: number;
  height: number;
  /** @default MAX_DRAWN_UNITS */
  maxUnits?: number;
  /** @default 24 */
  padding?: number;
  /** Room kept free left of the first layer and right of the last, inside the padding. */
  inset?: { left: number; right: number };
}

/**
 * The trained weights the edges are drawn with: w_{i,j} = weights[l][i][j], or, for a network
 * sent sampled (NetworkSnapshot.units), weights[l][r][c] joining units[l][r] to units[l + 1][c].
 */
export interface DrawnWeights {
  weights: number[][][];
  units?: number[][];
}

export function layoutNetwork(
  sizes: number[],
  trained: DrawnWeights | null,
  {
    width,
    height,
    maxUnits = MAX_DRAWN_UNITS,
    padding = 24,
    inset = { left: 0, right: 0 },
  }: LayoutOptions,
): NetworkLayout {
  const notes: string[] = [];
  const left = padding + inset.left;
  const dx = sizes.length > 1 ? (width - left - inset.right - padding) / (sizes.length - 1) : 0;
  const layers = sizes.map((n, l) => {
    const shown = sampleUnits(n, maxUnits);
    if (shown.length < n)
      notes.push(`${layerName(l, sizes.length)}: ${shown.length} of ${n} units drawn`);
    const dy = unitSpacing(shown.length, height, padding);
    return shown.map((unit, k) => ({
      layer: l,
      unit,
      x: left + l * dx,
      y: padding + dy * (k + 0.5),
    }));
  });
  const edges: DrawnEdge[] = [];
  let maxAbs = 0;
  // Where a unit's weights are in a sampled network's rows and columns.
  const position = (l: number, unit: number): number =>
    trained?.units ? (trained.units[l]?.indexOf(unit) ?? -1) : unit;
  for (let l = 0; l + 1 < layers.length; l++) {
    const W = trained?.weights[l];
    for (const from of layers[l])
      for (const to of layers[l + 1]) {
        const weight = W?.[position(l, from.unit)]?.[position(l + 1, to.unit)] ?? null;
        if (weight !== null) maxAbs = Math.max(maxAbs, Math.abs(weight));
        edges.push({ from, to, weight });
      }
  }
  return { layers, edges, maxAbs, notes };
}

export function layerName(l: number, count: number): string {
  return l === 0 ? 'Input layer' : l === count - 1 ? 'Output layer' : `Hidden layer ${l}`;
}
