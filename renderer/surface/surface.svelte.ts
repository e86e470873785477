// The decision surface's state: which two inputs span the plane, the grid size, whether to show
// each hidden neuron too, and the host's latest SurfaceResult, refreshed while training runs (at
// most 4 times a second).
import type { BackpropApi, SurfaceResult } from '../../app/shared/api';
import { untrack } from 'svelte';
import { LiveRefresh } from '../state/live-refresh';

export type SurfaceApi = Pick<BackpropApi, 'decisionSurface' | 'onProgress'>;

export class SurfaceState {
  xFeature = $state(0);
  yFeature = $state(1);
  /** Grid cells per side. */
  resolution = $state(64);
  /** Also draw each hidden neuron (small multiples). */
  hidden = $state(false);
  /** For a numeric target with several outputs: the one that colours the plane. */
  output = $state(0);
  live = $state(true);
  result = $state.raw<SurfaceResult | null>(null);
  error = $state<string | null>(null);

  #api: SurfaceApi;
  #live = new LiveRefresh({
    fetch: () => this.#fetch(),
    live: () => this.live,
    subscribe: (listener) => this.#api.onProgress(listener),
  });

  constructor(api: SurfaceApi) {
    this.#api = api;
  }

  /**
   * The network's inputs or outputs changed in number (another dataset): axes and output that no
   * longer exist go back to the first ones, so that the next request asks for what there is.
   */
  fit(inputs: number, outputs: number): void {
    if (inputs > 0 && this.xFeature >= inputs) this.xFeature = 0;
    if (inputs > 0 && this.yFeature >= inputs) this.yFeature = Math.min(1, inputs - 1);
    if (this.output >= Math.max(outputs, 1)) this.output = 0;
  }

  /**
   * Moves the axes off inputs that never vary (`constant[i]`), as the digits' blank corner pixel
   * px0, the first input, over which every point lies on one line: both go to the first two
   * inputs that vary when either stands on a constant one. An axis on an input that varies stays
   * where the user put it; with fewer than two such inputs nothing changes.
   */
  avoidConstant(constant: readonly boolean[]): void {
    const varying = constant.flatMap((fixed, i) => (fixed ? [] : [i]));
    if (varying.length < 2) return;
    if (constant[this.xFeature] || constant[this.yFeature]) {
      [this.xFeature, this.yFeature] = [varying[0], varying[1]];
    }
  }

  refresh(): Promise<void> {
    return this.#live.refresh();
  }

  async #fetch(): Promise<void> {
    try {
      this.result = await this.#api.decisionSurface({
        xFeature: this.xFeature,
        yFeature: this.yFeature,
        resolution: this.resolution,
        hidden: this.hidden,
        output: this.output,
      });
      this.error = null;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  /** A progress report arrived: refresh now, or once the interval has passed. */
  onProgress(): void {
    this.#live.onProgress();
  }

  /**
   * Subscribes to training progress; returns the teardown (use from an $effect). A plane drawn
   * before (when an example opened) may be of weights trained since, while nobody followed, and
   * `trained` weights may have none drawn yet: following, the plane is drawn at once.
   */
  follow(trained = false): () => void {
    const stop = this.#live.follow();
    // Untracked: an $effect that follows must not start again on a new result, nor on the axes
    // that the request reads.
    untrack(() => {
      if (this.live && (trained || this.result !== null)) void this.refresh();
    });
    return stop;
  }
}
