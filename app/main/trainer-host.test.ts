// The trainer host against in-process training "processes": each one runs a real TrainingSession
// (so replies, checkpoints and restores are the real ones) and can be made to crash or hang.
import { serialize } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { unpackHistory, type TrainingRequest } from '../shared/ipc';
import { TrainingSession } from '../utility/session';
import { SourceMissingError } from '../utility/text-source';
import { TrainerHost, TrainingError, type HostEvent, type TrainingProcess } from './trainer-host';

class FakeProcess implements TrainingProcess {
  #message: ((m: unknown) => void)[] = [];
  #exit: ((code: number | null) => void)[] = [];
  hung = false;
  killed = false;
  readonly session: TrainingSession;

  constructor(
    readonly script?: (request: TrainingRequest, reply: (m: unknown) => void) => boolean,
  ) {
    this.session = new TrainingSession({
      post: (m) => this.#deliver(structuredClone(m)),
      now: () => performance.now(),
      schedule: (task) => setImmediate(task),
      open: async (path) => {
        throw new SourceMissingError(path);
      },
    });
    setImmediate(() => this.#deliver({ kind: 'ready' }));
  }
  #deliver(m: unknown) {
    if (this.hung || this.killed) return;
    for (const l of this.#message) l(m);
  }
  postMessage(message: TrainingRequest): void {
    if (this.hung || this.killed) return;
    const copy = structuredClone(message);
    setImmediate(() => {
      if (this.script?.(copy, (m) => this.#deliver(m))) return;
      this.session.receive(copy);
    });
  }
  onMessage(listener: (m: unknown) => void): void {
    this.#message.push(listener);
  }
  onExit(listener: (code: number | null) => void): void {
    this.#exit.push(listener);
  }
  kill(): void {
    this.killed = true;
  }
  crash(code = 70): void {
    this.killed = true;
    for (const l of this.#exit) l(code);
  }
}

let host: TrainerHost | null = null;
afterEach(() => host?.dispose());

function setup(
  options: {
    startTimeoutMs?: number;
    silentFirst?: boolean;
    script?: FakeProcess['script'];
    hangTimeoutMs?: number;
    busyTimeoutMs?: number;
    maxRestartsPerMinute?: number;
  } = {},
) {
  const processes: FakeProcess[] = [];
  const events: HostEvent[] = [];
  host = new TrainerHost({
    spawn: () => {
      const p = new FakeProcess(processes.length === 0 ? options.script : undefined);
      if (options.silentFirst && processes.length === 0) p.hung = true;
      processes.push(p);
      return p;
    },
    onEvent: (e) => events.push(e),
    heartbeatMs: 10,
    hangTimeoutMs: options.hangTimeoutMs ?? 10_000,
    busyTimeoutMs: options.busyTimeoutMs,
    startTimeoutMs: options.startTimeoutMs,
    maxRestartsPerMinute: options.maxRestartsPerMinute,
  });
  host.start();
  return { host, processes, events };
}

const until = async (predicate: () => boolean, ms = 10_000) => {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('TrainerHost', () => {
  it('matches replies to requests and forwards events', async () => {
    const { host, events } = setup();
    const opened = await host.request('open-example', { id: 'xor' });
    expect(opened.summary.rows).toBe(4);
    const snapshot = await host.request('network', {});
    expect(snapshot?.topology).toEqual(expect.arrayContaining([2, 1]));
    await host.request('step', { unit: 'epoch' });
    expect(events.some((e) => e.kind === 'progress')).toBe(true);
    expect(host.checkpoint?.dataset).toEqual({ kind: 'example', id: 'xor' });
  });

  it('rejects failures with their code and scope, and invalid replies naming the field', async () => {
    const { host, events } = setup({
      script: (request, reply) => {
        if (request.type !== 'network') return false;
        reply({ kind: 'result', id: request.id, value: { topology: 'big' } });
        reply({ kind: 'progress', batch: { points: 'many' } });
        return true;
      },
    });
    const missing = await host.request('load-dataset', { path: '/gone.csv' }).catch((e) => e);
    expect(missing).toBeInstanceOf(TrainingError);
    expect(missing).toMatchObject({ code: 'dataset-missing', scope: 'dataset' });
    const invalid = await host.request('network', {}).catch((e: Error) => e.message);
    expect(invalid).toContain('result of network.topology');
    await until(() => events.some((e) => e.kind === 'error'));
    const error = events.find((e) => e.kind === 'error') as Extract<HostEvent, { kind: 'error' }>;
    expect(error.error.message).toContain('message.batch');
  });

  it('puts a reply in pieces together, and refuses pieces that do not make one', async () => {
    const { host, events } = setup({
      script: (request, reply) => {
        if (request.type !== 'ping') return false;
        const bytes = serialize({ kind: 'result', id: request.id, value: 'pong' });
        const piece = (index: number, part: Uint8Array) => ({
          kind: 'piece',
          id: 1,
          index,
          count: 2,
          totalBytes: bytes.byteLength,
          bytes: part,
        });
        const half = bytes.byteLength >> 1;
        // A second piece without its first, then the reply as two pieces.
        reply(piece(1, bytes.slice(half)));
        reply(piece(0, bytes.slice(0, half)));
        reply(piece(1, bytes.slice(half)));
        return true;
      },
    });
    expect(await host.request('ping', {})).toBe('pong');
    const error = events.find((e) => e.kind === 'error') as Extract<HostEvent, { kind: 'error' }>;
    expect(error.error.message).toBe(
      'The training process sent an invalid message (piece 2 of message 1 arrived without its first)',
    );
  });

  it('sends a large request as pieces that each carry only their own bytes, as Electron clones them', () => {
    // Electron's postMessage clones a typed array with its whole buffer (V8's serializer, as
    // structuredClone does): a piece that viewed the message's bytes carried all of them.
    const posted: unknown[] = [];
    host = new TrainerHost({
      spawn: () => ({
        postMessage: (m) => posted.push(structuredClone(m)),
        onMessage: () => {},
        onExit: () => {},
        kill: () => {},
      }),
      onEvent: () => {},
      pieceBytes: 64,
    });
    host.start();
    void host.request('load-dataset', { path: `/data/${'x'.repeat(1000)}.csv` }).catch(() => {});
    const pieces = posted as { kind: string; bytes: Uint8Array }[];
    expect(pieces.length).toBeGreaterThan(10);
    for (const piece of pieces) {
      expect(piece.kind).toBe('piece');
      expect(piece.bytes.buffer.byteLength).toBeLessThanOrEqual(64);
    }
  });

  it('replaces a crashed process and restores the last checkpoint', async () => {
    const { host, processes, events } = setup();
    await host.request('open-example', { id: 'iris' });
    await host.request('step', { unit: 'epoch' });
    await host.request('step', { unit: 'epoch' });
    const before = await host.request('network', {});
    const pending = host.request('gradient-check', {}).catch((e: Error) => e);
    processes[0].crash(134);
    const error = await pending;
    expect(error).toBeInstanceOf(TrainingError);
    expect((error as Error).message).toBe(
      'The training process stopped unexpectedly (exit code 134)',
    );
    await until(() => events.some((e) => e.kind === 'restarted'));
    const restarted = events.find((e) => e.kind === 'restarted') as Extract<
      HostEvent,
      { kind: 'restarted' }
    >;
    expect(restarted.reason).toContain('exit code 134');
    expect(restarted.restored?.summary.name).toBe('iris.csv');
    expect(processes).toHaveLength(2);
    expect(host.restartCount).toBe(1);
    expect(await host.request('network', {})).toEqual(before);
    // Training resumes where it was: epoch 3 follows epoch 2.
    await host.request('step', { unit: 'epoch' });
    const points = events.flatMap((e) =>
      e.kind === 'progress' ? unpackHistory(e.batch.points) : [],
    );
    expect(points.at(-1)!.epoch).toBe(3);
  });

  it('notices a process that stops answering, and replaces it', async () => {
    const { host, processes, events } = setup({ hangTimeoutMs: 150 });
    await host.request('open-example', { id: 'xor' });
    processes[0].hung = true;
    const pending = host.request('network', {}).catch((e: Error) => e.message);
    expect(await pending).toMatch(/stopped answering \(no reply for 0\.\d s\)/);
    await until(() => events.some((e) => e.kind === 'restarted'));
    expect(processes[0].killed).toBe(true);
    expect((await host.request('network', {}))?.topology.at(-1)).toBe(1);
  });

  /**
   * A first process whose Step keeps its event loop for `ms` (an epoch over a large file): nothing
   * else is read, pings included, until it answers; then what came meanwhile is answered.
   */
  function blockingStep(ms: number) {
    let blocked = false;
    const queued: TrainingRequest[] = [];
    let first: FakeProcess | undefined;
    const script: FakeProcess['script'] = (request, reply) => {
      if (blocked) {
        queued.push(request);
        return true;
      }
      if (request.type !== 'step') return false;
      blocked = true;
      if (Number.isFinite(ms)) {
        setTimeout(() => {
          blocked = false;
          reply({ kind: 'result', id: request.id, value: null });
          for (const q of queued.splice(0)) first!.session.receive(q);
        }, ms);
      }
      return true;
    };
    return { script, attach: (p: FakeProcess) => (first = p) };
  }

  it('waits for a long request instead of taking the silence for a hang', async () => {
    const step = blockingStep(400);
    const { host, processes, events } = setup({ hangTimeoutMs: 100, script: step.script });
    step.attach(processes[0]);
    await host.request('open-example', { id: 'xor' });
    await expect(host.request('step', { unit: 'epoch' })).resolves.toBeNull();
    expect(processes).toHaveLength(1);
    expect(events.filter((e) => e.kind === 'restarted')).toEqual([]);
    // Still watched once free: the pings sent meanwhile are answered.
    expect(await host.request('ping', {})).toBe('pong');
  });

  it('replaces a process that stays silent on a request past the busy timeout', async () => {
    const step = blockingStep(Infinity);
    const { host, processes, events } = setup({
      hangTimeoutMs: 100,
      busyTimeoutMs: 300,
      script: step.script,
    });
    step.attach(processes[0]);
    await host.request('open-example', { id: 'xor' });
    await expect(host.request('step', { unit: 'epoch' })).rejects.toThrow(
      /stopped answering \(no reply for 0\.[3-9] s while working on "step"\)/,
    );
    await until(() => events.some((e) => e.kind === 'restarted'));
    expect(processes).toHaveLength(2);
  });

  it('gives a new process time to start, but not forever', async () => {
    const { host, processes, events } = setup({
      silentFirst: true,
      hangTimeoutMs: 20,
      startTimeoutMs: 150,
    });
    await new Promise((r) => setTimeout(r, 60));
    expect(processes).toHaveLength(1); // silent for longer than hangTimeoutMs, but still starting
    await until(() => processes.length === 2);
    await until(() => events.some((e) => e.kind === 'restarted'));
    expect((events.find((e) => e.kind === 'restarted') as { reason: string }).reason).toContain(
      'did not start',
    );
    expect(await host.request('ping', {})).toBe('pong');
  });

  it('gives up after too many crashes within a minute', async () => {
    const { processes, events } = setup({ maxRestartsPerMinute: 2 });
    for (let i = 0; i < 3; i++) {
      await until(() => processes.length === i + 1);
      processes[i].crash(1);
    }
    expect(processes).toHaveLength(3);
    const last = events.filter((e) => e.kind === 'error').at(-1) as Extract<
      HostEvent,
      { kind: 'error' }
    >;
    expect(last.error.message).toContain('was not restarted with your session');
    // The user's next request starts a fresh process, without the session that kept crashing.
    const pending = host!.request('network', {});
    expect(processes).toHaveLength(4);
    expect(await pending).toBeNull();
    expect(host!.checkpoint).toBeNull();
    expect((await host!.request('open-example', { id: 'xor' })).summary.rows).toBe(4);
    // And it is watched as any: a crash restores the fresh session.
    await until(() => host!.checkpoint !== null);
    processes[3].crash(1);
    await until(() => events.filter((e) => e.kind === 'restarted').length === 3);
    expect(processes).toHaveLength(5);
  });

  it('fails a request to a process whose channel closed before its exit was reported', async () => {
    const { host, processes } = setup();
    await host.request('ping', {});
    processes[0].postMessage = () => {
      throw new Error('Channel closed');
    };
    await expect(host.request('ping', {})).rejects.toMatchObject({
      name: 'TrainingError',
      code: 'process',
      message: 'The training process cannot be reached: Channel closed',
    });
  });

  it('does not restart after dispose', async () => {
    const { host, processes } = setup();
    host.dispose();
    processes[0].crash(0);
    expect(processes).toHaveLength(1);
    expect(processes[0].killed).toBe(true);
  });
});
