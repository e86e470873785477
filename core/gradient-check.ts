// Checks backprop's gradient g of every parameter p against centred finite differences:
//   ∂J/∂p ≈ D(ε) = (J(p + ε) − J(p − ε)) / 2ε,  J = mean cost + λ/2 Σ w²,
// with the relative error e = |g − D(ε)| / max(|g|, |D(ε)|, 1e-7) (the floor keeps gradients that
// are zero, or nearly, from turning round-off into large ratios). e < 1e-6 agrees.
//
// A larger e may be D(ε)'s own error, not backprop's: D(ε) = ∂J/∂p + cε² + O(ε⁴) + r, where c is a
// third derivative / 6 (large where a z-scored rare input is large) and the rounding r of two
// evaluations of J is at most δ/ε, δ = ROUNDING_ULPS·u·|J| bounding one evaluation's. The centred
// difference at half the step measures c: D(ε) − D(ε/2) = ¾cε² + r − r′, |r′| ≤ 2δ/ε, so
//   |D(ε) − ∂J/∂p| ≤ 4/3 |D(ε) − D(ε/2)| + 5δ/ε   (to O(ε⁴); FD_SAFETY takes 2 for 4/3).
// A parameter whose |g − D(ε)| is within that bound is within finite-difference accuracy: the
// differences cannot tell it from right. Beyond it, backprop is wrong: that fails the layer.
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

/**
 * A layer's verdict: every parameter agrees to AGREE_BELOW (`pass`); some do not, but each of those
 * disagrees by less than the finite differences' own error (`fd-accuracy`); or some parameter
 * disagrees by more than that (`fail`: backprop is wrong).
 */
export type GradientVerdict = 'pass' | 'fd-accuracy' | 'fail';

export interface LayerCheck {
  /** The layer W[layer − 1], θ[layer − 1] feed (1 … L−1, input 0): the app's W⁽ˡ⁺¹⁾, θ⁽ˡ⁺¹⁾. */
  layer: number;
  /** The largest relative error |g − D(ε)| / max(|g|, |D(ε)|, floor) over its parameters. */
  maxRelativeError: number;
  verdict: GradientVerdict;
  /** Parameters at or above AGREE_BELOW whose disagreement is within finite-difference accuracy. */
  withinFdAccuracy: number;
  /** Parameters whose disagreement exceeds the finite differences' error bound. */
  failed: number;
  /**
   * The largest error bound of D(ε) found, relative as the error is, over the parameters at or above
   * AGREE_BELOW (0 when there were none).
   */
  maxFdError: number;
}

export interface GradientCheckResult {
  epsilon: number;
  /** Per weight layer, what its parameters' check found. */
  layers: LayerCheck[];
}

export const RELATIVE_ERROR_FLOOR = 1e-7;
/** A parameter whose relative error is below this agrees with D(ε) outright. */
export const AGREE_BELOW = 1e-6;
/** The unit round-off of float64. */
const U = 2 ** -53;
/** One evaluation of J is taken to be within ROUNDING_ULPS·u·|J| of the exact value. */
export const ROUNDING_ULPS = 16;
/** The factor on the measured truncation error |D(ε) − D(ε/2)| (4/3 in the limit ε → 0). */
export const FD_SAFETY = 2;

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
  /** What the check found so far, per weight layer. */
  readonly #layers: LayerCheck[];
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
    this.#layers = net.W.map((_, l) => ({
      layer: l + 1,
      maxRelativeError: 0,
      verdict: 'pass',
      withinFdAccuracy: 0,
      failed: 0,
      maxFdError: 0,
    }));
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
    while (this.#array < this.#arrays.length) {
      const { p, grad, layer } = this.#arrays[this.#array];
      this.#checkParameter(p, this.#index, grad[this.#index], this.#layers[layer]);
      this.#checked++;
      if (++this.#index === p.length) {
        this.#array++;
        this.#index = 0;
      }
      if (this.#array < this.#arrays.length && clock() - start >= budgetMs) return null;
    }
    return { epsilon: this.epsilon, layers: this.#layers.map((l) => ({ ...l })) };
  }

  /** Compares g = ∂J/∂p[i] by backprop with D(ε) and, unless they agree, D(ε)'s error bound. */
  #checkParameter(p: FloatArray, i: number, g: number, found: LayerCheck): void {
    const epsilon = this.epsilon;
    const { D, J: J1 } = this.#centredDifference(p, i, epsilon);
    const scale = Math.max(Math.abs(g), Math.abs(D), this.#floor);
    const error = Math.abs(g - D) / scale;
    found.maxRelativeError = Math.max(found.maxRelativeError, error);
    if (error < AGREE_BELOW) return;
    const { D: half, J: J2 } = this.#centredDifference(p, i, epsilon / 2);
    // δ bounds the rounding of one evaluation of J
    const delta = ROUNDING_ULPS * U * Math.max(J1, J2);
    // |D(ε) − ∂J/∂p| ≤ 4/3 |D(ε) − D(ε/2)| + 5δ/ε
    const bound = FD_SAFETY * Math.abs(D - half) + (5 * delta) / epsilon;
    found.maxFdError = Math.max(found.maxFdError, bound / scale);
    if (Math.abs(g - D) <= bound) found.withinFdAccuracy++;
    else found.failed++;
    found.verdict = found.failed > 0 ? 'fail' : 'fd-accuracy';
  }

  /** D(h) = (J(p + h) − J(p − h)) / 2h, and the larger |J| of the two. */
  #centredDifference(p: FloatArray, i: number, h: number): { D: number; J: number } {
    const saved = p[i];
    p[i] = saved + h;
    const plus = this.#J();
    p[i] = saved - h;
    const minus = this.#J();
    p[i] = saved;
    return { D: (plus - minus) / (2 * h), J: Math.max(Math.abs(plus), Math.abs(minus)) };
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
