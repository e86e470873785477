// Walking the network drawing from the keyboard (one Tab stop, a roving tabindex). On a neuron,
// ↑ ↓ Home End move through its layer; → goes along its first outgoing connection, ← along its
// first incoming one. On a connection, ↑ ↓ Home End move through the connections of the neuron
// the walk came from (its outgoing ones, or its incoming ones); → goes on to the neuron it leads
// to, ← back to the one it comes from; Escape returns to the neuron the walk came from. Only the
// drawn units count: a sampled layer is walked through its sample.
import type { Selected } from '../inspector/selection.svelte';
import type { DrawnUnit } from './layout';

/** Which end of a connection the walk reached it from: its source neuron, or its target. */
export type Via = 'out' | 'in';

/** Where the keyboard is: a neuron or connection, and for a connection the end it came from. */
export interface Place {
  item: Selected;
  via: Via;
}

/** The drawn units, layer by layer (NetworkLayout.layers). */
type Layers = readonly (readonly Pick<DrawnUnit, 'unit'>[])[];

/** The id of an item's element in the drawing (its data-key). */
export function keyOf(item: Selected): string {
  return item.kind === 'neuron'
    ? `n${item.layer}-${item.unit}`
    : `c${item.layer}-${item.from}-${item.to}`;
}

/** The first drawn input neuron: where the Tab stop is before the keyboard has been anywhere. */
export function firstNeuron(layers: Layers): Selected | null {
  const first = layers[0]?.[0];
  return first ? { kind: 'neuron', layer: 0, unit: first.unit } : null;
}

const drawn = (layers: Layers, l: number, unit: number): boolean =>
  layers[l]?.some((u) => u.unit === unit) ?? false;

/** Whether the drawing shows this item (a change of topology may have taken it away). */
export function isDrawn(layers: Layers, item: Selected): boolean {
  return item.kind === 'neuron'
    ? drawn(layers, item.layer, item.unit)
    : drawn(layers, item.layer, item.from) && drawn(layers, item.layer + 1, item.to);
}

/** The unit ↑ ↓ Home End move to among `units` from `unit`, or null for another key. */
function along(units: Layers[number], unit: number, key: string): number | null {
  const k = units.findIndex((u) => u.unit === unit);
  const last = units.length - 1;
  const to =
    key === 'ArrowUp'
      ? Math.max(k - 1, 0)
      : key === 'ArrowDown'
        ? Math.min(k + 1, last)
        : key === 'Home'
          ? 0
          : key === 'End'
            ? last
            : -1;
  return to < 0 ? null : (units[to]?.unit ?? null);
}

/** Where `key` takes the keyboard from `at`, or null if the key means nothing there. */
export function walk(layers: Layers, at: Place, key: string): Place | null {
  const { item } = at;
  if (item.kind === 'neuron') {
    const { layer: l, unit } = item;
    const next = layers[l + 1]?.[0];
    const previous = l > 0 ? layers[l - 1]?.[0] : undefined;
    if (key === 'ArrowRight')
      return next
        ? { item: { kind: 'connection', layer: l, from: unit, to: next.unit }, via: 'out' }
        : null;
    if (key === 'ArrowLeft')
      return previous
        ? { item: { kind: 'connection', layer: l - 1, from: previous.unit, to: unit }, via: 'in' }
        : null;
    const to = along(layers[l] ?? [], unit, key);
    return to === null ? null : { item: { kind: 'neuron', layer: l, unit: to }, via: 'out' };
  }
  const { layer: l, from, to } = item;
  const source: Place = { item: { kind: 'neuron', layer: l, unit: from }, via: 'out' };
  const target: Place = { item: { kind: 'neuron', layer: l + 1, unit: to }, via: 'out' };
  if (key === 'ArrowRight') return target;
  if (key === 'ArrowLeft') return source;
  if (key === 'Escape') return at.via === 'out' ? source : target;
  if (at.via === 'out') {
    const j = along(layers[l + 1] ?? [], to, key);
    return j === null ? null : { item: { ...item, to: j }, via: 'out' };
  }
  const i = along(layers[l] ?? [], from, key);
  return i === null ? null : { item: { ...item, from: i }, via: 'in' };
}
