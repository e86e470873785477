// The gradient check's state: runs the engine's centred finite-difference check through the
// host and keeps the result, with the epoch of the weights it checked. A layer passes when its
// largest relative error is below 1e-6. Training that goes on after a check (a run, a Step, a
// batch) makes the result out of date: it describes weights the network no longer has.
import type { BackpropApi, GradientCheckResult, ProgressBatch } from '../../app/shared/api';

export const PASS_BELOW = 1e-6;

/** What the check asks the host; progress reports (if given) tell it that the weights changed. */
export type GradientCheckApi = Pick<BackpropApi, 'gradientCheck'> &
  Partial<Pick<BackpropApi, 'onProgress'>>;

/** Whether a progress report means the weights moved: an epoch done, a run under way, a Step. */
function weightsMoved(batch: ProgressBatch): boolean {
  return batch.points.length > 0 || batch.state === 'running' || batch.state === 'paused';
}

export class GradientCheckState {
  result = $state.raw<GradientCheckResult | null>(null);
  running = $state(false);
  error = $state<string | null>(null);
  /** Whole epochs the checked weights had trained (0: the initial weights). */
  checkedAt = $state(0);
  /**
   * Whole epochs the host's weights have trained now. The workspace points it at its training's
   * latest epoch; alone, the state counts the epochs the progress reports carry.
   */
  epochNow: () => number = () => this.#epochHeard;

  /** How many reports of moved weights have arrived: the weights' version. */
  #moves = $state(0);
  /** The version the result was checked at. */
  #checkedMoves = $state(0);
  #epochHeard = 0;

  readonly passed = $derived(
    this.result !== null && this.result.layers.every((l) => l.maxRelativeError < PASS_BELOW),
  );
  /** The weights changed since the check (or while it ran): the result is not theirs. */
  readonly outdated = $derived(this.result !== null && this.#moves !== this.#checkedMoves);

  #api: GradientCheckApi;

  constructor(api: GradientCheckApi) {
    this.#api = api;
    // For the life of the host API, as the views that own this state: a check made before a run
    // is out of date after it, whether or not its panel was on screen meanwhile.
    api.onProgress?.((batch) => {
      this.#epochHeard = batch.points.at(-1)?.epoch ?? this.#epochHeard;
      if (weightsMoved(batch)) this.#moves++;
    });
  }

  async run(): Promise<void> {
    this.running = true;
    this.error = null;
    // The host copies the weights as the request arrives: a report after this is of later ones.
    const at = this.epochNow();
    const moves = this.#moves;
    try {
      this.result = await this.#api.gradientCheck();
      this.checkedAt = at;
      this.#checkedMoves = moves;
    } catch (e) {
      this.result = null;
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.running = false;
    }
  }
}
