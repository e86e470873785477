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
});
