// The WebSocket side: each client frame is a WireCall answered through the contract's dispatch
// (same table, same validation as IPC); engine events go to every socket. Every client is
// bounded: frame size (ws maxPayload), calls in flight, and unsent bytes (a client that cannot
// keep up with events is closed and reconnects, rather than growing the server's memory).
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { ApiEvent, ApiHandlers } from '../shared/api.js';
import { callReply, MAX_WIRE_BYTES, type WireEvent, type WireReply } from '../shared/wire.js';

/** The id of a reply to a frame that had no usable id (malformed JSON, not a call). */
export const NO_CALL_ID = -1;

/** Close codes the server uses (RFC 6455 + the 4000–4999 private range). */
export const CLOSE_TOO_BIG = 1009;
export const CLOSE_TOO_SLOW = 1013;
export const CLOSE_GOING_AWAY = 1001;
const SLOW_CLOSE_GRACE_MS = 1000;

export interface HubLimits {
  /** A client with more unsent bytes than this is closed (default 4 MB). */
  maxBufferedBytes: number;
  /** Calls one client may have in flight (default 64); more are answered `unavailable`. */
  maxInFlight: number;
  /** Ping period; a socket that misses one pong is dropped (default 30 s). */
  heartbeatMs: number;
}

export const DEFAULT_HUB_LIMITS: HubLimits = {
  maxBufferedBytes: 4 * 1024 * 1024,
  maxInFlight: 64,
  heartbeatMs: 30_000,
};

/**
 * ws closes a socket whose frame exceeds maxPayload with code 1009 and no reason; this subclass
 * gives that close a sentence, so the client can say what happened.
 */
class WireSocket extends WebSocket {
  override close(code?: number, data?: string | Buffer): void {
    const reason = data ?? (code === CLOSE_TOO_BIG ? `frame over the ${MAX_WIRE_BYTES} byte limit` : undefined);
    super.close(code, reason);
  }
}

interface ClientState {
  alive: boolean;
  inFlight: number;
}

export interface SocketHub {
  wss: WebSocketServer;
  /** Take over an upgraded socket. */
  add(ws: WebSocket): void;
  broadcast(event: ApiEvent): void;
  clients(): number;
  close(): Promise<void>;
}

export function createSocketHub(handlers: ApiHandlers, limits: HubLimits, log: (line: string) => void): SocketHub {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_WIRE_BYTES,
    clientTracking: true,
    perMessageDeflate: false,
    WebSocket: WireSocket,
  });
  const state = new WeakMap<WebSocket, ClientState>();

  const send = (ws: WebSocket, frame: WireReply | Buffer) => {
    if (ws.readyState !== WebSocket.OPEN) return;
    ws.send(Buffer.isBuffer(frame) ? frame : JSON.stringify(frame), { binary: false });
    if (ws.bufferedAmount > limits.maxBufferedBytes) dropSlow(ws);
  };

  // Say why, then cut it: a client that is not reading will not read the close frame either,
  // and until the socket is destroyed its unsent bytes stay in our memory.
  const dropSlow = (ws: WebSocket) => {
    ws.close(CLOSE_TOO_SLOW, 'client too slow: events were piling up; reconnect');
    setTimeout(() => ws.terminate(), SLOW_CLOSE_GRACE_MS).unref();
  };

  const onFrame = async (ws: WebSocket, data: RawData, isBinary: boolean) => {
    const st = state.get(ws)!;
    st.alive = true;
    const call = parseCall(data, isBinary);
    if ('error' in call) return send(ws, { id: call.id, ok: false, error: call.error });
    if (st.inFlight >= limits.maxInFlight) {
      const msg = `too many calls in flight (${limits.maxInFlight}); wait for replies`;
      return send(ws, { id: call.id, ok: false, error: { code: 'unavailable', message: msg } });
    }
    st.inFlight++;
    try {
      const reply = await callReply(handlers, call.method, call.input);
      if (!reply.ok && reply.error.code === 'internal') log(`web: ${call.method} failed: ${reply.error.message}`);
      send(ws, { id: call.id, ...reply });
    } finally {
      st.inFlight--;
    }
  };

  const add = (ws: WebSocket) => {
    state.set(ws, { alive: true, inFlight: 0 });
    ws.on('message', (data, isBinary) => void onFrame(ws, data, isBinary));
    ws.on('pong', () => {
      const st = state.get(ws);
      if (st) st.alive = true;
    });
    // Oversized frames and protocol errors arrive here after ws has started the close.
    ws.on('error', (err) => log(`web: socket error: ${err.message}`));
  };

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      const st = state.get(ws);
      if (!st) continue;
      if (!st.alive) {
        ws.terminate();
        continue;
      }
      st.alive = false;
      ws.ping();
    }
  }, limits.heartbeatMs);
  heartbeat.unref();

  const broadcast = (event: ApiEvent) => {
    if (wss.clients.size === 0) return;
    // Serialised once, sent as the same bytes to every socket.
    const frame: WireEvent = { event };
    let bytes: Buffer;
    try {
      bytes = Buffer.from(JSON.stringify(frame));
    } catch (err) {
      // Never throw into the engine's emitter: report and skip the event.
      log(`web: event ${event.type} could not be serialised: ${(err as Error).message}`);
      return;
    }
    for (const ws of wss.clients) send(ws, bytes);
  };

  const close = async () => {
    clearInterval(heartbeat);
    const closing = [...wss.clients].map(
      (ws) =>
        new Promise<void>((done) => {
          if (ws.readyState === WebSocket.CLOSED) return done();
          const timer = setTimeout(() => {
            ws.terminate();
            done();
          }, 1000);
          ws.once('close', () => {
            clearTimeout(timer);
            done();
          });
          ws.close(CLOSE_GOING_AWAY, 'server shutting down');
        }),
    );
    await Promise.all(closing);
    await new Promise<void>((done) => wss.close(() => done()));
  };

  return { wss, add, broadcast, clients: () => wss.clients.size, close };
}

type ParsedCall = { id: number; method: string; input: unknown } | { id: number; error: { code: 'bad_input'; message: string } };

/** Turn a frame into a call, or into the one clear error its reply carries. */
export function parseCall(data: RawData, isBinary: boolean): ParsedCall {
  const bad = (id: number, message: string): ParsedCall => ({ id, error: { code: 'bad_input', message } });
  if (isBinary) return bad(NO_CALL_ID, 'binary frames are not accepted: send JSON text {id, method, input}');
  const text = Buffer.isBuffer(data)
    ? data.toString('utf8')
    : Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.from(data).toString('utf8');
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch (err) {
    return bad(NO_CALL_ID, `malformed JSON: ${(err as Error).message}`);
  }
  if (!frame || typeof frame !== 'object' || Array.isArray(frame)) {
    return bad(NO_CALL_ID, 'a call is a JSON object {id, method, input}');
  }
  const f = frame as Record<string, unknown>;
  if (typeof f.id !== 'number' || !Number.isSafeInteger(f.id)) return bad(NO_CALL_ID, 'a call needs an integer id');
  if (typeof f.method !== 'string') return bad(f.id, 'a call needs a method name');
  return { id: f.id, method: f.method, input: f.input };
}
