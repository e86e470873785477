// The main process's side of the renderer bridge, and the only main-process file that touches
// ipcMain or webContents.send. Every invoke is checked three times before its handler runs: the
// channel is one of app/shared/ipc.ts, the sender is our window showing our page, and the
// arguments match the channel's schema (an invalid one is refused with an error naming the field).
// A reply too large to send to the page is refused too, with its size, instead of sent.
import { serialize } from 'node:v8';
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { AppError } from '../shared/api';
import { isOwnUrl } from './own-page';
import {
  appErrorSchema,
  channelScopes,
  check,
  eventChannels,
  invokeChannels,
  isEventChannel,
  isInvokeChannel,
  type EventChannel,
  type EventPayload,
  type InvokeArgs,
  type InvokeReply,
  type InvokeChannel,
  type InvokeResult,
} from '../shared/ipc';

export type Handler<C extends InvokeChannel> = (
  ...args: InvokeArgs<C>
) => InvokeResult<C> | Promise<InvokeResult<C>>;

export type Handlers = { [C in InvokeChannel]: Handler<C> };

/**
 * The largest reply sent to the page: Chromium refuses an IPC message past 128 MB, and Electron
 * has crashed on one (electron/electron#12470, #18758). Replies are sized as V8 serializes them.
 */
export const PAGE_REPLY_BYTES = 64 * 1024 * 1024;

/** Decides whether an invoke comes from our own window and page. */
export type SenderCheck = (event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>) => boolean;

/**
 * Trusts only `contents` (our window's webContents) while its top frame shows a page under
 * `rendererUrl` (our file:// folder, or the dev server's origin).
 */
export function trustOnly(getContents: () => WebContents | null, rendererUrl: string): SenderCheck {
  return (event) => {
    const contents = getContents();
    if (!contents || event.sender.id !== contents.id) return false;
    const url = event.senderFrame?.url;
    return url ? isOwnUrl(url, rendererUrl) : false;
  };
}

export class IpcRouter {
  readonly #registered = new Set<InvokeChannel>();

  constructor(
    private readonly isTrusted: SenderCheck,
    private readonly log: (message: string) => void = () => {},
    private readonly maxReplyBytes = PAGE_REPLY_BYTES,
  ) {}

  /** Registers the handler of one channel; refuses a channel app/shared/ipc.ts does not define. */
  handle<C extends InvokeChannel>(channel: C, handler: Handler<C>): void {
    if (!isInvokeChannel(channel)) throw new Error(`ipc: unknown channel "${String(channel)}"`);
    if (this.#registered.has(channel)) throw new Error(`ipc: "${channel}" already has a handler`);
    this.#registered.add(channel);
    ipcMain.handle(channel, (event, ...raw: unknown[]) =>
      this.dispatch(channel, handler, event, raw),
    );
  }

  /** Registers every channel at once (the compiler checks that none is missing). */
  handleAll(handlers: Handlers): void {
    for (const channel of Object.keys(invokeChannels) as InvokeChannel[]) {
      this.handle(channel, handlers[channel] as Handler<typeof channel>);
    }
  }

  /** The checks and the call; exported behaviour for tests through ipcMain's mock. */
  async dispatch<C extends InvokeChannel>(
    channel: C,
    handler: Handler<C>,
    event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
    raw: unknown[],
  ): Promise<InvokeReply<InvokeResult<C>>> {
    if (!this.isTrusted(event)) {
      this.log(
        `ipc: refused "${channel}" from an untrusted sender (${event.senderFrame?.url ?? 'no frame'})`,
      );
      return {
        ok: false,
        error: {
          message: `${channel}: refused, the sender is not Backprop Studio's window`,
          scope: 'process',
        },
      };
    }
    const args = check(invokeChannels[channel].args, raw, channel);
    if (!args.ok)
      return { ok: false, error: { message: args.error, scope: channelScopes[channel] } };
    try {
      const value = await handler(...(args.value as InvokeArgs<C>));
      const bytes = serialize(value).byteLength;
      if (bytes > this.maxReplyBytes) {
        const mb = (n: number) => `${Math.ceil(n / 2 ** 20)} MB`;
        return {
          ok: false,
          error: {
            message: `${channel}: the reply is ${mb(bytes)}, more than the window can be sent at once (${mb(this.maxReplyBytes)})`,
            scope: channelScopes[channel],
          },
        };
      }
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error: toAppError(error, channelScopes[channel]) };
    }
  }

  dispose(): void {
    for (const channel of this.#registered) ipcMain.removeHandler(channel);
    this.#registered.clear();
  }
}

/**
 * A thrown error as the page sees it: its message, and its own scope when it has one (a
 * TrainingError from the training process), else the channel's.
 */
export function toAppError(error: unknown, fallback: AppError['scope']): AppError {
  const message = error instanceof Error ? error.message : String(error);
  const scope = appErrorSchema.shape.scope.safeParse((error as { scope?: unknown } | null)?.scope);
  return { message, scope: scope.success ? scope.data : fallback };
}

/** Sends one event to the renderer, validating it first (a bug here must not reach the page). */
export function send<C extends EventChannel>(
  contents: WebContents | null,
  channel: C,
  payload: EventPayload<C>,
): void {
  if (!isEventChannel(channel)) throw new Error(`ipc: unknown event "${String(channel)}"`);
  const checked = check(eventChannels[channel], payload, channel);
  if (!checked.ok) throw new Error(`ipc: invalid event ${checked.error}`);
  if (contents && !contents.isDestroyed()) contents.send(channel, checked.value);
}
