// The tfjs peers: the same workloads trained with @tensorflow/tfjs (cpu backend, plain
// JavaScript) and @tensorflow/tfjs-backend-wasm (one thread, SIMD, in Node).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { Workload, WorkloadData } from './workloads';
import type { BenchRunner } from './measure';

export type TfjsBackend = 'cpu' | 'wasm';

export async function createTfjsRunner(
  backend: TfjsBackend,
  w: Workload,
  data: WorkloadData,
): Promise<BenchRunner> {
  await tf.setBackend(backend);
  await tf.ready();
  const inputs = w.topology[0];
  const outputs = w.topology[w.topology.length - 1];
  const X = tf.tensor2d(Float32Array.from(data.X), [w.samples, inputs]);
  const Y = tf.tensor2d(Float32Array.from(data.Y), [w.samples, outputs]);
  const W = data.W.map((Wl, l) =>
    tf.variable(tf.tensor2d(Float32Array.from(Wl), [w.topology[l], w.topology[l + 1]])),
  );
  const theta = data.theta.map((t) => tf.variable(tf.tensor1d(Float32Array.from(t))));
  const optimizer = tf.train.sgd(w.learningRate);
  // Batches sliced once, outside the timed loop.
  const batches = new Map<number, [tf.Tensor2D, tf.Tensor2D]>();
  const batchOf = (start: number, rows: number): [tf.Tensor2D, tf.Tensor2D] => {
    let b = batches.get(start);
    if (!b) {
      b = [X.slice([start, 0], [rows, inputs]), Y.slice([start, 0], [rows, outputs])];
      batches.set(start, b);
    }
    return b;
  };
  return {
    step(start, rows) {
      const [xb, yb] = batchOf(start, rows);
      const cost = optimizer.minimize(() => {
        let a: tf.Tensor2D = xb;
        // a⁽ˡ⁾ = σ(a⁽ˡ⁻¹⁾W⁽ˡ⁾ + θ⁽ˡ⁾)
        for (let l = 0; l < W.length; l++) a = tf.sigmoid(tf.add(tf.matMul(a, W[l]), theta[l]));
        // C = ½‖a − y‖², averaged over the batch
        return tf.div(tf.mul(0.5, tf.sum(tf.square(tf.sub(a, yb)))), rows) as tf.Scalar;
      }, true);
      cost?.dataSync();
      cost?.dispose();
    },
    dispose() {
      for (const [xb, yb] of batches.values()) tf.dispose([xb, yb]);
      tf.dispose([X, Y, ...W, ...theta]);
      optimizer.dispose();
    },
  };
}
