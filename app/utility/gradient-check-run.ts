// One gradient check under way in the training process: the engine's GradientChecker run in
// slices the host schedules (a wide network has tens of thousands of parameters, each two
// evaluations of the cost), so that the messages after it get through between them; how far it
// is, reported a few times a second while it takes longer than a slice; and the reply the
// `gradient-check` command owes its sender: the result, null once the check is cancelled (by the
// user, by a newer check, or because the network it checks was replaced), or a slice's failure.
import type { GradientChecker } from '../../core/gradient-check';
import type { GradientCheckProgress, GradientCheckResult } from '../shared/api';

/** Least time between two progress reports of a check (4 a second, as from inside an epoch). */
export const CHECK_PROGRESS_MS = 250;

export interface CheckHost {
  /** A millisecond clock. */
  now(): number;
  /** "Run this soon, after pending messages." */
  schedule(task: () => void): void;
  /** How far the check is. */
  report(progress: GradientCheckProgress): void;
}

export class GradientCheckRun {
  /** Settles when the check is over: its result, null if cancelled, or a slice's failure. */
  readonly done: Promise<GradientCheckResult | null>;
  readonly #checker: GradientChecker;
  readonly #rowsUsed: number;
  readonly #host: CheckHost;
  readonly #sliceMs: number;
  readonly #progressMs: number;
  #lastReport = -Infinity;
  #reported = false;
  #over = false;
  #settle: (outcome: { result: GradientCheckResult | null } | { error: unknown }) => void =
    () => {};

  constructor(
    checker: GradientChecker,
    rowsUsed: number,
    host: CheckHost,
    {
      sliceMs = 12,
      progressMs = CHECK_PROGRESS_MS,
    }: { sliceMs?: number; progressMs?: number } = {},
  ) {
    this.#checker = checker;
    this.#rowsUsed = rowsUsed;
    this.#host = host;
    this.#sliceMs = sliceMs;
    this.#progressMs = progressMs;
    this.done = new Promise((resolve, reject) => {
      this.#settle = (outcome) =>
        'error' in outcome ? reject(outcome.error) : resolve(outcome.result);
    });
  }

  /** Whether the check has ended (its reply is settled). */
  get over(): boolean {
    return this.#over;
  }

  /** Checks the first slice now; the next ones follow as the host schedules them. */
  start(): void {
    this.#slice();
  }

  /** Stops the check before its next slice: it replies null. Nothing happens once it is over. */
  cancel(): void {
    this.#end({ result: null });
  }

  #slice(): void {
    if (this.#over) return;
    let result: ReturnType<GradientChecker['run']>;
    try {
      result = this.#checker.run(this.#host.now, this.#sliceMs);
    } catch (error) {
      this.#end({ error });
      return;
    }
    if (result) {
      // A check that took more than a slice was reported: its last report is of every parameter.
      if (this.#reported) this.#report();
      this.#end({ result: { ...result, rowsUsed: this.#rowsUsed } });
      return;
    }
    if (this.#host.now() - this.#lastReport >= this.#progressMs) this.#report();
    this.#host.schedule(() => this.#slice());
  }

  #report(): void {
    this.#lastReport = this.#host.now();
    this.#reported = true;
    this.#host.report({ checked: this.#checker.checked, total: this.#checker.total });
  }

  #end(outcome: { result: GradientCheckResult | null } | { error: unknown }): void {
    if (this.#over) return;
    this.#over = true;
    this.#settle(outcome);
  }
}
