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

/**
 * Compares backprop's gradients with finite differences, in float64 whatever the net's dtype, on
 * a copy of the network taken when it is created: a parameter at a time, in slices the host
 * schedules (`run`), so that a wide network's thousands of parameters do not hold the host up.
 */
export class GradientChecker {
  readonly epsilon: number;
  readonly #floor: number;
  /** J = mean cost + λ/2 Σ w² on the checked rows. */
  readonly #J: () => number;
  /** Each parameter array with backprop's gradient of it and the layer it belongs to. */
  readonly #arrays: { p: FloatArray; grad: FloatArray; layer: number }[];
  /** The largest relative error so far, per weight layer. */
  readonly #worst: number[];
  /** The next parameter to check: array #array, index #index. */
  #array = 0;
  #index = 0;
  #checked = 0;
  readonly total: number;

  constructor(network: Network, X: Matrix, Y: Matrix, options: GradientCheckOptions = {}) {
    this.epsilon = options.epsilon ?? 1e-5;
    this.#floor = options.floor ?? RELATIVE_ERROR_FLOOR;
    const l2 = options.l2 ?? 0;
    const net = cloneNetwork(network, 'float64');
    // The checked rows in float64: a seeded sample, gathered from the rows as they are (a copy
    // of every row first would hold a million-row set twice), or all of them.
    const sample = options.rows !== undefined && options.rows < X.rows;
    const data = sample
      ? sampleRows(X, Y, options.rows!, options.random ?? new Random(0))
      : { X: createMatrix(X.rows, X.cols, 'float64'), Y: createMatrix(Y.rows, Y.cols, 'float64') };
    if (!sample) {
      data.X.data.set(X.data);
      data.Y.data.set(Y.data);
    }
    const kernels = options.kernels ?? plainKernels;
    const analytic = backprop(net, forward(net, data.X, kernels), data.Y, { l2, kernels });
    const evaluator = new CostEvaluator(net, kernels);
    this.#J = () => evaluator.cost(data.X, data.Y) + l2Penalty(net, l2);
    this.#arrays = net.W.flatMap((W, l) => [
      { p: W, grad: analytic.dW[l], layer: l },
      { p: net.theta[l], grad: analytic.dTheta[l], layer: l },
    ]);
    this.#worst = net.W.map(() => 0);
    this.total = this.#arrays.reduce((n, a) => n + a.p.length, 0);
  }

  /** Parameters checked so far (of `total`). */
  get checked(): number {
    return this.#checked;
  }

  /**
   * Checks parameters until every one is checked (returns the result) or, after a parameter,
   * `budgetMs` of `clock` has passed (returns null: call again to go on).
   */
  run(clock: () => number = () => 0, budgetMs = Infinity): GradientCheckResult | null {
    const start = clock();
    const J = this.#J;
    const epsilon = this.epsilon;
    while (this.#array < this.#arrays.length) {
      const { p, grad, layer } = this.#arrays[this.#array];
      const i = this.#index;
      const saved = p[i];
      p[i] = saved + epsilon;
      const plus = J();
      p[i] = saved - epsilon;
      const minus = J();
      p[i] = saved;
      // ∂J/∂p ≈ (J(p + ε) − J(p − ε)) / 2ε
      const error = relativeError(grad[i], (plus - minus) / (2 * epsilon), this.#floor);
      this.#worst[layer] = Math.max(this.#worst[layer], error);
      this.#checked++;
      if (++this.#index === p.length) {
        this.#array++;
        this.#index = 0;
      }
      if (this.#array < this.#arrays.length && clock() - start >= budgetMs) return null;
    }
    return {
      epsilon,
      layers: this.#worst.map((maxRelativeError, l) => ({ layer: l + 1, maxRelativeError })),
    };
  }
}

/** Compares backprop's gradients with finite differences, in float64 whatever the net's dtype. */
export function gradientCheck(
  network: Network,
  X: Matrix,
  Y: Matrix,
  options: GradientCheckOptions = {},
): GradientCheckResult {
  return new GradientChecker(network, X, Y, options).run()!;
}
