// Requests to the training worker (each answered once, by id) and the events it sends.
import type {
  CommandError,
  CommandPayload,
  CommandResult,
  TrainingCommand,
  TrainingMessage,
} from '../../app/shared/ipc';
import { checkCommandResult, trainingMessageSchema } from '../../app/shared/ipc';
import type { ToWorker } from './protocol';

/** A failed request: the session's message, and a code the adapter can act on. */
export class CommandFailure extends Error {
  constructor(readonly error: CommandError) {
    super(error.message);
    this.name = 'CommandFailure';
  }
}

type Pending = { type: TrainingCommand; resolve: (v: unknown) => void; reject: (e: Error) => void };
type EventMessage = Exclude<TrainingMessage, { kind: 'result' } | { kind: 'failure' }>;

export class WorkerClient {
  #next = 1;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Set<(message: EventMessage) => void>();

  constructor(private readonly worker: Worker) {
    worker.addEventListener('message', (e: MessageEvent) => this.#receive(e.data));
    worker.addEventListener('error', (e) =>
      this.#crash(`The training worker failed: ${e.message}`),
    );
  }

  request<C extends TrainingCommand>(
    type: C,
    payload: CommandPayload<C>,
  ): Promise<CommandResult<C>> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { type, resolve: resolve as (v: unknown) => void, reject });
      this.post({ kind: 'request', id, type, payload } as ToWorker);
    });
  }

  post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  listen(listener: (message: EventMessage) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #receive(raw: unknown): void {
    const parsed = trainingMessageSchema.safeParse(raw);
    if (!parsed.success)
      return this.#crash('The training worker sent a message that is not valid.');
    const message = parsed.data;
    if (message.kind === 'result' || message.kind === 'failure') {
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      this.#pending.delete(message.id);
      if (message.kind === 'failure') return pending.reject(new CommandFailure(message.error));
      const checked = checkCommandResult(pending.type, message.value);
      if (checked.ok) pending.resolve(checked.value);
      else pending.reject(new Error(checked.error));
      return;
    }
    for (const listener of this.#listeners) listener(message);
  }

  #crash(message: string): void {
    for (const [, p] of this.#pending) p.reject(new Error(message));
    this.#pending.clear();
    for (const listener of this.#listeners)
      listener({ kind: 'error', error: { message, scope: 'process' } });
  }
}
