// Client-side helpers for the server tests: raw HTTP (so paths reach the server unnormalised)
// and WebSocket calls with replies matched by id. Everything waits with a deadline.
import { request as httpRequest } from 'node:http';
import { WebSocket } from 'ws';
import type { CallReply } from '../../src/shared/wire.js';

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function http(
  port: number,
  opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path ?? '/', headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

export interface SocketOptions {
  token?: string | null;
  origin?: string;
  headers?: Record<string, string>;
  path?: string;
}

/** Open a socket; rejects with `HTTP <status>` when the server refuses the upgrade. */
export function openSocket(port: number, opts: SocketOptions = {}): Promise<WebSocket> {
  const q = opts.token ? `?token=${encodeURIComponent(opts.token)}` : '';
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.origin) headers.Origin = opts.origin;
  const ws = new WebSocket(`ws://127.0.0.1:${port}${opts.path ?? '/ws'}${q}`, { headers, maxPayload: 64 * 1024 * 1024 });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`HTTP ${res.statusCode}`));
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

/** Every frame a socket receives, parsed, kept in order (tests inspect and wait on it). */
export function collect(ws: WebSocket): Record<string, unknown>[] {
  const frames: Record<string, unknown>[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(String(data)) as Record<string, unknown>));
  return frames;
}

/** Until a condition holds (polled, with a deadline). */
export { until as waitFor } from '../helpers/poll.js';

let nextId = 1;

/** Send one raw text frame and wait for the reply carrying `id`. */
export function rawCall(ws: WebSocket, text: string, id: number, timeoutMs = 5000): Promise<{ id: number } & CallReply> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.off('message', onMessage);
      reject(new Error(`no reply to id ${id}`));
    }, timeoutMs);
    const onMessage = (data: unknown) => {
      const frame = JSON.parse(String(data)) as { id?: number } & CallReply;
      if (frame.id !== id) return;
      clearTimeout(timer);
      ws.off('message', onMessage);
      resolve(frame as { id: number } & CallReply);
    };
    ws.on('message', onMessage);
    ws.send(text);
  });
}

export function call(ws: WebSocket, method: string, input?: unknown): Promise<{ id: number } & CallReply> {
  const id = nextId++;
  return rawCall(ws, JSON.stringify({ id, method, input }), id);
}

export function closed(ws: WebSocket, timeoutMs = 5000): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve({ code: 1006, reason: '' });
    const timer = setTimeout(() => reject(new Error('socket did not close')), timeoutMs);
    ws.once('close', (code, reason) => {
      clearTimeout(timer);
      resolve({ code, reason: reason.toString() });
    });
  });
}
