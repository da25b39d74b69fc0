// Host names: `local` (this machine) or an ssh destination — `box`, `user@box`, or a Host alias
// from the user's ~/.ssh/config (ports, jump hosts and keys belong there, not here). A name
// never holds '/', since `host/…` is how ids and targets name their host.
import { ApiError } from '../../shared/api.js';
import type { ServerRef } from '../../shared/domain.js';

export const LOCAL_HOST = 'local';
/** Most hosts one fleet watches (settings.hosts allows 64 remote ones, plus local). */
export const MAX_HOSTS = 65;

/** Why `host` is not a usable remote host name, or null when it is. */
export function hostNameProblem(host: string): string | null {
  if (host === '') return 'a host name is empty';
  if (host.length > 255) return `host name longer than 255 characters: ${JSON.stringify(host.slice(0, 40))}…`;
  if (host.startsWith('-')) return `host ${JSON.stringify(host)} starts with "-" (ssh would read it as an option)`;
  if (/[\s\x00-\x1f\x7f]/.test(host)) return `host ${JSON.stringify(host)} holds spaces or control characters`;
  if (host.includes('/')) return `host ${JSON.stringify(host)} holds "/": give host, user@host or a Host alias from ~/.ssh/config (put ports there)`;
  return null;
}

/** A host entry: a name, or a name with the remote tmux server to use (default server when absent). */
export type HostSpec = string | ServerRef;

/**
 * Validate and normalise a host list: trimmed, duplicates dropped (first wins), `local` kept as
 * is. One bad entry → ApiError('bad_input') naming it, and nothing is applied.
 */
export function normalizeHosts(hosts: readonly HostSpec[]): ServerRef[] {
  const out: ServerRef[] = [];
  const seen = new Set<string>();
  for (const h of hosts) {
    const ref: ServerRef = typeof h === 'string' ? { host: h.trim() } : { ...h, host: h.host.trim() };
    if (ref.host !== LOCAL_HOST) {
      const problem = hostNameProblem(ref.host);
      if (problem) throw new ApiError('bad_input', problem);
    }
    if (seen.has(ref.host)) continue;
    seen.add(ref.host);
    out.push(ref);
  }
  if (out.length > MAX_HOSTS) throw new ApiError('bad_input', `too many hosts (${out.length}); at most ${MAX_HOSTS}`);
  return out;
}
