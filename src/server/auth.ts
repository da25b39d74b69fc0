// Who may talk to the web server: a bearer token (in the Authorization header, the `?token=`
// query of the first page load, or the cookie that load sets) and, for anything a browser could
// forge across sites (WebSocket upgrades, non-GET requests), an Origin that is our own.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A token we accept from the caller: URL-safe, long enough not to be guessed. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,256}$/;

export function newToken(): string {
  return randomBytes(16).toString('hex');
}

export function checkTokenShape(token: string): void {
  if (!TOKEN_SHAPE.test(token)) {
    throw new Error('token must be 16 to 256 characters of letters, digits, "-" or "_"');
  }
}

/**
 * The cookie name carries the port: browsers share cookies across ports of one host, so two
 * dashboards on 127.0.0.1 (say 7420 and 7421) would otherwise overwrite each other's token.
 */
export function tokenCookieName(port: number): string {
  return `orc_token_${port}`;
}

export function tokenCookie(port: number, token: string): string {
  return `${tokenCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

export type Credential = { via: 'header' | 'query' | 'cookie'; token: string };

/** The token a request presents: the header wins over the query, the query over the cookie. */
export function presentedToken(req: IncomingMessage, url: URL, port: number): Credential | null {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return { via: 'header', token: m?.[1] ?? '' };
  }
  const q = url.searchParams.get('token');
  if (q !== null) return { via: 'query', token: q };
  const c = readCookie(req.headers.cookie, tokenCookieName(port));
  return c === null ? null : { via: 'cookie', token: c };
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** Constant-time: both sides are hashed first, so neither length nor content leaks through timing. */
export function tokensEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return LOOPBACK_NAMES.has(h) || /^127\.\d+\.\d+\.\d+$/.test(h) || h.endsWith('.localhost');
}

export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/** `host` as it appears in a URL (IPv6 literals in brackets). */
export function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** The hostname part of a Host header (`name:port`, `[v6]:port`). */
function hostnameOf(hostHeader: string): string {
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1);
  const colon = hostHeader.lastIndexOf(':');
  return colon < 0 ? hostHeader : hostHeader.slice(0, colon);
}

export interface OriginPolicy {
  /** The address the server is bound to, and its port. */
  host: string;
  port: number;
}

/**
 * Whether a request's Origin is our own. Accepted: http://HOST:PORT for the bound host and,
 * when bound to loopback, its localhost/127.0.0.1/[::1] spellings; and an Origin equal to the
 * request's own Host header when that Host is a loopback name (an SSH tunnel on another local
 * port) or when the server was deliberately bound to a non-loopback address (the machine's
 * names are unknown to us). A DNS-rebinding page has a non-loopback Host, so it fails on a
 * loopback-bound server; everywhere the token is still required.
 */
export function originAllowed(origin: string, hostHeader: string | undefined, policy: OriginPolicy): boolean {
  const o = origin.toLowerCase();
  const own = [`http://${urlHost(policy.host)}:${policy.port}`];
  const loopbackBound = isLoopbackHost(policy.host);
  if (loopbackBound || isWildcardHost(policy.host)) {
    own.push(`http://localhost:${policy.port}`, `http://127.0.0.1:${policy.port}`, `http://[::1]:${policy.port}`);
  }
  if (own.includes(o)) return true;
  if (!hostHeader) return false;
  const sameAsHost = o === `http://${hostHeader.toLowerCase()}` || o === `https://${hostHeader.toLowerCase()}`;
  return sameAsHost && (isLoopbackHost(hostnameOf(hostHeader)) || !loopbackBound);
}
