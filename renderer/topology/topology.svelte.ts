// The layers between input and output, the output activation and the loss. Input and output
// sizes are not stored here: they follow the dataset.
import { MAX_UNITS } from '../../core/network';
import type { ActivationName, LossName } from '../../core/types';
import { parseDecimal } from '../fields/decimal';

export { HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS } from '../../core/activation';
export const LOSSES: { value: LossName; label: string }[] = [
  { value: 'mse', label: 'Mean squared error' },
  { value: 'cross-entropy', label: 'Cross-entropy' },
];
export { MAX_UNITS };

export interface HiddenLayer {
  /** Stable identity for keyed lists while layers are reordered. */
  id: number;
  /** NaN while the field holds no number (empty, or `typed`). */
  units: number;
  activation: ActivationName;
  /** The Units text as typed when it is no decimal number ("0x10"), kept for the field. */
  typed?: string;
}

let nextId = 1;

export class TopologyState {
  layers = $state<HiddenLayer[]>([]);
  outputActivation = $state<ActivationName>('softmax');
  loss = $state<LossName>('cross-entropy');

  /** Problems that stop training, each naming the layer. */
  readonly problems = $derived.by(() => {
    const out: string[] = [];
    this.layers.forEach((layer, i) => {
      const read = layer.typed === undefined ? null : parseDecimal(layer.typed);
      if (read && !read.ok) out.push(`Hidden layer ${i + 1}: units ${read.problem}.`);
      else if (!Number.isInteger(layer.units) || layer.units < 1 || layer.units > MAX_UNITS)
        out.push(`Hidden layer ${i + 1}: units must be a whole number from 1 to ${MAX_UNITS}.`);
    });
    if (this.loss === 'cross-entropy' && !['softmax', 'sigmoid'].includes(this.outputActivation))
      out.push('Cross-entropy needs a softmax or sigmoid output layer.');
    return out;
  });

  add(units = 8, activation: ActivationName = 'tanh'): void {
    this.layers.push({ id: nextId++, units, activation });
  }

  /** Sets the units or the activation of layer `index`. */
  update(index: number, change: Partial<Pick<HiddenLayer, 'units' | 'activation'>>): void {
    Object.assign(this.layers[index], change);
    if (change.units !== undefined) delete this.layers[index].typed;
  }

  /** The Units field's text as typed: its number, or NaN and the text when it is no number. */
  enterUnits(index: number, text: string): void {
    const read = parseDecimal(text);
    if (read.ok) return this.update(index, { units: read.value ?? Number.NaN });
    Object.assign(this.layers[index], { units: Number.NaN, typed: text });
  }

  remove(index: number): void {
    this.layers.splice(index, 1);
  }

  /** Moves layer `index` by `delta` places (−1 up, +1 down), if there is room. */
  move(index: number, delta: number): void {
    const to = index + delta;
    if (to < 0 || to >= this.layers.length) return;
    const [layer] = this.layers.splice(index, 1);
    this.layers.splice(to, 0, layer);
  }

  /** Sensible output layer and loss for the kind of target. */
  suggest(classification: boolean): void {
    this.outputActivation = classification ? 'softmax' : 'identity';
    this.loss = classification ? 'cross-entropy' : 'mse';
  }

  set(layers: { units: number; activation: ActivationName }[]): void {
    this.layers = layers.map((l) => ({ id: nextId++, ...l }));
  }
}
