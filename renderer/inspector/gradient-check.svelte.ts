// The gradient check's state: runs the engine's centred finite-difference check through the
// host and keeps the result. A layer passes when its largest relative error is below 1e-6.
import type { BackpropApi, GradientCheckResult } from '../../app/shared/api';

export const PASS_BELOW = 1e-6;

export class GradientCheckState {
  result = $state.raw<GradientCheckResult | null>(null);
  running = $state(false);
  error = $state<string | null>(null);

  readonly passed = $derived(
    this.result !== null && this.result.layers.every((l) => l.maxRelativeError < PASS_BELOW),
  );

  #api: Pick<BackpropApi, 'gradientCheck'>;

  constructor(api: Pick<BackpropApi, 'gradientCheck'>) {
    this.#api = api;
  }

  async run(): Promise<void> {
    this.running = true;
    this.error = null;
    try {
      this.result = await this.#api.gradientCheck();
    } catch (e) {
      this.result = null;
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.running = false;
    }
  }
}
