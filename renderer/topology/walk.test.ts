import { describe, expect, it } from 'vitest';
import type { Selected } from '../inspector/selection.svelte';
import { firstNeuron, isDrawn, keyOf, walk, type Place } from './walk';

/** A 3-2-2 network whose middle layer is drawn as a sample: units 0 and 5 of it. */
const layers = [
  [{ unit: 0 }, { unit: 1 }, { unit: 2 }],
  [{ unit: 0 }, { unit: 5 }],
  [{ unit: 0 }, { unit: 1 }],
];
const neuron = (layer: number, unit: number): Selected => ({ kind: 'neuron', layer, unit });
const connection = (layer: number, from: number, to: number): Selected => ({
  kind: 'connection',
  layer,
  from,
  to,
});
/** The items a run of keys visits from `start`, null where a key means nothing. */
function visit(start: Place, keys: string[]): (string | null)[] {
  let at = start;
  return keys.map((key) => {
    const to = walk(layers, at, key);
    if (to) at = to;
    return to && `${keyOf(to.item)} ${to.via}`;
  });
}

describe('the keyboard walk through the drawing', () => {
  it('starts on the first input neuron, and knows what is drawn', () => {
    expect(firstNeuron(layers)).toEqual(neuron(0, 0));
    expect(firstNeuron([])).toBeNull();
    expect(isDrawn(layers, connection(0, 2, 5))).toBe(true);
    expect(isDrawn(layers, connection(0, 2, 3))).toBe(false);
    expect(isDrawn(layers, neuron(2, 2))).toBe(false);
  });

  it('moves through a layer, then along outgoing connections to the next layer', () => {
    const start: Place = { item: neuron(0, 0), via: 'out' };
    expect(
      visit(start, ['ArrowUp', 'ArrowDown', 'End', 'ArrowLeft', 'ArrowRight', 'ArrowDown', 'End']),
    ).toEqual([
      'n0-0 out', // stays at the top
      'n0-1 out',
      'n0-2 out',
      null, // an input neuron has no incoming connection
      'c0-2-0 out', // w_{3,1}: its first outgoing connection
      'c0-2-5 out', // the next drawn unit of the sampled layer
      'c0-2-5 out',
    ]);
    expect(visit({ item: connection(0, 2, 5), via: 'out' }, ['ArrowRight', 'ArrowRight'])).toEqual([
      'n1-5 out',
      'c1-5-0 out',
    ]);
    expect(walk(layers, { item: neuron(2, 1), via: 'out' }, 'ArrowRight')).toBeNull();
    expect(walk(layers, { item: neuron(2, 1), via: 'out' }, 'Enter')).toBeNull();
  });

  it('walks incoming connections leftwards, and Escape goes back to the neuron it came from', () => {
    const start: Place = { item: neuron(1, 5), via: 'out' };
    expect(visit(start, ['ArrowLeft', 'ArrowDown', 'End', 'Home', 'Escape'])).toEqual([
      'c0-0-5 in', // its first incoming connection, from input 1
      'c0-1-5 in',
      'c0-2-5 in',
      'c0-0-5 in',
      'n1-5 out', // back where the walk came from
    ]);
    expect(visit(start, ['ArrowRight', 'ArrowDown', 'Escape'])).toEqual([
      'c1-5-0 out',
      'c1-5-1 out',
      'n1-5 out',
    ]);
    // ← from a connection reached from its target goes on to its source
    expect(visit(start, ['ArrowLeft', 'ArrowDown', 'ArrowLeft'])).toEqual([
      'c0-0-5 in',
      'c0-1-5 in',
      'n0-1 out',
    ]);
  });
});
