// `electron` for the real preload (app/preload/index.ts) bundled into the page by the desktop-path
// e2e test (harness.ts buildDesktopPreload): contextBridge copies what crosses it as Electron's
// does (test/context-bridge.ts: a rejected Error keeps only its message), ipcRenderer talks to a
// fake main in the page. The test plays main through window globals it sets before the preload
// runs (__replies: channel → main's reply) or calls afterwards (__emit: main sends an event);
// __calls records every invoke that reached main.
import type { ProgressBatch, Settled } from '../../app/shared/api';
import { packProgress } from '../../app/shared/ipc';
import { exposeAcrossBridge } from '../../test/context-bridge';

type Listener = (event: unknown, payload: unknown) => void;

/** What the test reads and sets on the page's window. */
export interface FakeMain {
  /** Main's reply per invoke channel ({ ok: true, value: null } when not given). */
  __replies?: Record<string, Settled<unknown>>;
  __calls: { channel: string; args: unknown[] }[];
  /** Main sends an event (a progress batch is packed here, as main packs it). */
  __emit: (channel: string, payload: unknown) => void;
}

const main = window as unknown as FakeMain & Record<string, unknown>;
const listeners = new Map<string, Set<Listener>>();
main.__calls = [];
main.__emit = (channel, payload) => {
  const wire: unknown =
    channel === 'training:progress' ? packProgress(payload as ProgressBatch) : payload;
  for (const listener of listeners.get(channel) ?? []) listener({}, structuredClone(wire));
};

export const ipcRenderer = {
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    main.__calls.push({ channel, args: structuredClone(args) });
    return structuredClone(main.__replies?.[channel] ?? { ok: true, value: null });
  },
  on(channel: string, listener: Listener) {
    const set = listeners.get(channel) ?? new Set();
    listeners.set(channel, set.add(listener));
    return ipcRenderer;
  },
  removeListener(channel: string, listener: Listener) {
    listeners.get(channel)?.delete(listener);
    return ipcRenderer;
  },
};

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown) {
    main[key] = exposeAcrossBridge(api);
  },
};

export const webUtils = {
  getPathForFile: (file: File) => `/home/ada/${file.name}`,
};
