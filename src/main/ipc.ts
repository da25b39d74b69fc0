// Contract-driven IPC: one channel carries every method of the table. Input is validated by
// the contract's own `dispatch` (zod); every outcome, error included, is a CallReply.
import { ApiError, toApiError, type ApiHandlers } from '../shared/api.js';
import { callReply, type CallReply } from '../shared/wire.js';
import { IPC_CHANNELS } from '../preload/channels.js';

/** The part of an IpcMainInvokeEvent main looks at. */
export interface IpcCallEvent {
  sender: { id: number };
  senderFrame?: { url: string; parent: unknown } | null;
}

/** The part of Electron's ipcMain used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcCallEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface IpcOptions {
  /** The engine's handlers; awaited per call, so calls made while the engine starts just wait. */
  handlers: () => Promise<ApiHandlers>;
  /** Whether the call comes from our own window's top frame showing our own page. */
  isTrusted: (event: IpcCallEvent) => boolean;
}

/** Register the call channel; returns the function that removes it. */
export function registerIpc(ipcMain: IpcMainLike, opts: IpcOptions): () => void {
  ipcMain.handle(IPC_CHANNELS.call, async (event, method, input): Promise<CallReply> => {
    if (!opts.isTrusted(event)) {
      return { ok: false, error: new ApiError('unavailable', 'calls are accepted from the app window only').toJSON() };
    }
    let handlers: ApiHandlers;
    try {
      handlers = await opts.handlers();
    } catch (err) {
      return { ok: false, error: { code: 'unavailable', message: `engine did not start: ${toApiError(err).message}` } };
    }
    return callReply(handlers, method, input);
  });
  return () => ipcMain.removeHandler(IPC_CHANNELS.call);
}
