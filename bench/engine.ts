// The engine's own training step on a benchmark workload: the Trainer's batch (trainBatch:
// forward, backprop and the optimizer's step), without the per-epoch loss evaluation (the peers do
// not compute one either). Buffers come from the kernels' allocator, as in the Trainer, so
// WebAssembly kernels find everything in their memory and copy nothing.
import { weightViews } from '../core/forward';
import { allocatorOf, type Allocator, type Kernels } from '../core/matrix';
import { parameterArrays } from '../core/network';
import { createOptimizer } from '../core/optimizer';
import { createWorkspace, trainBatch, type Workspace } from '../core/train';
import type { DType, FloatArray, Network } from '../core/types';
import type { BenchRunner } from './measure';
import type { Workload, WorkloadData } from './workloads';

export function createEngineRunner(
  w: Workload,
  data: WorkloadData,
  dtype: DType,
  kernels: Kernels,
): BenchRunner {
  const alloc: Allocator = allocatorOf(kernels);
  const { topology } = w;
  const L = topology.length - 1;
  const copyOf = (values: Float64Array): FloatArray => {
    const out = alloc(dtype, values.length);
    out.set(values);
    return out;
  };
  const net: Network = {
    topology,
    activations: new Array(L).fill('sigmoid'),
    loss: 'mse',
    dtype,
    W: data.W.map(copyOf),
    theta: data.theta.map(copyOf),
  };
  const W = weightViews(net);
  // The data set stays where a host would keep it (ordinary arrays); batches are copied in.
  const X = dtype === 'float32' ? Float32Array.from(data.X) : Float64Array.from(data.X);
  const Y = dtype === 'float32' ? Float32Array.from(data.Y) : Float64Array.from(data.Y);
  const optimizer = createOptimizer(
    parameterArrays(net),
    { optimizer: 'sgd', learningRate: w.learningRate, momentum: 0 },
    dtype,
    kernels,
  );
  const workspaces = new Map<number, Workspace>();
  const workspace = (rows: number): Workspace => {
    let ws = workspaces.get(rows);
    if (!ws) {
      ws = createWorkspace(net, rows, kernels, optimizer, W);
      workspaces.set(rows, ws);
    }
    return ws;
  };
  return {
    step(start, rows) {
      const ws = workspace(rows);
      ws.X.data.set(X.subarray(start * topology[0], (start + rows) * topology[0]));
      ws.Y.data.set(Y.subarray(start * topology[L], (start + rows) * topology[L]));
      trainBatch(net, ws.X, ws.Y, ws, optimizer, 0, kernels, W);
    },
  };
}
