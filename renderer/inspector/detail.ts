// The written-out numbers for a selected neuron or connection, in the app's notation, taken from
// the engine's inspection: for w_{i,j}⁽ˡ⁾ its value, its gradient a_i⁽ˡ⁻¹⁾δ_j⁽ˡ⁾ with both
// factors, and its change since the previous inspection (the last step). An input or output
// neuron's title names what it stands for (its feature, class or target column) when known.
import type { Inspection } from '../../app/shared/api';
import { named, NO_NAMES, unitName, type UnitNames } from '../topology/unit-names';
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
    const value = ins.network.weights[w][i][j];
    const aI = ins.a[w][i];
    const dJ = ins.delta[w + 1][j];
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
        label: `gradient (mean of ${ins.batchMean.rows} rows)`,
        text: `mean over this row's batch of ${ins.batchMean.rows} rows = ${fmt(mean, 6)}`,
        value: mean,
      });
    }
    if (same) {
      const was = same.network.weights[w][i][j];
      lines.push({
        label: 'change at the last step',
        text: `${fmt(was, 6)} → ${fmt(value, 6)} (Δ = ${fmt(value - was, 4)})`,
        value: value - was,
      });
    }
    return { title: `Connection ${name}`, lines };
  }
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
