// The decision surface's state: which two inputs span the plane, the grid size, whether to show
// each hidden neuron too, and the host's latest SurfaceResult, refreshed while training runs (at
// most 4 times a second).
import type { BackpropApi, SurfaceResult } from '../../app/shared/api';

export type SurfaceApi = Pick<BackpropApi, 'decisionSurface' | 'onProgress'>;

export const LIVE_INTERVAL_MS = 250;

export class SurfaceState {
  xFeature = $state(0);
  yFeature = $state(1);
  /** Grid cells per side. */
  resolution = $state(64);
  /** Also draw each hidden neuron (small multiples). */
  hidden = $state(false);
  live = $state(true);
  result = $state.raw<SurfaceResult | null>(null);
  error = $state<string | null>(null);

  #api: SurfaceApi;
  #last = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #pending: Promise<void> | null = null;

  constructor(api: SurfaceApi) {
    this.#api = api;
  }

  refresh(): Promise<void> {
    if (this.#pending) return this.#pending;
    this.#pending = this.#fetch().finally(() => (this.#pending = null));
    return this.#pending;
  }

  async #fetch(): Promise<void> {
    try {
      this.result = await this.#api.decisionSurface({
        xFeature: this.xFeature,
        yFeature: this.yFeature,
        resolution: this.resolution,
        hidden: this.hidden,
      });
      this.error = null;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.#last = Date.now();
    }
  }

  onProgress(): void {
    if (!this.live || this.#timer) return;
    const wait = Math.max(0, this.#last + LIVE_INTERVAL_MS - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.live) void this.refresh();
    }, wait);
  }

  /** Subscribes to training progress; returns the teardown (use from an $effect). */
  follow(): () => void {
    const off = this.#api.onProgress(() => this.onProgress());
    return () => {
      off();
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = null;
    };
  }
}
