// The written-out numbers for a selected neuron or connection, in the app's notation, taken from
// the engine's inspection: for w_{i,j}⁽ˡ⁾ its value, its gradient a_i⁽ˡ⁻¹⁾δ_j⁽ˡ⁾ with both
// factors, and its change since the previous inspection (the last step). An input or output
// neuron's title names what it stands for (its feature, class or target column) when known.
// The inspection holds only the first rows and columns of a wide W (Inspection.maxShown): a
// connection outside them is written out with what was sent of it, a_i and δ_j, and says so.
import type { Inspection } from '../../app/shared/api';
import { named, NO_NAMES, unitName, type UnitNames } from '../topology/unit-names';
import { formatCountOf } from '../training/format';
import { fmt, sub, sup } from './notation';
import type { Selected } from './selection.svelte';

export interface DetailLine {
  label: string;
  /** Plain text with the numbers. */
  text: string;
  /** The number itself, full precision (for tests and hover). */
  value: number | null;
}

export interface Detail {
  title: string;
  lines: DetailLine[];
}

export function describe(
  sel: Selected,
  ins: Inspection,
  previous: Inspection | null,
  batchMean: boolean,
  names: UnitNames = NO_NAMES,
): Detail | null {
  const same = previous && previous.row === ins.row ? previous : null;
  const top = ins.network.topology;
  if (sel.kind === 'connection') {
    const { layer: w, from: i, to: j } = sel;
    if (w < 0 || w >= top.length - 1 || i >= top[w] || j >= top[w + 1]) return null;
    const l = w + 2; // W⁽ˡ⁾ in the app's notation
    const name = `w${sub(i + 1)},${sub(j + 1)}${sup(l)}`;
    const aI = ins.a[w][i];
    const dJ = ins.delta[w + 1][j];
    const sent = ins.network.weights[w];
    if (i >= sent.length || j >= (sent[0]?.length ?? 0)) {
      return { title: `Connection ${name}`, lines: notSent(name, l, i, j, aI, dJ, ins) };
    }
    const value = sent[i][j];
    const grad = ins.dW[w][i][j];
    const lines: DetailLine[] = [
      { label: 'value', text: `${name} = ${fmt(value, 6)}`, value },
      {
        label: 'gradient (this row)',
        text:
          `∂C/∂${name} = a${sub(i + 1)}${sup(l - 1)} · δ${sub(j + 1)}${sup(l)} = ` +
          `${fmt(aI, 6)} × ${fmt(dJ, 6)} = ${fmt(grad, 6)}`,
        value: grad,
      },
    ];
    if (batchMean && ins.batchMean) {
      const mean = ins.batchMean.dW[w][i][j];
      lines.push({
        label: `gradient (mean of ${formatCountOf(ins.batchMean.rows, 'row')})`,
        text: `mean over this row's batch of ${formatCountOf(ins.batchMean.rows, 'row')} = ${fmt(mean, 6)}`,
        value: mean,
      });
    }
    const was = same?.network.weights[w]?.[i]?.[j];
    if (was !== undefined) {
      lines.push({
        label: 'change at the last step',
        text: `${fmt(was, 6)} → ${fmt(value, 6)} (Δ = ${fmt(value - was, 4)})`,
        value: value - was,
      });
    }
    return { title: `Connection ${name}`, lines };
  }
  return neuron(sel, ins, same, names);
}

/** A connection whose W entry and gradient the inspection does not hold: its factors only. */
function notSent(
  name: string,
  l: number,
  i: number,
  j: number,
  aI: number,
  dJ: number,
  ins: Inspection,
): DetailLine[] {
  const top = ins.network.topology;
  const rows = Math.min(top[l - 2], ins.maxShown);
  const cols = Math.min(top[l - 1], ins.maxShown);
  return [
    {
      label: 'not sent',
      text:
        `${name} is not among the first ${rows} rows and ${cols} columns of the ` +
        `${top[l - 2]} × ${top[l - 1]} W${sup(l)} the inspector receives; its factors:`,
      value: null,
    },
    {
      label: `a${sub(i + 1)}${sup(l - 1)}`,
      text: `a${sub(i + 1)}${sup(l - 1)} = ${fmt(aI, 6)}`,
      value: aI,
    },
    {
      label: `δ${sub(j + 1)}${sup(l)}`,
      text: `δ${sub(j + 1)}${sup(l)} = ${fmt(dJ, 6)}`,
      value: dJ,
    },
  ];
}

function neuron(
  sel: Extract<Selected, { kind: 'neuron' }>,
  ins: Inspection,
  same: Inspection | null,
  names: UnitNames,
): Detail | null {
  const top = ins.network.topology;
  const { layer: k, unit: j } = sel;
  if (k < 0 || k >= top.length || j >= top[k]) return null;
  const l = k + 1;
  const at = `${sub(j + 1)}${sup(l)}`;
  const name = unitName(names, top, k, j);
  if (k === 0) {
    return {
      title: named(`Input neuron ${j + 1}`, name),
      lines: [
        {
          label: 'input',
          text: `x${sub(j + 1)} = a${at} = ${fmt(ins.a[0][j], 6)}`,
          value: ins.a[0][j],
        },
      ],
    };
  }
  const lines: DetailLine[] = [
    { label: 'z', text: `z${at} = ${fmt(ins.z[k][j], 6)}`, value: ins.z[k][j] },
    { label: 'a', text: `a${at} = g(z${at}) = ${fmt(ins.a[k][j], 6)}`, value: ins.a[k][j] },
    { label: "g'", text: `g′(z${at}) = ${fmt(ins.gPrime[k][j], 6)}`, value: ins.gPrime[k][j] },
    {
      label: 'δ',
      text: `δ${at} = ∂C/∂θ${at} = ${fmt(ins.delta[k][j], 6)}`,
      value: ins.delta[k][j],
    },
    {
      label: 'θ',
      text: `θ${at} = ${fmt(ins.network.biases[k - 1][j], 6)}`,
      value: ins.network.biases[k - 1][j],
    },
  ];
  if (same && same.network.topology[k] === top[k]) {
    const was = same.network.biases[k - 1][j];
    const now = ins.network.biases[k - 1][j];
    lines.push({
      label: 'change at the last step',
      text: `θ${at}: ${fmt(was, 6)} → ${fmt(now, 6)} (Δ = ${fmt(now - was, 4)})`,
      value: now - was,
    });
  }
  return { title: named(`Neuron ${j + 1} of layer ${l}`, name), lines };
}
