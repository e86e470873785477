// The network as the page draws it: its shape, activations, the names of its input and output
// units, and its weights. The drawing shows at most MAX_DRAWN_UNITS units a layer, so with
// `maxUnits` a wider layer is sent as the units it shows (sampleUnits), and the weights between
// them alone: a layer of 4096 units has 16.7 M weights to the next, 134 MB in one message, asked
// for every 750 ms while training.
import { featureNames, outputNames, type DataSchema } from '../../core/dataset';
import { networkToArrays } from '../../core/network';
import type { Network } from '../../core/types';
import type { NetworkSnapshot } from '../shared/api';
import { sampleUnits } from '../shared/sample-units';

export function snapshot(net: Network, schema?: DataSchema, maxUnits?: number): NetworkSnapshot {
  const names = schema && { names: { inputs: featureNames(schema), outputs: outputNames(schema) } };
  const shape = { topology: [...net.topology], activations: [...net.activations], ...names };
  if (maxUnits === undefined || net.topology.every((n) => n <= maxUnits))
    return { ...shape, ...networkToArrays(net) };
  const units = net.topology.map((n) => sampleUnits(n, maxUnits));
  // w_{i,j} of W⁽ˡ⁾ for the drawn i of layer l and j of layer l + 1; θ_j of the drawn j.
  const weights = net.W.map((W, l) => {
    const cols = net.topology[l + 1];
    return units[l].map((i) => units[l + 1].map((j) => W[i * cols + j]));
  });
  const biases = net.theta.map((theta, l) => units[l + 1].map((j) => theta[j]));
  return { ...shape, weights, biases, units };
}
