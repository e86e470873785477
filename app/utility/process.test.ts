// The training process as the app runs it, under plain Node: app/utility/index.ts is bundled with
// Vite, forked with a shim that gives it Electron's `process.parentPort` and takes away
// `process.send` (so the Electron code path is the one exercised), and driven by the real
// TrainerHost through the real protocol: load a CSV, train, pause, resume, stop, export, then a
// crash and a hang, each followed by recovery from the last checkpoint.
import { fork, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predict } from '../../core/forward';
import { modelNetwork, parseModel } from '../../core/model-format';
import { createWasmKernels } from '../../core/wasm/wasm-kernels';
import type { SessionConfig } from '../shared/api';
import { unpackHistory } from '../shared/ipc';
import { TrainerHost, type HostEvent, type TrainingProcess } from '../main/trainer-host';
import { tempDir } from '../../test/temp-dir';
import { startKernelThreads } from './kernel-threads';

const root = fileURLToPath(new URL('../..', import.meta.url));
const iris = join(root, 'examples/iris.csv');

const SHIM = `
import { EventEmitter } from 'node:events';
const send = process.send.bind(process);
const parentPort = new EventEmitter();
parentPort.postMessage = (message) => send(message);
process.on('message', (data) => parentPort.emit('message', { data }));
process.parentPort = parentPort;
delete process.send;
`;

let dir: string;
let entry: string;
let shim: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = tempDir('bps-utility-');
  shim = join(dir, 'parent-port-shim.mjs');
  await writeFile(shim, SHIM);
  await build({
    configFile: false,
    root,
    logLevel: 'silent',
    ssr: { noExternal: true },
    build: {
      ssr: join(root, 'app/utility/index.ts'),
      outDir: dir,
      emptyOutDir: false,
      minify: false,
      rolldownOptions: { output: { format: 'cjs', entryFileNames: 'utility.cjs' } },
    },
  });
  entry = join(dir, 'utility.cjs');
});

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

function spawn(env: Record<string, string> = {}): TrainingProcess {
  const child = fork(entry, [], {
    serialization: 'advanced',
    execArgv: ['--import', shim],
    env: { ...process.env, BACKPROP_TEST_HOOKS: '1', ...env },
  });
  children.push(child);
  return {
    // As with a utility process, a message to a process that has just died is lost, not thrown
    // (Node would emit it as an 'error' event); its exit event reports the death.
    postMessage: (message) => void child.send(message, () => {}),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', (code) => listener(code)),
    kill: () => child.kill('SIGKILL'),
  };
}

const config: SessionConfig = {
  roles: ['input', 'input', 'input', 'input', 'target'],
  normalization: 'zscore',
  validationFraction: 0.2,
  testFraction: 0.2,
  hiddenLayers: [{ units: 8, activation: 'tanh' }],
  outputActivation: 'softmax',
  loss: 'cross-entropy',
  hyperparameters: {
    learningRate: 0.1,
    optimizer: 'sgd',
    momentum: 0.9,
    l2: 0,
    batchSize: 8,
    shuffle: true,
    maxEpochs: 1_000_000,
    threshold: 0,
    targetLoss: null,
    patience: null,
    seed: 11,
    dtype: 'float64',
    initScheme: 'uniform',
  },
};

const until = async (predicate: () => boolean, what: string, ms = 20_000) => {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the training process under Node', () => {
  it('runs a whole session through the protocol, and survives a crash and a hang', async () => {
    const events: HostEvent[] = [];
    const host = new TrainerHost({
      spawn,
      onEvent: (e) => events.push(e),
      heartbeatMs: 200,
      hangTimeoutMs: 3000,
    });
    host.start();
    const points = () =>
      events.flatMap((e) => (e.kind === 'progress' ? unpackHistory(e.batch.points) : []));
    const lastState = () => events.filter((e) => e.kind === 'progress').at(-1);
    try {
      expect(await host.request('ping', {})).toBe('pong');

      // Load: streamed from disk with progress, summarized.
      const summary = await host.request('load-dataset', { path: iris });
      expect(summary).toMatchObject({ name: 'iris.csv', rows: 150 });
      const loading = events.filter((e) => e.kind === 'dataset-progress').at(-1);
      expect(loading).toMatchObject({ progress: { rows: 150 } });
      await host.request('configure', { config });

      // Train, pause, resume, stop.
      await host.request('start', {});
      await until(() => points().length > 20, 'progress');
      await host.request('pause', {});
      await sleep(50);
      const paused = points().length;
      await sleep(200);
      expect(points().length).toBe(paused);
      expect(lastState()).toMatchObject({ batch: { state: 'paused' } });
      await host.request('resume', {});
      await until(() => points().length > paused + 5, 'progress after resume');
      await host.request('stop', {});
      await until(() => events.some((e) => e.kind === 'finished'), 'finished');
      const finished = events.find((e) => e.kind === 'finished') as Extract<
        HostEvent,
        { kind: 'finished' }
      >;
      expect(finished.result.reason).toBe('cancelled');
      expect(finished.result.test?.metrics.kind).toBe('classification');
      const epochs = points().map((p) => p.epoch);
      expect(epochs).toEqual(Array.from({ length: epochs.length }, (_, i) => i));

      // Export: a model file that validates and predicts what the session's network predicts.
      const exported = await host.request('export-model', {});
      const model = parseModel(exported.model.join(''), 'model.json');
      const snapshot = await host.request('network', {});
      expect(model.weights).toEqual(snapshot!.weights);
      const x = { rows: 1, cols: 4, data: new Float64Array([0.3, -1, 1.2, 0.8]) };
      expect(
        Array.from(predict(modelNetwork(model), x).data).reduce((s, v) => s + v, 0),
      ).toBeCloseTo(1, 12);

      // A crash: the host starts a fresh process and restores dataset, settings and parameters.
      const before = await host.request('network', {});
      (children.at(-1) as ChildProcess).send({ kind: 'debug', action: 'crash' });
      await until(() => events.some((e) => e.kind === 'restarted'), 'restart after crash');
      const crash = events.find((e) => e.kind === 'restarted') as Extract<
        HostEvent,
        { kind: 'restarted' }
      >;
      expect(crash.reason).toBe('The training process stopped unexpectedly (exit code 70)');
      expect(crash.restored?.summary.rows).toBe(150);
      expect(crash.restored?.config).toEqual(config);
      expect(await host.request('network', {})).toEqual(before);
      expect(lastState()).toMatchObject({ batch: { state: 'finished' } });

      // Training goes on from there: the next epoch follows the last one before the crash.
      const lastEpoch = points().at(-1)!.epoch;
      await host.request('step', { unit: 'epoch' });
      await until(() => points().at(-1)!.epoch === lastEpoch + 1, 'the next epoch');

      // A hang: no answer to the heartbeat, so the process is killed and replaced.
      (children.at(-1) as ChildProcess).send({ kind: 'debug', action: 'hang' });
      await until(
        () => events.filter((e) => e.kind === 'restarted').length === 2,
        'restart after hang',
      );
      const hang = events.filter((e) => e.kind === 'restarted')[1] as Extract<
        HostEvent,
        { kind: 'restarted' }
      >;
      expect(hang.reason).toMatch(/stopped answering/);
      expect(children.at(-2)!.killed).toBe(true);
      expect((await host.request('network', {}))!.topology).toEqual([4, 8, 3]);
      expect(host.restartCount).toBe(2);
    } finally {
      host.dispose();
    }
  });

  it('recovers an Adam run from a crash on the trajectory of the run without the crash', async () => {
    const events: HostEvent[] = [];
    const host = new TrainerHost({ spawn, onEvent: (e) => events.push(e), heartbeatMs: 200 });
    host.start();
    const adam: SessionConfig = {
      ...config,
      hyperparameters: {
        ...config.hyperparameters,
        optimizer: 'adam',
        learningRate: 0.01,
        batchSize: 16,
        shuffle: false,
      },
    };
    const epochs = async (n: number) => {
      for (let e = 0; e < n; e++) await host.request('step', { unit: 'epoch' });
    };
    try {
      await host.request('load-dataset', { path: iris });
      await host.request('configure', { config: adam });
      await epochs(3);
      // 90 training rows in batches of 16: 6 Adam steps an epoch, kept by the host.
      expect(host.checkpoint?.optimizer).toMatchObject({ optimizer: 'adam', steps: 18 });
      (children.at(-1) as ChildProcess).send({ kind: 'debug', action: 'crash' });
      await until(() => events.some((e) => e.kind === 'restarted'), 'restart after crash');
      await epochs(3);
      const recovered = await host.request('network', {});

      await host.request('reset', {});
      await epochs(6);
      expect(await host.request('network', {})).toEqual(recovered);
      expect(host.restartCount).toBe(1);
    } finally {
      host.dispose();
    }
  });

  it('carries messages larger than one piece both ways, in pieces', async () => {
    // Pieces of 2 KB: a 4-64-3 network's parameters (3.6 KB in float64), with Adam's state, its
    // checkpoints, project and export do not fit in one.
    const sent: string[] = [];
    const received: string[] = [];
    const kind = (m: unknown) => (m as { kind: string }).kind;
    const events: HostEvent[] = [];
    const host = new TrainerHost({
      spawn: () => {
        const child = spawn({ BACKPROP_PIECE_BYTES: '2048' });
        return {
          ...child,
          postMessage: (m) => {
            sent.push(kind(m));
            child.postMessage(m);
          },
          onMessage: (listener) =>
            child.onMessage((m) => {
              received.push(kind(m));
              listener(m);
            }),
        };
      },
      onEvent: (e) => events.push(e),
      heartbeatMs: 200,
      pieceBytes: 2048,
    });
    host.start();
    const wide: SessionConfig = {
      ...config,
      hiddenLayers: [{ units: 64, activation: 'tanh' }],
      hyperparameters: { ...config.hyperparameters, optimizer: 'adam', learningRate: 0.01 },
    };
    try {
      await host.request('load-dataset', { path: iris });
      await host.request('configure', { config: wide });
      await host.request('step', { unit: 'epoch' });
      await host.request('step', { unit: 'epoch' });
      expect(received).toContain('piece');
      expect(host.checkpoint?.parameters?.W.map((w) => w.length)).toEqual([256, 192]);
      expect(host.checkpoint?.optimizer).toMatchObject({ optimizer: 'adam' });

      const trained = await host.request('network', {});
      const exported = await host.request('export-model', {});
      expect(parseModel(exported.model.join(''), 'model.json').weights).toEqual(trained!.weights);
      const project = await host.request('save-project', {});

      // The project back (a request in pieces): the same network.
      await host.request('reset', {});
      expect(await host.request('network', {})).not.toEqual(trained);
      expect(sent).not.toContain('piece');
      await host.request('open-project', { project, datasetPath: null });
      expect(sent).toContain('piece');
      expect(await host.request('network', {})).toEqual(trained);

      // A crash: the checkpoint that came in pieces goes back in pieces and restores it all.
      const pieces = sent.filter((k) => k === 'piece').length;
      (children.at(-1) as ChildProcess).send({ kind: 'debug', action: 'crash' });
      await until(() => events.some((e) => e.kind === 'restarted'), 'restart after crash');
      expect(sent.filter((k) => k === 'piece').length).toBeGreaterThan(pieces);
      expect(await host.request('network', {})).toEqual(trained);
      expect(events.filter((e) => e.kind === 'error')).toEqual([]);
    } finally {
      host.dispose();
    }
  });

  it('is also the entry of its kernel threads, which share large products exactly', async () => {
    const one = createWasmKernels();
    const two = createWasmKernels();
    const threads = startKernelThreads(two, entry, 2)!;
    try {
      await threads.ready;
      const fill = (k: typeof one, rows: number, cols: number, seed: number) => {
        const data = k.allocate('float64', rows * cols);
        for (let i = 0; i < data.length; i++) data[i] = Math.sin(seed + i);
        return { rows, cols, data };
      };
      const C1 = fill(one, 128, 520, 0);
      const C2 = fill(two, 128, 520, 0);
      one.gemm(fill(one, 128, 300, 1), fill(one, 300, 520, 2), C1);
      two.gemm(fill(two, 128, 300, 1), fill(two, 300, 520, 2), C2);
      expect([...C2.data]).toEqual([...C1.data]);
    } finally {
      await threads.close();
    }
  });

  it('refuses an invalid message with an error naming the field', async () => {
    const replies: unknown[] = [];
    const child = spawn();
    child.onMessage((m) => replies.push(m));
    child.postMessage({
      kind: 'request',
      id: 1,
      type: 'step',
      payload: { unit: 'fortnight' },
    } as never);
    await until(() => replies.some((r) => (r as { kind: string }).kind === 'failure'), 'failure');
    expect(replies.find((r) => (r as { kind: string }).kind === 'failure')).toMatchObject({
      id: 1,
      error: { code: 'invalid-message', message: expect.stringContaining('payload.unit') },
    });
    child.kill();
  });
});
