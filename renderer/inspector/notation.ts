// The inspector's view of one Inspection in the app's notation: layers are numbered from 1 (the
// input, x = a⁽¹⁾) to L (the output); W⁽ˡ⁾ (n_{l−1} × n_l) and θ⁽ˡ⁾ feed layer l; neurons are
// numbered from 1. Every number shown comes from the engine's forward cache and backprop as the
// host sent it; only the gradient-descent update W⁽ˡ⁾ − α∂C/∂W⁽ˡ⁾ (a preview the issue asks for)
// and the changes between two inspections are computed here. A weight-shaped matrix wider than
// the inspection's maxShown arrives as its first rows and columns (grid.ts `block`); the update
// and the changes are those of the block.
import type { ActivationName, LossName } from '../../core/types';
import type { Inspection, WeightMaxAbs } from '../../app/shared/api';
import { layerNames, NO_NAMES, type UnitNames } from '../topology/unit-names';
import { block, change, columnVector, type Grid } from './grid';

export type QuantityId =
  'x' | 'y' | 'W' | 'theta' | 'z' | 'a' | 'gPrime' | 'delta' | 'dW' | 'dTheta' | 'update';

export interface Quantity {
  id: QuantityId;
  /** Display layer (1 = input). */
  layer: number;
  /** The symbol alone, in TeX. */
  symbol: string;
  /** The symbol in plain text, e.g. "δ⁽³⁾": the grid's accessible name. */
  name: string;
  /** The defining equation in TeX, or null for a parameter. */
  formula: string | null;
  /** A remark under the formula, in TeX (e.g. the learning rate α), or null. */
  caption?: string | null;
  /** Plain-text name of element (r, c) for hover text and screen readers. */
  cellName: (r: number, c: number) => string;
  grid: Grid;
  /** The same quantity at the previous inspection of this row, as a change; null if none. */
  change: Grid | null;
}

const SUB = '₀₁₂₃₄₅₆₇₈₉';
const SUP = '⁰¹²³⁴⁵⁶⁷⁸⁹';
export const sub = (n: number): string => [...String(n)].map((d) => SUB[+d]).join('');
export const sup = (n: number): string => `⁽${[...String(n)].map((d) => SUP[+d]).join('')}⁾`;

/** L: the number of layers, input included. */
export const layerCount = (ins: Inspection): number => ins.network.topology.length;

const G_TEX: Record<ActivationName, string> = {
  sigmoid: '\\sigma',
  tanh: '\\tanh',
  relu: '\\operatorname{ReLU}',
  'leaky-relu': '\\operatorname{LReLU}',
  identity: '\\operatorname{id}',
  softmax: '\\operatorname{softmax}',
};

/** The activation of display layer l ≥ 2. */
export const activationOf = (ins: Inspection, l: number): ActivationName =>
  ins.network.activations[l - 2];

/** The cost of one row in TeX, by loss (cross-entropy: binary per output for sigmoid). */
export function costTex(loss: LossName, L: number, g: ActivationName = 'softmax'): string {
  const a = `a^{(${L})}`;
  if (loss === 'mse') return `C = \\tfrac12\\,\\lVert ${a} - y \\rVert^2`;
  if (g === 'sigmoid') {
    return `C = -\\textstyle\\sum_k \\left[y_k \\log ${a}_k + (1 - y_k) \\log (1 - ${a}_k)\\right]`;
  }
  return `C = -\\textstyle\\sum_k y_k \\log ${a}_k`;
}

/**
 * δ⁽ᴸ⁾ in TeX: (a − y) ⊙ g′(z) for ½‖a − y‖²; a − y for cross-entropy with its matching g;
 * for ½‖a − y‖² through softmax, the Jacobian of softmax (not diagonal) times a − y.
 */
export function outputDeltaTex(loss: LossName, L: number, g: ActivationName = 'sigmoid'): string {
  if (loss !== 'mse') return `\\delta^{(${L})} = a^{(${L})} - y`;
  if (g === 'softmax') {
    return `\\delta^{(${L})} = J_{\\operatorname{softmax}}(z^{(${L})})^{\\top} (a^{(${L})} - y)`;
  }
  return `\\delta^{(${L})} = (a^{(${L})} - y) \\odot g'(z^{(${L})})`;
}

const NAMES: Partial<Record<QuantityId, string>> = {
  W: 'Wˡ',
  dW: '∂C/∂Wˡ',
  update: 'Wˡ − α∂C/∂Wˡ',
  theta: 'θ',
  gPrime: 'g′(z)',
  dTheta: '∂C/∂θ',
};

function vectorNamer(letter: string, l: number) {
  return (r: number) => `${letter}${sub(r + 1)}${sup(l)}`;
}

/** Element r of a vector, with the name of its unit when known: "x₃ (petal_length)". */
function unitNamer(letter: string, names: readonly string[] | null) {
  return (r: number) => `${letter}${sub(r + 1)}` + (names ? ` (${names[r]})` : '');
}

/** ∂C/∂W and ∂C/∂θ of one row or of the batch mean, with the whole matrices' largest |value|. */
interface Gradients {
  dW: number[][][];
  dTheta: number[][];
  maxAbs: WeightMaxAbs;
}

/** x and y of the inspected row; their elements named by feature and by class or target. */
export function rowQuantities(
  ins: Inspection,
  previous: Inspection | null,
  names: UnitNames = NO_NAMES,
): Quantity[] {
  const x = columnVector(ins.x);
  const y = columnVector(ins.y);
  const same = previous && previous.row === ins.row ? previous : null;
  const top = ins.network.topology;
  return [
    {
      id: 'x',
      layer: 1,
      symbol: 'x',
      name: 'x = a⁽¹⁾',
      formula: 'x = a^{(1)}',
      cellName: unitNamer('x', layerNames(names, top, 0)),
      grid: x,
      change: change(x, same ? columnVector(same.x) : null),
    },
    {
      id: 'y',
      layer: layerCount(ins),
      symbol: 'y',
      name: 'y',
      formula: null,
      cellName: unitNamer('y', layerNames(names, top, top.length - 1)),
      grid: y,
      change: null,
    },
  ];
}

/**
 * Everything of display layer l (2 ≤ l ≤ L), in the order of the derivation. With `batchMean`
 * the gradients are the host's mean over this row's batch instead of this row's alone.
 */
export function layerQuantities(
  ins: Inspection,
  l: number,
  previous: Inspection | null,
  batchMean = false,
): Quantity[] {
  const L = layerCount(ins);
  if (l < 2 || l > L) throw new RangeError(`layer ${l} has no weights: pick 2..${L}`);
  const k = l - 1; // index into z, a, gPrime, delta (0 = input)
  const w = l - 2; // index into W, θ and their gradients (W[0] joins the input to layer 2)
  const same = previous && previous.row === ins.row && layerCount(previous) === L ? previous : null;
  const g = G_TEX[activationOf(ins, l)];
  const grads = batchMean && ins.batchMean ? ins.batchMean : ins;
  const prevGrads = same && (batchMean && same.batchMean ? same.batchMean : same);
  const α = ins.learningRate;

  /** W⁽ˡ⁾ and ∂C/∂W⁽ˡ⁾ of inspection p (or the block of them p holds). */
  const weightsOf = (p: Inspection) =>
    block(p.network.weights[w], p.network.topology[w], p.network.topology[w + 1], p.maxAbs.W[w]);
  const gradientOf = (p: Inspection, pg: Gradients) =>
    block(pg.dW[w], p.network.topology[w], p.network.topology[w + 1], pg.maxAbs.dW[w]);
  // The step plain gradient descent would take: W − α ∂C/∂W.
  const updateOf = (p: Inspection, pg: Gradients): Grid => {
    const pW = weightsOf(p);
    const pdW = gradientOf(p, pg);
    const values = pW.values.map((v, i) => v - p.learningRate * pdW.values[i]);
    return pW.whole
      ? { ...pW, values, whole: { ...pW.whole, maxAbs: pg.maxAbs.update[w] } }
      : { ...pW, values };
  };
  const W = weightsOf(ins);
  const dW = gradientOf(ins, grads);
  const update = updateOf(ins, grads);

  const wName = (r: number, c: number) => `w${sub(r + 1)},${sub(c + 1)}${sup(l)}`;
  const before = <T>(f: (p: Inspection) => T): T | null => (same ? f(same) : null);
  const deltaFormula =
    l === L
      ? outputDeltaTex(ins.loss, L, activationOf(ins, L))
      : `\\delta^{(${l})} = (W^{(${l + 1})}\\delta^{(${l + 1})}) \\odot g'(z^{(${l})})`;
  const gradientFormula =
    grads === ins
      ? `\\frac{\\partial C}{\\partial W^{(${l})}} = a^{(${l - 1})}\\,\\delta^{(${l})\\top}`
      : `\\overline{\\frac{\\partial C}{\\partial W^{(${l})}}} = \\tfrac1m \\textstyle\\sum_r a_r^{(${l - 1})}\\,\\delta_r^{(${l})\\top}`;
  const thetaGradientFormula =
    grads === ins
      ? `\\frac{\\partial C}{\\partial \\theta^{(${l})}} = \\delta^{(${l})}`
      : `\\overline{\\frac{\\partial C}{\\partial \\theta^{(${l})}}} = \\tfrac1m \\textstyle\\sum_r \\delta_r^{(${l})}`;

  const vec = (
    id: QuantityId,
    v: number[],
    pv: number[] | null,
    symbol: string,
    formula: string | null,
    letter: string,
  ): Quantity => {
    const grid = columnVector(v);
    return {
      id,
      layer: l,
      symbol,
      name: `${NAMES[id] ?? letter}${sup(l)}`,
      formula,
      cellName: vectorNamer(letter, l),
      grid,
      change: change(grid, pv ? columnVector(pv) : null),
    };
  };
  const mat = (
    id: QuantityId,
    grid: Grid,
    prev: Grid | null,
    symbol: string,
    formula: string | null,
    name: (r: number, c: number) => string,
  ): Quantity => ({
    id,
    layer: l,
    symbol,
    name: (NAMES[id] ?? id).replaceAll('ˡ', sup(l)),
    formula,
    cellName: name,
    grid,
    change: change(grid, prev),
  });

  return [
    mat('W', W, before(weightsOf), `W^{(${l})}`, null, wName),
    vec(
      'theta',
      ins.network.biases[w],
      before((p) => p.network.biases[w]),
      `\\theta^{(${l})}`,
      null,
      'θ',
    ),
    vec(
      'z',
      ins.z[k],
      before((p) => p.z[k]),
      `z^{(${l})}`,
      `z^{(${l})} = W^{(${l})\\top} a^{(${l - 1})} + \\theta^{(${l})}`,
      'z',
    ),
    vec(
      'a',
      ins.a[k],
      before((p) => p.a[k]),
      `a^{(${l})}`,
      `a^{(${l})} = ${g}(z^{(${l})})`,
      'a',
    ),
    vec(
      'gPrime',
      ins.gPrime[k],
      before((p) => p.gPrime[k]),
      `g'(z^{(${l})})`,
      activationOf(ins, l) === 'softmax'
        ? `\\operatorname{diag} J_{\\operatorname{softmax}}(z^{(${l})}) = a^{(${l})} \\odot (1 - a^{(${l})})`
        : `g'(z^{(${l})}) = ${g}'(z^{(${l})})`,
      'g′',
    ),
    vec(
      'delta',
      ins.delta[k],
      before((p) => p.delta[k]),
      `\\delta^{(${l})}`,
      deltaFormula,
      'δ',
    ),
    mat(
      'dW',
      dW,
      same && prevGrads ? gradientOf(same, prevGrads) : null,
      `\\partial C/\\partial W^{(${l})}`,
      gradientFormula,
      (r, c) => `∂C/∂${wName(r, c)}`,
    ),
    vec(
      'dTheta',
      grads.dTheta[w],
      prevGrads ? prevGrads.dTheta[w] : null,
      `\\partial C/\\partial \\theta^{(${l})}`,
      thetaGradientFormula,
      '∂C/∂θ',
    ),
    mat(
      'update',
      update,
      same && prevGrads ? updateOf(same, prevGrads) : null,
      `W^{(${l})} - \\alpha\\,\\partial C/\\partial W^{(${l})}`,
      `W^{(${l})} - \\alpha\\,\\partial C/\\partial W^{(${l})}`,
      (r, c) => `${wName(r, c)} − α·∂C/∂${wName(r, c)}`,
    ),
  ].map((q) => (q.id === 'update' ? { ...q, caption: `\\alpha = ${fmt(α)}` } : q));
}

/** A number as the inspector prints it beside a formula: 4 significant digits. */
export function fmt(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(digits))) : v.toExponential(digits - 1);
}
