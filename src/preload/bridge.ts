// The object the preload exposes to the renderer: exactly a ShellBridge over ipcRenderer.
// Pure (ipcRenderer is passed in) so it is tested without Electron.
import type { ApiEvent, ApiMethodName } from '../shared/api.js';
import type { CallReply, ShellBridge } from '../shared/wire.js';
import { IPC_CHANNELS } from './channels.js';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface BridgeIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** Subscribe to one channel; the Electron event object never reaches the page. */
function subscribe<T>(ipc: BridgeIpc, channel: string, listener: (payload: T) => void): () => void {
  const wrapped = (_event: unknown, payload: unknown): void => listener(payload as T);
  ipc.on(channel, wrapped);
  let subscribed = true;
  return () => {
    if (!subscribed) return;
    subscribed = false;
    ipc.removeListener(channel, wrapped);
  };
}

export function createDesktopBridge(ipc: BridgeIpc): ShellBridge {
  return {
    kind: 'desktop',
    async call(method: ApiMethodName, input: unknown): Promise<CallReply> {
      try {
        return (await ipc.invoke(IPC_CHANNELS.call, method, input)) as CallReply;
      } catch (err) {
        // Only reached when main has no handler (starting up or shutting down): errors as data.
        const message = err instanceof Error ? err.message : String(err);
        return { ok: false, error: { code: 'unavailable', message: `desktop shell not ready: ${message}` } };
      }
    },
    onEvent: (listener: (event: ApiEvent) => void) => subscribe(ipc, IPC_CHANNELS.event, listener),
    onNavigate: (listener: (agentId: string) => void) => subscribe(ipc, IPC_CHANNELS.navigate, listener),
  };
}
