// The one owner of the training process's whole life: it starts the process, sends it requests
// and matches the replies, validates everything the process says, notices when it dies or stops
// answering, and replaces it. The process regularly sends a checkpoint (dataset, settings, last
// parameters, optimizer state, loss history); after a crash or a hang the fresh process is given
// the last one, so the user loses nothing they can see and can resume training or export the
// weights.
import { deserialize, serialize } from 'node:v8';
import type { AppError } from '../shared/api';
import {
  checkCommandResult,
  check,
  trainingMessageSchema,
  type Checkpoint,
  type CommandPayload,
  type CommandResult,
  type MessagePiece,
  type TrainingCommand,
  type TrainingMessage,
  type TrainingRequest,
} from '../shared/ipc';
import { PieceError, PieceReceiver, PieceSender, PIECE_BYTES } from '../shared/message-pieces';

/** How messages too large to post whole are made into pieces and put together again. */
const V8_SERIALIZER = { serialize, deserialize };

/** What the host needs of a process: Electron's UtilityProcess or Node's ChildProcess, adapted. */
export interface TrainingProcess {
  /** A request, or a piece of one too large to post whole (app/shared/message-pieces.ts). */
  postMessage(message: TrainingRequest | MessagePiece): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export type HostEvent =
  | Extract<
      TrainingMessage,
      { kind: 'progress' | 'finished' | 'dataset-progress' | 'gradient-check-progress' | 'error' }
    >
  | {
      kind: 'restarted';
      reason: string;
      /** What the fresh process restored (null if there was nothing to restore). */
      restored: CommandResult<'restore'>;
    };

export interface TrainerHostOptions {
  spawn: () => TrainingProcess;
  onEvent: (event: HostEvent) => void;
  /** How often the host pings the process. */
  heartbeatMs?: number;
  /** Silence after which the process counts as hung. */
  hangTimeoutMs?: number;
  /**
   * Silence allowed while a request is being worked on: one request may keep the process's event
   * loop to itself (Step epoch over a million rows took 17 s) and answers nothing meanwhile.
   */
  busyTimeoutMs?: number;
  /** Time a new process has to say it is ready (starting Node and the bundle takes a while). */
  startTimeoutMs?: number;
  /** Restarts allowed within a minute before the host gives up. */
  maxRestartsPerMinute?: number;
  now?: () => number;
  log?: (message: string) => void;
  /** The largest message posted whole; larger ones go in pieces (tests make it small). */
  pieceBytes?: number;
}

/** A request that failed in (or because of) the training process. */
export class TrainingError extends Error {
  override name = 'TrainingError';
  constructor(
    message: string,
    readonly code: 'dataset-missing' | 'dataset-changed' | 'invalid-message' | 'failed' | 'process',
    readonly scope: AppError['scope'] = 'process',
  ) {
    super(message);
  }
}

/** Requests answered at once whatever the data: silence on one of these is a hang. */
const QUICK_COMMANDS: ReadonlySet<TrainingCommand> = new Set(['ping', 'network']);

interface Pending {
  type: TrainingCommand;
  resolve: (value: unknown) => void;
  reject: (error: TrainingError) => void;
}

export class TrainerHost {
  readonly #options: Required<Omit<TrainerHostOptions, 'log'>> & Pick<TrainerHostOptions, 'log'>;
  #process: TrainingProcess | null = null;
  #sender: PieceSender;
  /** The pieces of a large message from the current process, put together. */
  #receiver = new PieceReceiver(V8_SERIALIZER);
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #checkpoint: Checkpoint | null = null;
  #lastHeard = 0;
  /** Whether the current process has said anything yet. */
  #started = false;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #restarts: number[] = [];
  #disposed = false;
  /** Too many restarts within a minute: no process until the user's next request. */
  #gaveUp = false;
  /** Restarts so far (for the UI and tests). */
  restartCount = 0;

  constructor(options: TrainerHostOptions) {
    this.#options = {
      heartbeatMs: 1000,
      hangTimeoutMs: 10_000,
      busyTimeoutMs: 5 * 60_000,
      startTimeoutMs: 20_000,
      maxRestartsPerMinute: 3,
      now: () => Date.now(),
      pieceBytes: PIECE_BYTES,
      ...options,
    };
    this.#sender = new PieceSender(V8_SERIALIZER, this.#options.pieceBytes);
  }

  get running(): boolean {
    return this.#process !== null;
  }

  /** The last checkpoint the process sent (what a restart restores). */
  get checkpoint(): Checkpoint | null {
    return this.#checkpoint;
  }

  start(): void {
    if (this.#disposed) throw new Error('TrainerHost: already disposed');
    if (this.#process) return;
    this.#launch();
  }

  /** Sends one request; resolves with its validated result, rejects with a TrainingError. */
  request<C extends TrainingCommand>(
    type: C,
    payload: CommandPayload<C>,
  ): Promise<CommandResult<C>> {
    if (!this.#process && this.#gaveUp && !this.#disposed) this.#startAfresh();
    const process = this.#process;
    if (!process) {
      return Promise.reject(new TrainingError('The training process is not running', 'process'));
    }
    const id = this.#nextId++;
    return new Promise<CommandResult<C>>((resolve, reject) => {
      this.#pending.set(id, { type, resolve: resolve as (value: unknown) => void, reject });
      try {
        const request = { kind: 'request', id, type, payload } as TrainingRequest;
        this.#sender.send(request, (m) => process.postMessage(m as TrainingRequest | MessagePiece));
      } catch (error) {
        // The process is gone and its exit not yet reported (a closed channel throws): this
        // request fails; the exit, when it arrives, replaces the process.
        this.#pending.delete(id);
        reject(
          new TrainingError(
            `The training process cannot be reached: ${(error as Error).message}`,
            'process',
          ),
        );
      }
    });
  }

  /** Stops the process for good (app quit). */
  dispose(): void {
    this.#disposed = true;
    clearInterval(this.#heartbeat);
    this.#rejectAll('The training process was shut down');
    const process = this.#process;
    this.#process = null;
    process?.kill();
  }

  #launch(): TrainingProcess {
    const process = this.#options.spawn();
    this.#process = process;
    this.#lastHeard = this.#options.now();
    this.#started = false;
    this.#receiver = new PieceReceiver(V8_SERIALIZER);
    process.onMessage((raw) => {
      if (this.#process === process) this.#receive(raw);
    });
    process.onExit((code) => {
      if (this.#process !== process) return; // replaced or disposed: an exit we asked for
      this.#replace(`The training process stopped unexpectedly (exit code ${code ?? 'none'})`);
    });
    clearInterval(this.#heartbeat);
    this.#heartbeat = setInterval(() => this.#beat(), this.#options.heartbeatMs);
    return process;
  }

  #beat(): void {
    const silent = this.#options.now() - this.#lastHeard;
    if (!this.#started) {
      if (silent > this.#options.startTimeoutMs) {
        this.#replace(
          `The training process did not start (no sign of life for ${(silent / 1000).toFixed(1)} s)`,
        );
      }
      return;
    }
    const busy = [...this.#pending.values()].find((p) => !QUICK_COMMANDS.has(p.type));
    if (silent > (busy ? this.#options.busyTimeoutMs : this.#options.hangTimeoutMs)) {
      const during = busy ? ` while working on "${busy.type}"` : '';
      this.#replace(
        `The training process stopped answering (no reply for ${(silent / 1000).toFixed(1)} s${during})`,
      );
      return;
    }
    // One ping at a time: a busy process answers them all once it is free.
    if (![...this.#pending.values()].some((p) => p.type === 'ping')) {
      this.request('ping', {}).catch(() => {});
    }
  }

  #receive(raw: unknown): void {
    this.#lastHeard = this.#options.now();
    this.#started = true;
    let whole: { message: unknown } | null;
    try {
      whole = this.#receiver.receive(raw);
    } catch (error) {
      if (!(error instanceof PieceError)) throw error;
      this.#refused(error.message);
      return;
    }
    if (!whole) return; // more pieces to come
    const checked = check(trainingMessageSchema, whole.message, 'message');
    if (!checked.ok) {
      this.#refused(checked.error);
      return;
    }
    const message = checked.value;
    switch (message.kind) {
      case 'ready':
        return;
      case 'checkpoint':
        this.#checkpoint = message.checkpoint;
        return;
      case 'result':
      case 'failure': {
        const pending = this.#pending.get(message.id);
        if (!pending) return;
        this.#pending.delete(message.id);
        if (message.kind === 'failure') {
          const { message: text, code, scope } = message.error;
          pending.reject(new TrainingError(text, code, scope));
          return;
        }
        const result = checkCommandResult(pending.type, message.value);
        if (result.ok) pending.resolve(result.value);
        else pending.reject(new TrainingError(`Invalid reply: ${result.error}`, 'invalid-message'));
        return;
      }
      default:
        this.#options.onEvent(message);
    }
  }

  #refused(error: string): void {
    this.#options.log?.(`trainer host: refused a message: ${error}`);
    this.#options.onEvent({
      kind: 'error',
      error: {
        scope: 'process',
        message: `The training process sent an invalid message (${error})`,
      },
    });
  }

  #rejectAll(reason: string): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.reject(new TrainingError(reason, 'process'));
  }

  /**
   * After the host gave up: a fresh process without the session, whose restoring may be what
   * killed the last ones (a dataset too large, a network that exhausts memory).
   */
  #startAfresh(): void {
    this.#gaveUp = false;
    this.#checkpoint = null;
    this.#restarts = [];
    this.#launch();
  }

  /** Kills what is left of the current process and starts a fresh one with the last checkpoint. */
  #replace(reason: string): void {
    const old = this.#process;
    this.#process = null;
    clearInterval(this.#heartbeat);
    old?.kill();
    this.#rejectAll(reason);
    this.#options.log?.(`trainer host: ${reason}`);
    if (this.#disposed) return;

    const now = this.#options.now();
    this.#restarts = this.#restarts.filter((t) => now - t < 60_000);
    if (this.#restarts.length >= this.#options.maxRestartsPerMinute) {
      this.#gaveUp = true;
      this.#options.onEvent({
        kind: 'error',
        error: {
          scope: 'process',
          message: `${reason}. It failed ${this.#restarts.length + 1} times within a minute, so it was not restarted with your session; what you do next starts a fresh one without it (open your dataset again).`,
        },
      });
      return;
    }
    this.#restarts.push(now);
    this.restartCount++;
    this.#launch();
    const checkpoint = this.#checkpoint;
    const restore = checkpoint
      ? this.request('restore', { checkpoint })
      : Promise.resolve<CommandResult<'restore'>>(null);
    restore.then(
      (restored) => this.#options.onEvent({ kind: 'restarted', reason, restored }),
      (error: Error) =>
        this.#options.onEvent({
          kind: 'error',
          error: {
            scope: 'process',
            message: `${reason}; restoring the session failed: ${error.message}`,
          },
        }),
    );
  }
}
