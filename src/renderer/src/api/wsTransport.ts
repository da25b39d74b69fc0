// The web dashboard's transport: one WebSocket carrying WireCall → WireReply frames and pushed
// WireEvents. It reconnects with backoff; calls in flight when the socket drops fail at once
// (the engine may or may not have run them, so retrying silently would be wrong).
import { API_ERROR_CODES, type ApiErrorCode, type ApiEvent, type ApiMethodName } from '../../../shared/api.js';
import type { CallReply, ShellBridge, WireCall } from '../../../shared/wire.js';
import { Backoff } from '../../../shared/backoff.js';

/** `unauthorized`: the server is there but refuses this page's token (serve --new-token). */
export type ConnectionState = 'connecting' | 'open' | 'closed' | 'unauthorized';

/** A bridge plus what the UI needs to show the link's health. */
export interface Transport {
  bridge: ShellBridge;
  connection(): ConnectionState;
  /** Called on every change; `reopened` is true when the link came back after a drop. */
  onConnection(listener: (state: ConnectionState, reopened: boolean) => void): () => void;
  close(): void;
}

export interface WsTransportOptions {
  url: string;
  /** Defaults to the global WebSocket (jsdom and browsers both have one). */
  WebSocketImpl?: typeof WebSocket;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long a call made while disconnected waits for the link before it fails. */
  waitOpenMs?: number;
  /** How long a sent call waits for its reply (spawning waits for the agent to be ready). */
  replyTimeoutMs?: number;
  /**
   * Asked after a connection attempt failed: false when the server answers but refuses the
   * token, true when it accepts it, null when it cannot be reached. A browser hides a refused
   * WebSocket upgrade's status, so this is how a rotated token is told from a server that is down.
   */
  checkToken?: () => Promise<boolean | null>;
}

export const LOST_MESSAGE = 'Connection lost — the engine did not answer; reconnecting…';
export const NOT_CONNECTED_MESSAGE = 'Not connected to the engine — reconnecting…';

interface Pending {
  resolve: (reply: CallReply) => void;
  timer: ReturnType<typeof setTimeout>;
}

const unavailable = (message: string): CallReply => ({
  ok: false,
  error: { code: 'unavailable', message },
});

/** Parse a server frame; anything malformed is dropped (the server is trusted but may be newer). */
export function parseServerFrame(
  data: unknown,
): { kind: 'reply'; id: number; reply: CallReply } | { kind: 'event'; event: ApiEvent } | null {
  if (typeof data !== 'string') return null;
  let frame: unknown;
  try {
    frame = JSON.parse(data);
  } catch {
    return null;
  }
  if (!frame || typeof frame !== 'object') return null;
  const f = frame as Record<string, unknown>;
  if (f.event && typeof f.event === 'object') return { kind: 'event', event: f.event as ApiEvent };
  if (typeof f.id !== 'number') return null;
  if (f.ok === true) return { kind: 'reply', id: f.id, reply: { ok: true, result: f.result } };
  const err = f.error as { code?: unknown; message?: unknown } | undefined;
  const message = typeof err?.message === 'string' ? err.message : 'the engine sent a malformed error';
  const code: ApiErrorCode = (API_ERROR_CODES as readonly unknown[]).includes(err?.code)
    ? (err!.code as ApiErrorCode)
    : 'internal';
  return { kind: 'reply', id: f.id, reply: { ok: false, error: { code, message } } };
}

export function createWsTransport(opts: WsTransportOptions): Transport {
  const WS = opts.WebSocketImpl ?? globalThis.WebSocket;
  const minBackoff = opts.minBackoffMs ?? 250;
  const maxBackoff = opts.maxBackoffMs ?? 5_000;
  const waitOpenMs = opts.waitOpenMs ?? 10_000;
  const replyTimeoutMs = opts.replyTimeoutMs ?? 120_000;

  let socket: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let everOpened = false;
  /** The token was refused: stays so (no "connecting" flicker between retries) until a link opens. */
  let refused = false;
  let closedByUs = false;
  const backoff = new Backoff({ minMs: minBackoff, maxMs: maxBackoff, jitter: 0.2 });
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const waiting = new Set<() => void>();
  const eventListeners = new Set<(e: ApiEvent) => void>();
  const connListeners = new Set<(s: ConnectionState, reopened: boolean) => void>();

  const setState = (next: ConnectionState, reopened = false) => {
    if (next === state && !reopened) return;
    state = next;
    for (const l of connListeners) l(next, reopened);
  };

  const failPending = (message: string) => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      pending.delete(id);
      p.resolve(unavailable(message));
    }
  };

  const onMessage = (ev: MessageEvent) => {
    const frame = parseServerFrame(ev.data);
    if (!frame) return;
    if (frame.kind === 'event') {
      for (const l of eventListeners) l(frame.event);
      return;
    }
    const p = pending.get(frame.id);
    if (!p) return; // a reply to a call that already timed out
    pending.delete(frame.id);
    clearTimeout(p.timer);
    p.resolve(frame.reply);
  };

  const connect = () => {
    retryTimer = null;
    if (closedByUs) return;
    if (!refused) setState('connecting');
    let ws: WebSocket;
    try {
      ws = new WS(opts.url);
    } catch {
      scheduleRetry();
      return;
    }
    socket = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      refused = false;
      const reopened = everOpened;
      everOpened = true;
      backoff.reset();
      setState('open', reopened);
      for (const w of [...waiting]) w();
    };
    ws.onmessage = onMessage;
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      failPending(LOST_MESSAGE);
      if (!refused) setState('closed');
      scheduleRetry();
      if (!opened && opts.checkToken) {
        void opts.checkToken().then(
          (ok) => {
            if (ok === null || closedByUs || state === 'open') return;
            refused = !ok;
            setState(refused ? 'unauthorized' : socket ? 'connecting' : 'closed');
          },
          () => undefined,
        );
      }
    };
    ws.onerror = () => {
      // onclose follows and does the work.
    };
  };

  const scheduleRetry = () => {
    if (closedByUs || retryTimer) return;
    retryTimer = setTimeout(connect, backoff.next());
  };

  const send = (method: ApiMethodName, input: unknown): Promise<CallReply> =>
    new Promise((resolve) => {
      const id = nextId++;
      const frame: WireCall = { id, method, input };
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve(unavailable(`${method}: the engine did not answer within ${Math.round(replyTimeoutMs / 1000)} s`));
      }, replyTimeoutMs);
      pending.set(id, { resolve, timer });
      try {
        socket!.send(JSON.stringify(frame));
      } catch {
        pending.delete(id);
        clearTimeout(timer);
        resolve(unavailable(NOT_CONNECTED_MESSAGE));
      }
    });

  /** Wait (bounded) for the link to open, so calls made at start-up or mid-reconnect still go. */
  const whenOpen = (): Promise<boolean> =>
    new Promise((resolve) => {
      if (state === 'open' && socket) return resolve(true);
      if (closedByUs) return resolve(false);
      const done = (ok: boolean) => {
        clearTimeout(timer);
        waiting.delete(onOpen);
        resolve(ok);
      };
      const onOpen = () => done(state === 'open' && !!socket);
      const timer = setTimeout(() => done(false), waitOpenMs);
      waiting.add(onOpen);
    });

  const bridge: ShellBridge = {
    kind: 'web',
    async call(method, input) {
      if (!(await whenOpen())) return unavailable(NOT_CONNECTED_MESSAGE);
      return send(method, input);
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
  };

  connect();

  return {
    bridge,
    connection: () => state,
    onConnection(listener) {
      connListeners.add(listener);
      return () => connListeners.delete(listener);
    },
    close() {
      closedByUs = true;
      if (retryTimer) clearTimeout(retryTimer);
      failPending('the connection was closed');
      for (const w of [...waiting]) w();
      socket?.close();
      socket = null;
      setState('closed');
    },
  };
}
