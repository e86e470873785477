// A view that follows training: one request at a time, and while progress reports arrive at most
// one refresh every LIVE_INTERVAL_MS (4 a second: readable, not one per batch), none when frozen.

/** Live refreshes are at least this far apart. */
export const LIVE_INTERVAL_MS = 250;

export interface LiveRefreshOptions {
  /** Asks the host for new numbers and stores them (errors are the caller's to keep). */
  fetch: () => Promise<void>;
  /** Whether the view follows training now (read at every report and when the timer fires). */
  live: () => boolean;
  /** Subscribes to training progress; returns the unsubscribe. */
  subscribe: (listener: () => void) => () => void;
}

export class LiveRefresh {
  #options: LiveRefreshOptions;
  #last = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #pending: Promise<void> | null = null;

  constructor(options: LiveRefreshOptions) {
    this.#options = options;
  }

  /** Fetches now, or joins the fetch already under way. */
  refresh(): Promise<void> {
    if (this.#pending) return this.#pending;
    this.#pending = this.#options.fetch().finally(() => {
      this.#last = Date.now();
      this.#pending = null;
    });
    return this.#pending;
  }

  /** A progress report arrived: refresh now, or once the interval has passed. */
  onProgress(): void {
    if (!this.#options.live() || this.#timer) return;
    const wait = Math.max(0, this.#last + LIVE_INTERVAL_MS - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.#options.live()) void this.refresh();
    }, wait);
  }

  /** Subscribes to training progress; returns the teardown (use from an $effect). */
  follow(): () => void {
    const off = this.#options.subscribe(() => this.onProgress());
    return () => {
      off();
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = null;
    };
  }
}
