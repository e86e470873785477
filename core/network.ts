// A network: its spec (topology, g per layer, loss) and its parameters. W[l] joins layer l to
// layer l+1 (layer 0 is the input) and is stored row-major n_l × n_{l+1}, so
// W[l][i·n_{l+1} + j] = w_{i,j}; theta[l][j] = θ_j of layer l+1. The app's notation counts layers
// from the input, a⁽¹⁾ = x, and neurons from 1: W⁽ˡ⁾ = W[l − 2] and θ⁽ˡ⁾ = theta[l − 2], and
// w_{i,j}⁽ˡ⁾ = W[l − 2][(i − 1)·n + j − 1] with n the units of layer l. Errors name layers and
// neurons that way.
import { allocate, type Allocator } from './matrix';
import type { Random } from './random';
import {
  ACTIVATION_NAMES,
  INIT_SCHEMES,
  LOSS_NAMES,
  type DType,
  type FloatArray,
  type InitScheme,
  type Network,
  type NetworkSpec,
} from './types';

/** The widest hidden layer the app's topology editor, its messages and the CLI accept. */
export const MAX_UNITS = 4096;

/** Layer names as the app writes them: W⁽²⁾ is the weight matrix into layer 2 (the input is 1). */
const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
export function superscript(n: number): string {
  const digits = String(n)
    .split('')
    .map((d) => SUPERSCRIPT[Number(d)])
    .join('');
  return `⁽${digits}⁾`;
}

/** Checks a spec; throws an Error naming the layer and what is wrong. */
export function validateSpec(spec: NetworkSpec): void {
  const { topology, activations, loss } = spec;
  if (!Array.isArray(topology) || topology.length < 2) {
    throw new Error('topology must list at least two layers (inputs and outputs)');
  }
  topology.forEach((units, l) => {
    if (!Number.isInteger(units) || units < 1) {
      throw new Error(
        `topology: layer ${l + 1} must have a whole number of units ≥ 1, got ${units}`,
      );
    }
  });
  const L = topology.length;
  if (!Array.isArray(activations) || activations.length !== L - 1) {
    throw new Error(
      `activations: expected ${L - 1} (one per layer after the input), got ${activations?.length}`,
    );
  }
  activations.forEach((g, i) => {
    if (!ACTIVATION_NAMES.includes(g)) {
      throw new Error(
        `activations: layer ${i + 2} has unknown activation "${g}" (one of ${ACTIVATION_NAMES.join(', ')})`,
      );
    }
    if (g === 'softmax' && i !== L - 2) {
      throw new Error(`activations: softmax is for the output layer only, not layer ${i + 2}`);
    }
  });
  if (!LOSS_NAMES.includes(loss)) {
    throw new Error(`loss: unknown loss "${loss}" (one of ${LOSS_NAMES.join(', ')})`);
  }
  const output = activations[L - 2];
  if (loss === 'cross-entropy' && output !== 'softmax' && output !== 'sigmoid') {
    throw new Error(`loss: cross-entropy needs a sigmoid or softmax output layer, not ${output}`);
  }
  if (output === 'softmax' && topology[L - 1] < 2) {
    throw new Error('activations: a softmax output layer needs at least 2 units');
  }
}

function emptyNetwork(spec: NetworkSpec, dtype: DType, alloc: Allocator = allocate): Network {
  validateSpec(spec);
  const { topology } = spec;
  const W: FloatArray[] = [];
  const theta: FloatArray[] = [];
  for (let l = 0; l + 1 < topology.length; l++) {
    W.push(alloc(dtype, topology[l] * topology[l + 1]));
    theta.push(alloc(dtype, topology[l + 1]));
  }
  return {
    topology: [...topology],
    activations: [...spec.activations],
    loss: spec.loss,
    dtype,
    W,
    theta,
  };
}

/**
 * A network with seeded random parameters. For W[l] with fan_in = n_l, fan_out = n_{l+1}:
 * - uniform (default): w, θ ~ U(−1/√fan_in, 1/√fan_in) (PyTorch's nn.Linear default);
 * - xavier: w ~ U(−√(6/(fan_in+fan_out)), +√(6/(fan_in+fan_out))), θ = 0 (Glorot and Bengio);
 * - he: w ~ N(0, 2/fan_in), θ = 0 (He et al., for relu layers).
 */
export function createNetwork(
  spec: NetworkSpec,
  options: { dtype: DType; initScheme: InitScheme; random: Random },
): Network {
  const { dtype, initScheme, random } = options;
  if (!INIT_SCHEMES.includes(initScheme)) {
    throw new Error(
      `initScheme: unknown scheme "${initScheme}" (one of ${INIT_SCHEMES.join(', ')})`,
    );
  }
  const net = emptyNetwork(spec, dtype);
  for (let l = 0; l < net.W.length; l++) {
    const fanIn = net.topology[l];
    const fanOut = net.topology[l + 1];
    const W = net.W[l];
    const theta = net.theta[l];
    if (initScheme === 'uniform') {
      const bound = 1 / Math.sqrt(fanIn);
      for (let i = 0; i < W.length; i++) W[i] = random.uniform(-bound, bound);
      for (let j = 0; j < theta.length; j++) theta[j] = random.uniform(-bound, bound);
    } else if (initScheme === 'xavier') {
      const bound = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < W.length; i++) W[i] = random.uniform(-bound, bound);
    } else {
      const std = Math.sqrt(2 / fanIn);
      for (let i = 0; i < W.length; i++) W[i] = std * random.normal();
    }
  }
  return net;
}

/**
 * A network from nested arrays in the model-file convention: weights[l][i][j] = w_{i,j} from
 * neuron i of layer l to neuron j of layer l+1; biases[l][j] = θ_j of layer l+1. Errors name the
 * field as the file has it, `field` + `weights[1][2]` (a project's `parameters.weights[1][2]`),
 * and the matrix in the app's notation.
 */
export function networkFromArrays(
  spec: NetworkSpec,
  weights: number[][][],
  biases: number[][],
  dtype: DType = 'float64',
  field = '',
): Network {
  const net = emptyNetwork(spec, dtype);
  const { topology } = net;
  const L = topology.length;
  if (!Array.isArray(weights) || weights.length !== L - 1) {
    throw new Error(
      `${field}weights: expected ${L - 1} matrices for topology [${topology}], got ${weights?.length}`,
    );
  }
  if (!Array.isArray(biases) || biases.length !== L - 1) {
    throw new Error(
      `${field}biases: expected ${L - 1} vectors for topology [${topology}], got ${biases?.length}`,
    );
  }
  for (let l = 0; l < L - 1; l++) {
    const rows = topology[l];
    const cols = topology[l + 1];
    // In the app's notation (input = layer 1, neurons from 1): W⁽ˡ⁺²⁾, layer l+1 → l+2.
    const name = `W${superscript(l + 2)}, layer ${l + 1}→${l + 2}`;
    const at = `${field}weights[${l}]`;
    const matrix = weights[l];
    if (!Array.isArray(matrix) || matrix.length !== rows || !matrix.every(Array.isArray)) {
      const got = Array.isArray(matrix) ? `${matrix.length} rows` : typeof matrix;
      throw new Error(`${at}: must be ${rows}×${cols} (${name}), got ${got}`);
    }
    const lengths = new Set(matrix.map((row) => row.length));
    if (lengths.size === 1 && !lengths.has(cols)) {
      throw new Error(`${at}: must be ${rows}×${cols} (${name}), got ${rows}×${matrix[0].length}`);
    }
    matrix.forEach((row, i) => {
      if (row.length !== cols) {
        throw new Error(
          `${at}[${i}]: expected ${cols} numbers (a row of ${name}, ${rows}×${cols}), got ${row.length}`,
        );
      }
      row.forEach((w, j) => {
        if (typeof w !== 'number' || !Number.isFinite(w)) {
          throw new Error(
            `${at}[${i}][${j}]: must be a finite number (w_${i + 1},${j + 1} of ${name}), got ${w}`,
          );
        }
        net.W[l][i * cols + j] = w;
      });
    });
    const thetaName = `θ${superscript(l + 2)}, layer ${l + 2}`;
    const vector = biases[l];
    if (!Array.isArray(vector) || vector.length !== cols) {
      throw new Error(
        `${field}biases[${l}]: expected ${cols} numbers (${thetaName}), got ${vector?.length}`,
      );
    }
    vector.forEach((b, j) => {
      if (typeof b !== 'number' || !Number.isFinite(b)) {
        throw new Error(
          `${field}biases[${l}][${j}]: must be a finite number (θ_${j + 1} of ${thetaName}), got ${b}`,
        );
      }
      net.theta[l][j] = b;
    });
  }
  return net;
}

/** The parameters as nested number arrays (the model-file convention of networkFromArrays). */
export function networkToArrays(net: Network): { weights: number[][][]; biases: number[][] } {
  const weights = net.W.map((W, l) => {
    const cols = net.topology[l + 1];
    const rows: number[][] = [];
    for (let i = 0; i < net.topology[l]; i++)
      rows.push(Array.from(W.subarray(i * cols, (i + 1) * cols)));
    return rows;
  });
  const biases = net.theta.map((theta) => Array.from(theta));
  return { weights, biases };
}

/** A deep copy, optionally stored in another dtype (and in arrays from `alloc`). */
export function cloneNetwork(
  net: Network,
  dtype: DType = net.dtype,
  alloc: Allocator = allocate,
): Network {
  const copy = emptyNetwork(net, dtype, alloc);
  net.W.forEach((W, l) => copy.W[l].set(W));
  net.theta.forEach((theta, l) => copy.theta[l].set(theta));
  return copy;
}

/** Copies the parameters of `from` into `to` (same topology), without allocating. */
export function copyParameters(from: Network, to: Network): void {
  from.W.forEach((W, l) => to.W[l].set(W));
  from.theta.forEach((theta, l) => to.theta[l].set(theta));
}

/** Every parameter array in a fixed order: W[0..], then theta[0..]. */
export function parameterArrays(net: Network): FloatArray[] {
  return [...net.W, ...net.theta];
}

export function parameterCount(net: Network): number {
  return parameterArrays(net).reduce((n, p) => n + p.length, 0);
}
