// Checks backprop against centred finite differences:
//   ∂J/∂p ≈ (J(p + ε) − J(p − ε)) / 2ε,  J = mean cost + λ/2 Σ w²,
// and reports, per layer, the largest relative error |analytic − numeric| / max(|analytic|, |numeric|, 1e-7).
// The floor keeps gradients that are zero (or nearly) from turning round-off into large ratios.
import { backprop, CostEvaluator, l2Penalty } from './backprop';
import { forward } from './forward';
import { createMatrix, gatherRows, plainKernels, type Kernels } from './matrix';
import { cloneNetwork } from './network';
import { Random } from './random';
import type { FloatArray, Matrix, Network } from './types';

export interface GradientCheckOptions {
  /** Step of the finite differences (default 1e-5). */
  epsilon?: number;
  /** λ of the L2 term included in J. */
  l2?: number;
  /** Check on this many randomly chosen rows only (default: all rows). */
  rows?: number;
  /** Picks the rows (default: a Random seeded with 0). */
  random?: Random;
  /** The kernels under test (default plainKernels). */
  kernels?: Kernels;
  /** The smallest denominator of a relative error (default RELATIVE_ERROR_FLOOR). */
  floor?: number;
}

export interface GradientCheckResult {
  epsilon: number;
  /**
   * Per weight layer, the largest relative error over W[layer − 1] and θ[layer − 1]: `layer`
   * (1 … L−1) is the layer they feed, counted from the input as 0: the app's W⁽ˡ⁾, θ⁽ˡ⁾ with l = layer + 1.
   */
  layers: { layer: number; maxRelativeError: number }[];
}

export const RELATIVE_ERROR_FLOOR = 1e-7;

export function relativeError(
  analytic: number,
  numeric: number,
  floor = RELATIVE_ERROR_FLOOR,
): number {
  return Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric), floor);
}

function sampleRows(X: Matrix, Y: Matrix, count: number, random: Random): { X: Matrix; Y: Matrix } {
  const order = random.shuffle(new Uint32Array(X.rows).map((_, i) => i));
  const Xs = createMatrix(count, X.cols, 'float64');
  const Ys = createMatrix(count, Y.cols, 'float64');
  gatherRows(X, order, 0, Xs);
  gatherRows(Y, order, 0, Ys);
  return { X: Xs, Y: Ys };
}

/** Compares backprop's gradients with finite differences, in float64 whatever the net's dtype. */
export function gradientCheck(
  network: Network,
  X: Matrix,
  Y: Matrix,
  options: GradientCheckOptions = {},
): GradientCheckResult {
  const epsilon = options.epsilon ?? 1e-5;
  const l2 = options.l2 ?? 0;
  const floor = options.floor ?? RELATIVE_ERROR_FLOOR;
  const net = cloneNetwork(network, 'float64');
  let data = {
    X: createMatrix(X.rows, X.cols, 'float64'),
    Y: createMatrix(Y.rows, Y.cols, 'float64'),
  };
  data.X.data.set(X.data);
  data.Y.data.set(Y.data);
  if (options.rows !== undefined && options.rows < X.rows) {
    data = sampleRows(data.X, data.Y, options.rows, options.random ?? new Random(0));
  }
  const kernels = options.kernels ?? plainKernels;
  const analytic = backprop(net, forward(net, data.X, kernels), data.Y, { l2, kernels });
  const evaluator = new CostEvaluator(net, kernels);
  const J = () => evaluator.cost(data.X, data.Y) + l2Penalty(net, l2);

  /** The largest relative error over one parameter array. */
  const check = (p: FloatArray, grad: FloatArray): number => {
    let worst = 0;
    for (let i = 0; i < p.length; i++) {
      const saved = p[i];
      p[i] = saved + epsilon;
      const plus = J();
      p[i] = saved - epsilon;
      const minus = J();
      p[i] = saved;
      // ∂J/∂p ≈ (J(p + ε) − J(p − ε)) / 2ε
      worst = Math.max(worst, relativeError(grad[i], (plus - minus) / (2 * epsilon), floor));
    }
    return worst;
  };

  const layers = net.W.map((W, l) => ({
    layer: l + 1,
    maxRelativeError: Math.max(check(W, analytic.dW[l]), check(net.theta[l], analytic.dTheta[l])),
  }));
  return { epsilon, layers };
}
