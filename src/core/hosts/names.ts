// Host lists: validated and normalised (the host-name rule itself is in shared/hosts.ts).
import { ApiError } from '../../shared/api.js';
import type { ServerRef } from '../../shared/domain.js';
import { hostNameProblem, LOCAL_HOST } from '../../shared/hosts.js';

export { LOCAL_HOST, hostNameProblem } from '../../shared/hosts.js';
/** Most hosts one fleet watches (settings.hosts allows 64 remote ones, plus local). */
export const MAX_HOSTS = 65;

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
