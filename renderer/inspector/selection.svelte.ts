// What is selected in the network drawing, shared by the drawing (which sets it on click) and the
// inspector (which shows it). Layers here use the snapshot's numbering (0 = the input layer), as
// NetworkSnapshot does; the inspector converts to the app's notation (layer l + 1) when it writes.
import { createContext } from 'svelte';

export type Selected =
  /** Neuron `unit` of layer `layer` (0 = input). */
  | { kind: 'neuron'; layer: number; unit: number }
  /** w_{from,to} of weights[layer], joining neuron `from` of layer `layer` to `to` of layer + 1. */
  | { kind: 'connection'; layer: number; from: number; to: number };

export class NetworkSelection {
  selected = $state<Selected | null>(null);

  select(item: Selected | null): void {
    this.selected = item;
  }

  isNeuron(layer: number, unit: number): boolean {
    const s = this.selected;
    return s?.kind === 'neuron' && s.layer === layer && s.unit === unit;
  }

  isConnection(layer: number, from: number, to: number): boolean {
    const s = this.selected;
    return s?.kind === 'connection' && s.layer === layer && s.from === from && s.to === to;
  }
}

/** The workspace sets one NetworkSelection; the drawing and the inspector get it. */
export const [getNetworkSelection, setNetworkSelection] = createContext<NetworkSelection>();
