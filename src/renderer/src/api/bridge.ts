// Which bridge the UI talks through: Electron's preload (window.orcBridge) or, in a browser,
// the web dashboard's WebSocket. Nothing else in the UI knows the difference.
import { BRIDGE_GLOBAL, type ShellBridge } from '../../../shared/wire.js';
import { createWsTransport, type ConnectionState, type Transport } from './wsTransport.js';

export const TOKEN_KEY = 'orc.token';

/** Take `?token=` from the address (remembering it for reloads) and strip it from the bar. */
export function takeToken(win: Window): string | null {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      win.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // storage disabled: the token still works for this page load
    }
    url.searchParams.delete('token');
    win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return win.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function socketUrl(loc: Location, token: string | null): string {
  const proto = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  const q = token ? `?token=${encodeURIComponent(token)}` : '';
  return `${proto}//${loc.host}/ws${q}`;
}

/** A desktop bridge never drops: wrap it in the same Transport shape. */
function desktopTransport(bridge: ShellBridge): Transport {
  const state: ConnectionState = 'open';
  return { bridge, connection: () => state, onConnection: () => () => undefined, close: () => undefined };
}

export interface ChosenTransport {
  transport: Transport;
  /** False in the browser when the page was opened without a token. */
  hasToken: boolean;
}

/**
 * Whether the server accepts `token` (a HEAD of the page with it as a bearer token): false on
 * 401, true when accepted, null when the server cannot be reached.
 */
export async function tokenAccepted(origin: string, token: string | null, fetchImpl: typeof fetch = fetch): Promise<boolean | null> {
  if (!token) return null;
  try {
    const res = await fetchImpl(`${origin}/`, { method: 'HEAD', headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
    return res.status === 401 ? false : true;
  } catch {
    return null;
  }
}

export function chooseTransport(win: Window): ChosenTransport {
  const preload = (win as unknown as Record<string, unknown>)[BRIDGE_GLOBAL] as ShellBridge | undefined;
  if (preload && typeof preload.call === 'function') {
    return { transport: desktopTransport(preload), hasToken: true };
  }
  const token = takeToken(win);
  const checkToken = () => tokenAccepted(win.location.origin, token);
  return { transport: createWsTransport({ url: socketUrl(win.location, token), checkToken }), hasToken: !!token };
}
