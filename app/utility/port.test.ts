import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { connectToParent } from './port';

describe('connectToParent', () => {
  it("uses Electron's parentPort when there is one (messages arrive as { data })", () => {
    const parentPort = Object.assign(new EventEmitter(), { postMessage: vi.fn() });
    const proc = Object.assign(new EventEmitter(), { parentPort, send: vi.fn() });
    const port = connectToParent(proc as unknown as NodeJS.Process);
    expect(port.transport).toBe('electron');
    const received: unknown[] = [];
    port.onMessage((m) => received.push(m));
    parentPort.emit('message', { data: { kind: 'request' } });
    port.post({ kind: 'ready' });
    expect(received).toEqual([{ kind: 'request' }]);
    expect(parentPort.postMessage).toHaveBeenCalledWith({ kind: 'ready' });
    expect(proc.send).not.toHaveBeenCalled();
  });

  it("falls back to Node's IPC channel, and fails clearly without a parent", () => {
    const proc = Object.assign(new EventEmitter(), { send: vi.fn() });
    const port = connectToParent(proc as unknown as NodeJS.Process);
    expect(port.transport).toBe('node-ipc');
    const received: unknown[] = [];
    port.onMessage((m) => received.push(m));
    proc.emit('message', 42);
    port.post('hi');
    expect(received).toEqual([42]);
    expect(proc.send).toHaveBeenCalledWith('hi');
    expect(() => connectToParent(new EventEmitter() as unknown as NodeJS.Process)).toThrow(
      'no parent to talk to',
    );
  });

  it('posts a message too large for one piece in pieces, and puts pieces it receives together', () => {
    const proc = Object.assign(new EventEmitter(), { send: vi.fn() });
    const port = connectToParent(proc as unknown as NodeJS.Process, { pieceBytes: 64 });
    const large = { kind: 'result', id: 3, value: new Float64Array(100).fill(0.5) };
    port.post({ kind: 'ready' });
    port.post(large);
    const posted = proc.send.mock.calls.map(([m]) => m as { kind: string });
    expect(posted[0]).toEqual({ kind: 'ready' });
    const pieces = posted.slice(1);
    expect(pieces.length).toBeGreaterThan(10);
    expect(pieces.every((p) => p.kind === 'piece')).toBe(true);

    // The same pieces coming the other way make the message again.
    const received: unknown[] = [];
    port.onMessage((m) => received.push(m));
    for (const p of pieces) proc.emit('message', p);
    expect(received).toEqual([large]);

    // A piece out of turn: nothing reaches the session, and main is told why.
    proc.emit('message', pieces[1]);
    expect(received).toHaveLength(1);
    expect(proc.send).toHaveBeenLastCalledWith({
      kind: 'error',
      error: {
        scope: 'process',
        message:
          'The training process received a message it could not put together (piece 2 of message 1 arrived without its first)',
      },
    });
  });
});
