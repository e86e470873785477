// The renderer side of the bridge, and the only file that touches ipcRenderer. Arguments are
// checked before they leave (a mistake in the page fails here, naming the field), replies and
// events are checked when they arrive, and a failed invoke becomes a HostError: main's message, and
// its scope under `error`, read by the page as it reads the web build's CommandFailure.
import { ipcRenderer, type IpcRendererEvent } from 'electron';
import type { AppError, Unsubscribe } from '../shared/api';
import {
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

/** A failed invoke: main's message, and where it belongs (`error.scope`). */
export class HostError extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
    this.name = 'HostError';
  }
}

export async function invoke<C extends InvokeChannel>(
  channel: C,
  ...args: InvokeArgs<C>
): Promise<InvokeResult<C>> {
  if (!isInvokeChannel(channel)) throw new Error(`Unknown channel "${String(channel)}"`);
  const checkedArgs = check(invokeChannels[channel].args, args, channel);
  if (!checkedArgs.ok) throw new Error(checkedArgs.error);
  const reply = check(invokeReplySchema, await ipcRenderer.invoke(channel, ...args), channel);
  if (!reply.ok) throw new Error(`Invalid reply: ${reply.error}`);
  if (!reply.value.ok) throw new HostError(reply.value.error);
  const result = check(invokeChannels[channel].result, reply.value.value, `${channel} result`);
  if (!result.ok) throw new Error(`Invalid reply: ${result.error}`);
  return result.value as InvokeResult<C>;
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
