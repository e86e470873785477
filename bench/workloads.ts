// The three workloads of issue 5, exactly as specified there: dense layers, sigmoid on every
// layer, ½‖a − y‖² averaged over the batch, plain minibatch gradient descent, data in file order.
// Inputs are uniform in [−1, 1], targets one-hot, initial parameters uniform ±1/√fan_in, all
// from a fixed seed.
import { Random } from '../core/random';

export interface Workload {
  name: string;
  topology: number[];
  samples: number;
  /** Samples per batch (the whole set for full-batch workloads). */
  batchSize: number;
  learningRate: number;
  epochs: number;
}

export const WORKLOADS: readonly Workload[] = [
  {
    name: 'W1',
    topology: [4, 16, 3],
    samples: 150,
    batchSize: 150,
    learningRate: 0.5,
    epochs: 2000,
  },
  {
    name: 'W2',
    topology: [784, 128, 64, 10],
    samples: 10_000,
    batchSize: 32,
    learningRate: 0.1,
    epochs: 3,
  },
  {
    name: 'W3',
    topology: [256, 1024, 1024, 10],
    samples: 8192,
    batchSize: 128,
    learningRate: 0.05,
    epochs: 1,
  },
];

/** 6 flops per weight per sample: forward a·W, backward δ·Wᵀ and aᵀ·δ (2 each). */
export function flopsPerSample(topology: number[]): number {
  let weights = 0;
  for (let l = 0; l + 1 < topology.length; l++) weights += topology[l] * topology[l + 1];
  return 6 * weights;
}

export interface WorkloadData {
  /** samples × inputs, row-major, float64 (engines convert to their dtype once, outside timing). */
  X: Float64Array;
  /** samples × outputs, one-hot. */
  Y: Float64Array;
  /** W[l]: n_l × n_{l+1} row-major; theta[l]: n_{l+1}. */
  W: Float64Array[];
  theta: Float64Array[];
}

export const BENCH_SEED = 20_240_605;

export function generateData(w: Workload, seed = BENCH_SEED): WorkloadData {
  const random = new Random(seed);
  const inputs = w.topology[0];
  const outputs = w.topology[w.topology.length - 1];
  const X = new Float64Array(w.samples * inputs);
  // x ~ U[−1, 1]
  for (let i = 0; i < X.length; i++) X[i] = 2 * random.next() - 1;
  const Y = new Float64Array(w.samples * outputs);
  // y = one-hot(class), class uniform
  for (let s = 0; s < w.samples; s++) Y[s * outputs + Math.floor(random.next() * outputs)] = 1;
  const W: Float64Array[] = [];
  const theta: Float64Array[] = [];
  for (let l = 0; l + 1 < w.topology.length; l++) {
    const fanIn = w.topology[l];
    const bound = 1 / Math.sqrt(fanIn);
    const Wl = new Float64Array(fanIn * w.topology[l + 1]);
    // w ~ U[−1/√fan_in, 1/√fan_in], θ likewise
    for (let i = 0; i < Wl.length; i++) Wl[i] = bound * (2 * random.next() - 1);
    const tl = new Float64Array(w.topology[l + 1]);
    for (let i = 0; i < tl.length; i++) tl[i] = bound * (2 * random.next() - 1);
    W.push(Wl);
    theta.push(tl);
  }
  return { X, Y, W, theta };
}

/** The batches of one epoch in file order: [start, rows] (a short last batch is kept). */
export function batchesOf(w: Workload): Array<[start: number, rows: number]> {
  const batches: Array<[number, number]> = [];
  for (let start = 0; start < w.samples; start += w.batchSize) {
    batches.push([start, Math.min(w.batchSize, w.samples - start)]);
  }
  return batches;
}

/** A smaller copy of a workload (same layers and batch), for tests and quick runs. */
export function scaled(w: Workload, factor: number): Workload {
  const samples = Math.max(w.batchSize, Math.round(w.samples * factor));
  return { ...w, samples, epochs: Math.max(1, Math.round(w.epochs * factor)) };
}
