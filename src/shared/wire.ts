// How the contract travels: Electron IPC (preload) and the web dashboard's WebSocket carry
// the same messages, so the renderer's client is one piece of code over either bridge.
import {
  API_METHOD_NAMES,
  ApiError,
  dispatch,
  toApiError,
  type ApiClient,
  type ApiErrorShape,
  type ApiEvent,
  type ApiHandlers,
  type ApiMethodName,
} from './api.js';

/** A call's reply, as it crosses a process boundary (errors as data: classes do not survive). */
export type CallReply = { ok: true; result: unknown } | { ok: false; error: ApiErrorShape };

/** One call through the table (validated by dispatch), its outcome as a reply. Never throws. */
export async function callReply(handlers: ApiHandlers, method: unknown, input: unknown): Promise<CallReply> {
  try {
    return { ok: true, result: await dispatch(handlers, method, input) };
  } catch (err) {
    return { ok: false, error: toApiError(err) };
  }
}

/** WebSocket frames. Client → server: a call. Server → client: a reply or an event. */
export interface WireCall {
  id: number;
  method: string;
  input?: unknown;
}
export type WireReply = { id: number } & CallReply;
export interface WireEvent {
  event: ApiEvent;
}

/** Largest WebSocket frame the server accepts. */
export const MAX_WIRE_BYTES = 1024 * 1024;

/** What the preload script (desktop) or the WebSocket client (web) gives the renderer. */
export interface ShellBridge {
  kind: 'desktop' | 'web';
  call(method: ApiMethodName, input: unknown): Promise<CallReply>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  /**
   * Desktop only: the shell asks the UI to show an agent (tray menu or notification click).
   * Payload: the agent id. The web bridge leaves it out.
   */
  onNavigate?(listener: (agentId: string) => void): () => void;
}

/** The name under which the preload script exposes its bridge on `window`. */
export const BRIDGE_GLOBAL = 'orcBridge';

/** Build a typed client from a bridge: one function per method of the table. */
export function createApiClient(bridge: Pick<ShellBridge, 'call'>): ApiClient {
  const client = {} as Record<ApiMethodName, (input?: unknown) => Promise<unknown>>;
  for (const name of API_METHOD_NAMES) {
    client[name] = async (input?: unknown) => {
      const reply = await bridge.call(name, input ?? {});
      if (!reply.ok) throw new ApiError(reply.error.code, reply.error.message);
      return reply.result;
    };
  }
  return client as unknown as ApiClient;
}
