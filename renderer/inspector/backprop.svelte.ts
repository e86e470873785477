// The "backprop made visible" views of one workspace: the inspector, the gradient check, the
// decision surface and the drawing's selection, created once per host API and found by any
// component of the workspace (the network drawing sets `selection`, the Examples menu opens the
// inspector on the first step).
import type { BackpropApi } from '../../app/shared/api';
import { SurfaceState } from '../surface/surface.svelte';
import { GradientCheckState } from './gradient-check.svelte';
import { InspectorState } from './inspector.svelte';
import { NetworkSelection } from './selection.svelte';

export type BackpropView = 'inspector' | 'surface';

/** What the views ask the host: the network's numbers, a training step, progress. */
type ViewsApi = Pick<
  BackpropApi,
  | 'inspect'
  | 'step'
  | 'gradientCheck'
  | 'cancelGradientCheck'
  | 'decisionSurface'
  | 'onProgress'
  | 'onGradientCheckProgress'
>;

export class Backprop {
  readonly selection = new NetworkSelection();
  readonly inspector: InspectorState;
  readonly check: GradientCheckState;
  readonly surface: SurfaceState;
  /** A view the workspace should bring to the front (the tabs bind to it), or null. */
  view = $state<BackpropView | null>(null);
  /**
   * Runs before every question the views ask the host. The workspace sets it to bring the host
   * to the network on screen (a layer added since the last run, say); it throws what stops that.
   */
  sync: () => Promise<void> = () => Promise.resolve();

  constructor(api: BackpropApi) {
    const synced =
      <A extends unknown[], R>(ask: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        await this.sync();
        return ask(...args);
      };
    const host: ViewsApi = {
      inspect: synced(api.inspect),
      step: synced(api.step),
      gradientCheck: synced(api.gradientCheck),
      cancelGradientCheck: () => api.cancelGradientCheck(),
      decisionSurface: synced(api.decisionSurface),
      // Following training follows runs: an idle report (a reset, a dataset or example opening)
      // carries no training, and the settings on screen may not yet be the host's. Nor does one
      // from inside a long epoch follow: it only tells the status line how far the epoch is, and
      // an inspection of the whole batch of a large dataset would slow the run it watches.
      onProgress: (listener) =>
        api.onProgress((batch) => {
          if (batch.state !== 'idle' && !batch.underway) listener(batch);
        }),
      onGradientCheckProgress: (listener) => api.onGradientCheckProgress(listener),
    };
    this.inspector = new InspectorState(host, this.selection);
    this.check = new GradientCheckState(host);
    this.surface = new SurfaceState(host);
  }

  /** The network or data changed: what was shown describes another network, drop it. */
  forget(): void {
    this.inspector.current = null;
    this.inspector.previous = null;
    this.check.forget();
    this.surface.result = null;
    this.selection.select(null);
  }

  /**
   * After an example (or a new network) opens: the inspector on training row 0 at the initial
   * weights, so that Step shows the first step (and, following training, every later one); the
   * surface drawn for the same weights.
   */
  async showFirstStep(): Promise<void> {
    this.inspector.live = true;
    this.inspector.layer = Number.MAX_SAFE_INTEGER; // clamped to the output layer L on arrival
    this.check.forget();
    this.view = 'inspector';
    await Promise.all([this.inspector.pick(0), this.surface.refresh()]);
  }
}

const hubs = new WeakMap<BackpropApi, Backprop>();

/** The one Backprop of a host API (the workspace's `api`). */
export function backpropFor(api: BackpropApi): Backprop {
  let hub = hubs.get(api);
  if (!hub) hubs.set(api, (hub = new Backprop(api)));
  return hub;
}
