// The engine's own training step on a benchmark workload: the functions the Trainer runs for a
// batch (forwardInto, backpropInto, the optimizer), without the per-epoch loss evaluation (the
// peers do not compute one either). Buffers come from the kernels' allocator, as in the Trainer,
// so WebAssembly kernels find everything in their memory and copy nothing.
import { backpropInto, createGradients, type Gradients } from '../core/backprop';
import { createForwardCache, forwardInto, weightViews, type ForwardCache } from '../core/forward';
import { allocatorOf, createMatrix, type Allocator, type Kernels } from '../core/matrix';
import { parameterArrays } from '../core/network';
import { createOptimizer } from '../core/optimizer';
import type { DType, FloatArray, Matrix, Network } from '../core/types';
import type { BenchRunner } from './measure';
import type { Workload, WorkloadData } from './workloads';

interface Workspace {
  X: Matrix;
  Y: Matrix;
  cache: ForwardCache;
  grads: Gradients;
  dW: Matrix[];
  gradArrays: FloatArray[];
}

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
      const grads = createGradients(net, rows, alloc);
      ws = {
        X: createMatrix(rows, topology[0], dtype, alloc),
        Y: createMatrix(rows, topology[L], dtype, alloc),
        cache: createForwardCache(net, rows, alloc),
        grads,
        dW: grads.dW.map((data, l) => ({ rows: W[l].rows, cols: W[l].cols, data })),
        gradArrays: [...grads.dW, ...grads.dTheta],
      };
      workspaces.set(rows, ws);
    }
    return ws;
  };
  return {
    step(start, rows) {
      const ws = workspace(rows);
      ws.X.data.set(X.subarray(start * topology[0], (start + rows) * topology[0]));
      ws.Y.data.set(Y.subarray(start * topology[L], (start + rows) * topology[L]));
      forwardInto(net, ws.X, ws.cache, kernels, W);
      backpropInto(net, ws.cache, ws.Y, ws.grads, 0, kernels, W, ws.dW);
      optimizer.step(ws.gradArrays);
    },
  };
}
