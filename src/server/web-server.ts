// The web dashboard: the renderer build over HTTP and the contract over a WebSocket (`/ws`),
// behind a token. Used by `tmux-orc serve` and by the browser end-to-end tests.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { EngineHost } from '../shared/api.js';
import {
  checkTokenShape,
  isLoopbackHost,
  isWildcardHost,
  newToken,
  originAllowed,
  presentedToken,
  tokenCookie,
  tokensEqual,
  urlHost,
} from './auth.js';
import { API_PREFIX, serveApi } from './http-api.js';
import { createSocketHub, DEFAULT_HUB_LIMITS, type HubLimits } from './socket-hub.js';
import { plain, serveStatic } from './static-files.js';
import { webEvent, webHandlers } from './web-handlers.js';

/** The port `tmux-orc serve` uses unless told otherwise. */
export const DEFAULT_WEB_PORT = 7420;
/** The WebSocket endpoint (the renderer's transport connects to `ws://host:port/ws?token=…`). */
export const WEB_SOCKET_PATH = '/ws';
/** More WebSocket clients than this are refused (503): every table is bounded. */
export const DEFAULT_MAX_CLIENTS = 1000;
/**
 * Open TCP connections, authenticated or not: more are closed as they are accepted, so strangers
 * cannot take every descriptor (a 1024 limit is common) from the engine's tmux and SQLite.
 */
export const DEFAULT_MAX_CONNECTIONS = 512;
/** A connection that has not sent its request headers within this is closed. */
export const HEADERS_TIMEOUT_MS = 10_000;

export interface WebServerOptions {
  engine: EngineHost;
  /** Address to bind (default 127.0.0.1). Anything but loopback adds a warning. */
  host?: string;
  /** Port (default 0: any free port; the CLI passes DEFAULT_WEB_PORT). */
  port?: number;
  /** The renderer build (out/renderer). */
  staticDir: string;
  /** Default: 32 random hex characters. */
  token?: string;
  maxClients?: number;
  /** Open TCP connections of any kind (default DEFAULT_MAX_CONNECTIONS). */
  maxConnections?: number;
  limits?: Partial<HubLimits>;
  /** Where internal errors are reported (default: nowhere). */
  log?: (line: string) => void;
}

export interface WebServer {
  /** `http://host:port/?token=…`: the one line to print. */
  url: string;
  host: string;
  port: number;
  token: string;
  /** Things the caller should print (a non-loopback bind, a missing build). */
  warnings: string[];
  /** Open WebSocket connections. */
  clients(): number;
  /** Stops serving and closes every socket. The engine stays open: its owner closes it. */
  close(): Promise<void>;
}

export type WebServerErrorCode = 'port_in_use' | 'permission' | 'bad_address' | 'bad_option';

export class WebServerError extends Error {
  constructor(
    readonly code: WebServerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WebServerError';
  }
}

const SECURITY_HEADERS: [string, string][] = [
  // The first URL carries the token: never leak it to another site.
  ['Referrer-Policy', 'no-referrer'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Content-Security-Policy', "frame-ancestors 'none'; base-uri 'none'; object-src 'none'"],
];

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const host = opts.host ?? '127.0.0.1';
  const requestedPort = opts.port ?? 0;
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) {
    throw new WebServerError('bad_option', `port must be an integer from 0 to 65535, not ${String(opts.port)}`);
  }
  const token = opts.token ?? newToken();
  try {
    checkTokenShape(token);
  } catch (err) {
    throw new WebServerError('bad_option', (err as Error).message);
  }
  const log = redactingLog(opts.log ?? (() => undefined), token);
  const maxClients = opts.maxClients ?? DEFAULT_MAX_CLIENTS;
  const handlers = webHandlers(opts.engine.handlers);
  const hub = createSocketHub(handlers, { ...DEFAULT_HUB_LIMITS, ...opts.limits }, log);

  const server = createServer({ headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: 60_000, connectionsCheckingInterval: 2_000 });
  server.maxConnections = opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  let dropped = 0;
  server.on('drop', () => {
    // Once per burst: a flood must not flood the log too.
    if (dropped++ % 1000 === 0) log(`web: connection refused: ${server.maxConnections} open connections is the limit (${dropped} refused so far)`);
  });
  // After listen: accept errors (EMFILE…) are logged; the server keeps serving.
  const onServerError = (err: Error) => log(`web: ${err.message}`);
  const port = await listen(server, host, requestedPort).catch(async (err: unknown) => {
    await hub.close();
    throw err;
  });
  server.on('error', onServerError);
  const policy = { host, port };

  /** The token check shared by HTTP and upgrades: null when allowed, else the refusal. */
  const refuse = (req: IncomingMessage, url: URL, needsOrigin: boolean): [number, string] | null => {
    const cred = presentedToken(req, url, port);
    if (!cred || !tokensEqual(cred.token, token)) {
      return [401, 'missing or wrong token: open the URL printed by `tmux-orc serve`'];
    }
    const origin = req.headers.origin;
    if (needsOrigin && origin !== undefined && !originAllowed(origin, req.headers.host, policy)) {
      return [403, `origin ${origin} is not allowed`];
    }
    return null;
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    for (const [k, v] of SECURITY_HEADERS) res.setHeader(k, v);
    const url = new URL(req.url ?? '/', 'http://x');
    const isRead = req.method === 'GET' || req.method === 'HEAD';
    const refused = refuse(req, url, !isRead);
    if (refused) return plain(res, refused[0], refused[1]);
    if (url.pathname.startsWith(API_PREFIX)) return serveApi(handlers, req, res, url.pathname, log);
    if (!isRead) {
      res.setHeader('Allow', 'GET, HEAD');
      return plain(res, 405, 'method not allowed');
    }
    // A browser that came with ?token= gets the cookie, so its assets (and reloads) load too.
    if (presentedToken(req, url, port)?.via === 'query') res.setHeader('Set-Cookie', tokenCookie(port, token));
    await serveStatic(opts.staticDir, req, res, url.pathname);
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== WEB_SOCKET_PATH) return rejectUpgrade(socket, 404, 'not found');
    const refused = refuse(req, url, true);
    if (refused) return rejectUpgrade(socket, refused[0], refused[1]);
    if (hub.clients() >= maxClients) return rejectUpgrade(socket, 503, `too many clients (${maxClients})`);
    hub.wss.handleUpgrade(req, socket, head, (ws) => hub.add(ws));
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    onRequest(req, res).catch((err: unknown) => {
      log(`web: ${req.method} ${req.url}: ${(err as Error).message}`);
      if (!res.headersSent) plain(res, 500, 'internal error');
      else res.destroy();
    });
  });
  server.on('upgrade', onUpgrade);
  const unsubscribe = opts.engine.onEvent((e) => hub.broadcast(webEvent(e)));

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      unsubscribe();
      const stopped = new Promise<void>((done) => server.close(() => done()));
      await hub.close();
      server.closeAllConnections();
      await stopped;
    })());

  const shownHost = isWildcardHost(host) ? '127.0.0.1' : urlHost(host);
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    host,
    port,
    token,
    warnings: warningsFor(host, port, opts.staticDir),
    clients: () => hub.clients(),
    close,
  };
}

/**
 * Log lines never carry a token: ours anywhere, and any `token=` value (a request URL that
 * failed may hold the real one, or a near miss of it).
 */
export function redactingLog(log: (line: string) => void, token: string): (line: string) => void {
  return (line) => log(line.split(token).join('<token>').replace(/([?&]token=)[^&\s#:]*/g, '$1<token>'));
}

function warningsFor(host: string, port: number, staticDir: string): string[] {
  const out: string[] = [];
  if (!isLoopbackHost(host)) {
    out.push(
      `warning: listening on ${host}:${port}, reachable from other machines; the token is the only ` +
        'protection and travels unencrypted over HTTP: prefer 127.0.0.1 with an SSH tunnel',
    );
  }
  if (!existsSync(join(staticDir, 'index.html'))) {
    out.push(`warning: no index.html in ${staticDir}: build the dashboard first (npm run build)`);
  }
  return out;
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => reject(listenError(err, host, port));
    server.once('error', onError);
    server.listen({ host, port }, () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

function listenError(err: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `${urlHost(host)}:${port}`;
  switch (err.code) {
    case 'EADDRINUSE':
      return new WebServerError('port_in_use', `port ${port} on ${host} is already in use: pick another port (0 picks any free one)`);
    case 'EACCES':
      return new WebServerError('permission', `not allowed to listen on ${where}: ports below 1024 need privileges; use a higher port`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new WebServerError('bad_address', `cannot listen on ${where}: ${host} is not an address of this machine`);
    default:
      return new WebServerError('bad_address', `cannot listen on ${where}: ${err.message}`);
  }
}

function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  const reason = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' }[status] ?? 'Error';
  const body = message + '\n';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
