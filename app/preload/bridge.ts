// The renderer side of the bridge, and the only file that touches ipcRenderer. Arguments are
// checked before they leave (a mistake in the page fails here, naming the field), replies and
// events are checked when they arrive. A request never rejects: it settles as a value, main's
// reply as it came ({ ok: false, error } keeps main's message and scope), or a failure of the
// preload's own (arguments or a reply that are not valid) with the channel's scope. Electron's
// contextBridge would copy a rejected Error's message alone, losing the scope; the page turns
// the value back into a rejection (app/shared/settled.ts).
import { ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Settled, Unsubscribe } from '../shared/api';
import {
  channelScopes,
  check,
  eventChannels,
  invokeChannels,
  invokeReplySchema,
  isEventChannel,
  isInvokeChannel,
  type EventChannel,
  type EventPayload,
  type InvokeArgs,
  type InvokeChannel,
  type InvokeResult,
} from '../shared/ipc';

export async function invoke<C extends InvokeChannel>(
  channel: C,
  ...args: InvokeArgs<C>
): Promise<Settled<InvokeResult<C>>> {
  const fail = (message: string) =>
    ({
      ok: false,
      error: { message, scope: isInvokeChannel(channel) ? channelScopes[channel] : 'process' },
    }) as const;
  if (!isInvokeChannel(channel)) return fail(`Unknown channel "${String(channel)}"`);
  const checkedArgs = check(invokeChannels[channel].args, args, channel);
  if (!checkedArgs.ok) return fail(checkedArgs.error);
  let raw: unknown;
  try {
    raw = await ipcRenderer.invoke(channel, ...args);
  } catch (error) {
    // Main has no handler, or its reply could not be sent: Electron's own error.
    return fail(`${channel}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const reply = check(invokeReplySchema, raw, channel);
  if (!reply.ok) return fail(`Invalid reply: ${reply.error}`);
  if (!reply.value.ok) return reply.value;
  const result = check(invokeChannels[channel].result, reply.value.value, `${channel} result`);
  if (!result.ok) return fail(`Invalid reply: ${result.error}`);
  return { ok: true, value: result.value as InvokeResult<C> };
}

/** A request's settled value without its result (the page's `Promise<void>` methods). */
export function done(settled: Settled<unknown>): Settled<void> {
  return settled.ok ? { ok: true, value: undefined } : settled;
}

/** Subscribes to one event; invalid payloads are dropped (and logged), never delivered. */
export function listen<C extends EventChannel>(
  channel: C,
  listener: (payload: EventPayload<C>) => void,
): Unsubscribe {
  if (!isEventChannel(channel)) throw new Error(`Unknown event "${String(channel)}"`);
  if (typeof listener !== 'function')
    throw new Error(`${channel}: the listener must be a function`);
  const wrapped = (_event: IpcRendererEvent, payload: unknown) => {
    const checked = check(eventChannels[channel], payload, channel);
    if (checked.ok) listener(checked.value as EventPayload<C>);
    else console.error(`Backprop Studio: dropped an invalid event: ${checked.error}`);
  };
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}
