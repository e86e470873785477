// The gradient check's state: runs the engine's centred finite-difference check through the
// host and keeps the result, with the epoch of the weights it checked (and the batches of the
// next, when the host paused inside it). A layer passes when its
// largest relative error is below 1e-6, or when each larger one is within the finite
// differences' own error (the engine's verdict, core/gradient-check.ts); it fails when some
// parameter disagrees by more than that. Training that goes on after a check (a run, a Step, a
// batch) makes the result out of date: it describes weights the network no longer has. A wide
// network's check takes a while: how far it is shows as the host reports it, and Cancel stops it
// between two of its slices, leaving the last result as it was.
import type {
  BackpropApi,
  EpochInside,
  GradientCheckProgress,
  GradientCheckResult,
  GradientVerdict,
  ProgressBatch,
} from '../../app/shared/api';

/** The batches of an epoch trained: `batches` of its `of`. */
type PartialEpoch = Pick<EpochInside, 'batches' | 'of'>;

/** The relative error below which a parameter agrees outright (the engine's AGREE_BELOW). */
export const PASS_BELOW = 1e-6;

/**
 * A layer's verdict: the engine's, or, for a result saved before the engine gave one, the fixed
 * pass mark that judged it then.
 */
export function verdictOf(layer: GradientCheckResult['layers'][number]): GradientVerdict {
  return layer.verdict ?? (layer.maxRelativeError < PASS_BELOW ? 'pass' : 'fail');
}

/**
 * What the check asks the host; progress reports (if given) tell it that the weights changed, and
 * the check's own (if given) how far it is.
 */
export type GradientCheckApi = Pick<BackpropApi, 'gradientCheck' | 'cancelGradientCheck'> &
  Partial<Pick<BackpropApi, 'onProgress' | 'onGradientCheckProgress'>>;

/** Whether a progress report means the weights moved: an epoch done, a run under way, a Step. */
function weightsMoved(batch: ProgressBatch): boolean {
  return batch.points.length > 0 || batch.state === 'running' || batch.state === 'paused';
}

export class GradientCheckState {
  result = $state.raw<GradientCheckResult | null>(null);
  running = $state(false);
  error = $state<string | null>(null);
  /** The last check was cancelled (the result, if any, is the one before it). */
  cancelled = $state(false);
  /**
   * The last check was stopped by the host, not by Cancel: it set the network up again (a Start
   * with changed settings) while the check ran.
   */
  interrupted = $state(false);
  /** How far the check under way is, once the host has said (null until then, and when idle). */
  progress = $state.raw<GradientCheckProgress | null>(null);
  /** Whole epochs the checked weights had trained (0: the initial weights). */
  checkedAt = $state(0);
  /** The batches of the next epoch the checked weights had trained too (paused inside it). */
  checkedInside = $state.raw<PartialEpoch | null>(null);
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
  /** Where inside an epoch the host last said it paused (null: at an epoch's end, or running). */
  #insideHeard: PartialEpoch | null = null;
  /** Counts the checks asked for and forgotten: a reply to an older one is not shown. */
  #asked = 0;
  /** Cancel was asked for the check under way. */
  #cancelAsked = false;
  /** Settles when the check under way has ended and its outcome is shown. */
  #ended: Promise<void> = Promise.resolve();

  /** No layer failed: each agrees to 1e-6 or within finite-difference accuracy. */
  readonly passed = $derived(
    this.result !== null && this.result.layers.every((l) => verdictOf(l) !== 'fail'),
  );
  /** Passed, some layer only within finite-difference accuracy. */
  readonly withinFdAccuracy = $derived(
    this.passed && this.result!.layers.some((l) => verdictOf(l) === 'fd-accuracy'),
  );
  /** Parameters checked at ε/2 too (their error at ε was 1e-6 or more). */
  readonly halfStepped = $derived(
    this.result?.layers.reduce((n, l) => n + (l.withinFdAccuracy ?? 0) + (l.failed ?? 0), 0) ?? 0,
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
      this.#insideHeard = batch.inside
        ? { batches: batch.inside.batches, of: batch.inside.of }
        : null;
      if (weightsMoved(batch)) this.#moves++;
    });
    api.onGradientCheckProgress?.((progress) => {
      if (this.running) this.progress = progress;
    });
  }

  run(): Promise<void> {
    return (this.#ended = this.#run());
  }

  async #run(): Promise<void> {
    const asked = ++this.#asked;
    this.running = true;
    this.error = null;
    this.cancelled = false;
    this.interrupted = false;
    this.#cancelAsked = false;
    this.progress = null;
    // The host copies the weights as the request arrives: a report after this is of later ones.
    const at = this.epochNow();
    const inside = this.#insideHeard;
    const moves = this.#moves;
    try {
      const result = await this.#api.gradientCheck();
      if (asked !== this.#asked) return;
      if (result === null) {
        // Cancelled (or stopped by the host): the last result stays, as it was.
        if (this.#cancelAsked) this.cancelled = true;
        else this.interrupted = true;
        return;
      }
      this.result = result;
      this.checkedAt = at;
      this.checkedInside = inside;
      this.#checkedMoves = moves;
    } catch (e) {
      if (asked !== this.#asked) return;
      this.result = null;
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      if (asked === this.#asked) {
        this.running = false;
        this.progress = null;
      }
    }
  }

  /**
   * Stops the check under way between two of its slices; resolves once it has ended (cancelled,
   * or done if it finished first). Nothing to do when none runs.
   */
  async cancel(): Promise<void> {
    if (!this.running) return;
    this.#cancelAsked = true;
    try {
      await this.#api.cancelGradientCheck();
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      return;
    }
    await this.#ended;
  }

  /**
   * The network or data changed: the result describes another network. A check under way is
   * stopped, and its reply, whatever it is, is not shown.
   */
  forget(): void {
    this.#asked++;
    if (this.running) this.#api.cancelGradientCheck().catch(() => {});
    this.running = false;
    this.progress = null;
    this.result = null;
    this.error = null;
    this.cancelled = false;
    this.interrupted = false;
  }
}
