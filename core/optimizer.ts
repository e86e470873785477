// Optimizers, in order of increasing complexity (as in tinygrad's optim.py): the base class runs
// the loop over every parameter and measures how far each moved; each optimizer supplies only its
// update rule for one parameter array, and names the arrays it keeps between steps (its state,
// which a resumed run exports and imports so that it continues where it left off).
import { allocate, type Kernels } from './matrix';
import {
  OPTIMIZER_NAMES,
  type DType,
  type FloatArray,
  type Hyperparameters,
  type OptimizerName,
} from './types';

/**
 * What an optimizer remembers between steps, as plain data (it crosses process borders): the
 * updates applied so far (Adam's t) and its arrays by name, each one array per parameter array in
 * the order of `params` (momentum's v; Adam's m and v; none for plain sgd).
 */
export interface OptimizerState {
  optimizer: OptimizerName;
  steps: number;
  arrays: Record<string, FloatArray[]>;
}

export abstract class Optimizer {
  abstract readonly name: OptimizerName;
  /** Updates applied so far (Adam's t). */
  steps = 0;

  constructor(
    readonly params: FloatArray[],
    public learningRate: number,
  ) {}

  /**
   * Applies one update p ← p − Δ with the gradients (same order and shapes as `params`).
   * Returns the largest |Δ| actually stored, over every parameter.
   */
  step(grads: FloatArray[]): number {
    if (grads.length !== this.params.length) {
      throw new Error(
        `optimizer: ${grads.length} gradient arrays for ${this.params.length} parameter arrays`,
      );
    }
    this.steps++;
    let maxChange = 0;
    for (let k = 0; k < this.params.length; k++) {
      maxChange = Math.max(maxChange, this.update(k, this.params[k], grads[k]));
    }
    return maxChange;
  }

  /** Updates params[k] in place from its gradient g; returns the largest |Δp|. */
  protected abstract update(k: number, p: FloatArray, g: FloatArray): number;

  /** The live arrays it keeps between steps, by name (each: one array per parameter array). */
  protected abstract get state(): Record<string, FloatArray[]>;

  /** A copy of its state, to continue later with importState (here or in another process). */
  exportState(): OptimizerState {
    const arrays: Record<string, FloatArray[]> = {};
    for (const [name, list] of Object.entries(this.state))
      arrays[name] = list.map((a) => a.slice());
    return { optimizer: this.name, steps: this.steps, arrays };
  }

  /**
   * Continues from an exported state. It must be this optimizer's, over parameters of the same
   * shapes; what does not fit is named (nothing is changed then).
   */
  importState(state: OptimizerState): void {
    const own = this.state;
    const where = `optimizer state (${this.name})`;
    if (state.optimizer !== this.name) {
      throw new Error(`${where}: it is the state of ${state.optimizer}, not of ${this.name}`);
    }
    if (!Number.isInteger(state.steps) || state.steps < 0) {
      throw new Error(`${where}: steps is ${state.steps}, not a whole number ≥ 0`);
    }
    const expected = Object.keys(own);
    const given = Object.keys(state.arrays);
    const missing = expected.filter((name) => !given.includes(name));
    const extra = given.filter((name) => !expected.includes(name));
    if (missing.length || extra.length) {
      throw new Error(
        `${where}: expected the arrays [${expected.join(', ')}], got [${given.join(', ')}]`,
      );
    }
    for (const name of expected) {
      const list = state.arrays[name];
      if (list.length !== this.params.length) {
        throw new Error(
          `${where}: ${name} has ${list.length} arrays, expected ${this.params.length} (one per parameter array)`,
        );
      }
      list.forEach((a, k) => {
        if (a.length !== this.params[k].length) {
          throw new Error(
            `${where}: ${name}[${k}] has ${a.length} values, expected ${this.params[k].length} (the length of parameter array ${k})`,
          );
        }
        const i = a.findIndex((x) => !Number.isFinite(x));
        if (i >= 0)
          throw new Error(`${where}: ${name}[${k}][${i}] is ${a[i]}, not a finite number`);
      });
    }
    for (const name of expected) own[name].forEach((a, k) => a.set(state.arrays[name][k]));
    this.steps = state.steps;
  }
}

/** Plain gradient descent: p ← p − lr·g. */
export class SGD extends Optimizer {
  readonly name = 'sgd';

  constructor(
    params: FloatArray[],
    learningRate: number,
    /** Kernels whose `descend` runs the step (e.g. in WebAssembly), if they have one. */
    readonly kernels?: Kernels,
  ) {
    super(params, learningRate);
  }

  protected get state(): Record<string, FloatArray[]> {
    return {};
  }

  protected update(_k: number, p: FloatArray, g: FloatArray): number {
    const lr = this.learningRate;
    if (this.kernels?.descend) return this.kernels.descend(p, g, lr);
    let maxChange = 0;
    // p ← p − lr·g
    for (let i = 0; i < p.length; i++) {
      const old = p[i];
      p[i] = old - lr * g[i];
      maxChange = Math.max(maxChange, Math.abs(p[i] - old));
    }
    return maxChange;
  }
}

/** Gradient descent with momentum: v ← μv + g; p ← p − lr·v (PyTorch's SGD with momentum). */
export class Momentum extends Optimizer {
  readonly name = 'momentum';
  readonly #v: FloatArray[];

  constructor(
    params: FloatArray[],
    learningRate: number,
    readonly momentum: number,
    dtype: DType = 'float64',
  ) {
    super(params, learningRate);
    this.#v = params.map((p) => allocate(dtype, p.length));
  }

  protected get state(): Record<string, FloatArray[]> {
    return { v: this.#v };
  }

  protected update(k: number, p: FloatArray, g: FloatArray): number {
    const v = this.#v[k];
    const { learningRate: lr, momentum: mu } = this;
    let maxChange = 0;
    // v ← μv + g; p ← p − lr·v
    for (let i = 0; i < p.length; i++) {
      v[i] = mu * v[i] + g[i];
      const old = p[i];
      p[i] = old - lr * v[i];
      maxChange = Math.max(maxChange, Math.abs(p[i] - old));
    }
    return maxChange;
  }
}

/**
 * Adam (Kingma and Ba, 2015): m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²;
 * p ← p − lr·m̂/(√v̂ + ε), with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ).
 */
export class Adam extends Optimizer {
  readonly name = 'adam';
  readonly beta1 = 0.9;
  readonly beta2 = 0.999;
  readonly epsilon = 1e-8;
  readonly #m: FloatArray[];
  readonly #v: FloatArray[];

  constructor(params: FloatArray[], learningRate: number, dtype: DType = 'float64') {
    super(params, learningRate);
    this.#m = params.map((p) => allocate(dtype, p.length));
    this.#v = params.map((p) => allocate(dtype, p.length));
  }

  protected get state(): Record<string, FloatArray[]> {
    return { m: this.#m, v: this.#v };
  }

  protected update(k: number, p: FloatArray, g: FloatArray): number {
    const m = this.#m[k];
    const v = this.#v[k];
    const { learningRate: lr, beta1, beta2, epsilon, steps: t } = this;
    const correction1 = 1 - beta1 ** t;
    const correction2 = 1 - beta2 ** t;
    let maxChange = 0;
    // m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; p ← p − lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)
    for (let i = 0; i < p.length; i++) {
      m[i] = beta1 * m[i] + (1 - beta1) * g[i];
      v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
      const old = p[i];
      p[i] = old - (lr * (m[i] / correction1)) / (Math.sqrt(v[i] / correction2) + epsilon);
      maxChange = Math.max(maxChange, Math.abs(p[i] - old));
    }
    return maxChange;
  }
}

/** The optimizer the hyperparameters name, over the given parameter arrays. */
export function createOptimizer(
  params: FloatArray[],
  hp: Pick<Hyperparameters, 'optimizer' | 'learningRate' | 'momentum'>,
  dtype: DType = 'float64',
  kernels?: Kernels,
): Optimizer {
  switch (hp.optimizer) {
    case 'sgd':
      return new SGD(params, hp.learningRate, kernels);
    case 'momentum':
      return new Momentum(params, hp.learningRate, hp.momentum, dtype);
    case 'adam':
      return new Adam(params, hp.learningRate, dtype);
    default:
      throw new Error(
        `optimizer: unknown optimizer "${String(hp.optimizer)}" (one of ${OPTIMIZER_NAMES.join(', ')})`,
      );
  }
}
