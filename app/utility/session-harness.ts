// Test support for the session tests (session*.test.ts): a TrainingSession driven in-process
// through its real message protocol with a fake host (Node's setImmediate as the scheduler), the
// synthetic dataset and the configurations they train. Imported by tests only, never by the app.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { SessionConfig } from '../shared/api';
import {
  trainingMessageSchema,
  type CommandPayload,
  type CommandResult,
  type TrainingCommand,
  type TrainingMessage,
} from '../shared/ipc';
import {
  SourceMissingError,
  TrainingSession,
  type SessionHost,
  type SessionOptions,
} from './session';
import { textSource } from './text-source';

export const iris = fileURLToPath(new URL('../../examples/iris.csv', import.meta.url));

export interface HarnessOptions {
  /** The host's clock (default: performance.now). */
  now?: SessionHost['now'];
  /** The host's files (default: `files`, then examples/iris.csv at `iris`, else SourceMissingError). */
  open?: SessionHost['open'];
  /** Texts served at their paths by the default `open`. */
  files?: Record<string, string>;
  /** The session's options (slice length, checkpoints, kernels). */
  options?: SessionOptions;
  /** Called with every message the session posts, once validated. */
  onPost?: (message: TrainingMessage) => void;
}

/**
 * A session whose every message is validated by its schema as it crosses the border (a
 * structured clone, as IPC would carry it) and kept in `messages`; `send` posts a raw request and
 * resolves with its reply, `request` unwraps it (throwing `code: message` on a failure) and `call`
 * is `request` typed by the command.
 */
export function harness({ now, open, files = {}, options, onPost }: HarnessOptions = {}) {
  const messages: TrainingMessage[] = [];
  let nextId = 1;
  const waiting = new Map<number, (m: TrainingMessage) => void>();
  const session = new TrainingSession(
    {
      post: (m) => {
        const message = trainingMessageSchema.parse(structuredClone(m));
        messages.push(message);
        onPost?.(message);
        if ((m.kind === 'result' || m.kind === 'failure') && waiting.has(m.id))
          waiting.get(m.id)!(m);
      },
      now: now ?? (() => performance.now()),
      schedule: (task) => setImmediate(task),
      open:
        open ??
        (async (path) => {
          if (path in files) return textSource(path.split('/').pop()!, files[path]);
          if (path === iris) return textSource('iris.csv', await readFile(iris, 'utf8'));
          throw new SourceMissingError(path);
        }),
    },
    options,
  );
  /** Sends a request as raw message; resolves with the reply (result or failure). */
  const send = (type: string, payload: unknown = {}) =>
    new Promise<TrainingMessage>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      session.receive({ kind: 'request', id, type, payload });
    });
  /** Sends a request; resolves with the reply's value or rejects with its error. */
  async function request(type: string, payload: unknown = {}): Promise<unknown> {
    const reply = await send(type, payload);
    if (reply.kind === 'failure') throw new Error(`${reply.error.code}: ${reply.error.message}`);
    return (reply as Extract<TrainingMessage, { kind: 'result' }>).value;
  }
  const call = <C extends TrainingCommand>(
    type: C,
    payload: CommandPayload<C>,
  ): Promise<CommandResult<C>> => request(type, payload) as Promise<CommandResult<C>>;
  /** Resolves once `predicate` holds; rejects after `ms`. */
  const until = async (predicate: () => boolean, ms = 20_000) => {
    const start = Date.now();
    while (!predicate()) {
      if (Date.now() - start > ms) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const of = <K extends TrainingMessage['kind']>(kind: K) =>
    messages.filter((m): m is Extract<TrainingMessage, { kind: K }> => m.kind === kind);
  return { session, messages, send, request, call, until, of };
}

/** `rows` rows of four inputs in [-1, 1) and y = sin(3a) + bc − d, from a generator seeded by `seed`. */
export function syntheticCsv(rows: number, seed: number): string {
  // a linear congruential generator, mapped to [-1, 1)
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const lines = ['a,b,c,d,y'];
  for (let i = 0; i < rows; i++) {
    const [a, b, c, d] = [next(), next(), next(), next()];
    lines.push([a, b, c, d, Math.sin(3 * a) + b * c - d].map((v) => v.toFixed(4)).join(','));
  }
  return lines.join('\n') + '\n';
}

type Hyperparameters = SessionConfig['hyperparameters'];

/** Four input columns and the target, z-scored. */
const fourInputs = (): Pick<SessionConfig, 'roles' | 'normalization'> => ({
  roles: ['input', 'input', 'input', 'input', 'target'],
  normalization: 'zscore',
});

/** What the tests' runs share: no L2, no stop but the epochs, seed 1, float64. */
export const plainRun: Omit<
  Hyperparameters,
  'learningRate' | 'optimizer' | 'momentum' | 'batchSize' | 'shuffle' | 'maxEpochs'
> = {
  l2: 0,
  threshold: 0,
  targetLoss: null,
  patience: null,
  seed: 1,
  dtype: 'float64',
  initScheme: 'uniform',
};

/** Iris (four inputs, the species): one tanh layer of 6 and softmax, full batch, 300 epochs. */
export const irisConfig = (overrides: Partial<Hyperparameters> = {}): SessionConfig => ({
  ...fourInputs(),
  validationFraction: 0.2,
  testFraction: 0.2,
  hiddenLayers: [{ units: 6, activation: 'tanh' }],
  outputActivation: 'softmax',
  loss: 'cross-entropy',
  hyperparameters: {
    learningRate: 0.5,
    optimizer: 'sgd',
    momentum: 0.9,
    batchSize: 0,
    shuffle: false,
    maxEpochs: 300,
    ...plainRun,
    ...overrides,
  },
});

/** The synthetic dataset (a, b, c, d → y): one tanh layer of `units`, regression, shuffled. */
export const syntheticConfig = (
  units: number,
  hyperparameters: Pick<Hyperparameters, 'optimizer' | 'momentum' | 'batchSize' | 'maxEpochs'>,
): SessionConfig => ({
  ...fourInputs(),
  validationFraction: 0.1,
  testFraction: 0.1,
  hiddenLayers: [{ units, activation: 'tanh' }],
  outputActivation: 'identity',
  loss: 'mse',
  hyperparameters: { learningRate: 0.01, shuffle: true, ...plainRun, ...hyperparameters },
});
