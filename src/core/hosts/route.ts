// Which host a target lives on. Targets may name their host — `box/%3` (an agent id),
// `box/eng:1.0`, `box/alice` — or not, when they are unique across the fleet (`alice`,
// `eng:1`). Pure: callers pass each host's current agents.
import { ApiError } from '../../shared/api.js';
import type { AgentInfo } from '../../shared/domain.js';
import { resolveTarget } from '../agents/index.js';
import { LOCAL_HOST } from './names.js';

export interface Route {
  host: string;
  /** The target as that host's own resolver understands it (host prefix dropped, ids kept whole). */
  target: string;
  /** The agent it names, when a host's known agents held it (resolved: no second lookup needed). */
  agent?: AgentInfo;
}

const PANE_ID = /^%\d+$/;
const MAX_LISTED = 10;

/**
 * Route a target to one host. A `host/` prefix naming a known host wins; otherwise every host's
 * agents are searched and exactly one host must hold a match (else 'ambiguous', listing
 * `host/target` forms). Nothing matches → the default host (local when present), so plain
 * panes (`%5`, `work:1.0`) still reach the local server's resolver and its clear not_found.
 */
export function routeTarget(byHost: ReadonlyMap<string, readonly AgentInfo[]>, target: string): Route {
  const t = typeof target === 'string' ? target.trim() : '';
  if (t === '') throw new ApiError('bad_input', 'target is empty');
  const slash = t.indexOf('/');
  if (slash > 0) {
    const host = t.slice(0, slash);
    const rest = t.slice(slash + 1);
    if (byHost.has(host)) {
      if (rest === '') throw new ApiError('bad_input', `target "${t}" names host ${host} but no agent`);
      // Ids stay whole (the host's registry knows them as `host/%N`); other forms lose the prefix.
      return { host, target: PANE_ID.test(rest) ? t : rest };
    }
    if (PANE_ID.test(rest)) throw new ApiError('not_found', `no host "${host}" (hosts: ${[...byHost.keys()].join(', ')})`);
  }
  const hits: { host: string; agent: AgentInfo }[] = [];
  for (const [host, agents] of byHost) {
    try {
      hits.push({ host, agent: resolveTarget(agents, t) });
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ambiguous') {
        throw new ApiError('ambiguous', `${(err as Error).message} (on ${host}; prefix the target with "${host}/")`);
      }
      if ((err as { code?: unknown }).code !== 'not_found') throw err;
    }
  }
  if (hits.length === 1) return { host: hits[0]!.host, target: hits[0]!.agent.id, agent: hits[0]!.agent };
  if (hits.length > 1) {
    const shown = hits.slice(0, MAX_LISTED).map((h) => `${h.host}/${h.agent.target}`);
    const more = hits.length > MAX_LISTED ? ` and ${hits.length - MAX_LISTED} more` : '';
    throw new ApiError('ambiguous', `"${t}" matches agents on ${hits.length} hosts: ${shown.join(', ')}${more}; use one of these targets`);
  }
  const fallback = byHost.has(LOCAL_HOST) ? LOCAL_HOST : byHost.size === 1 ? [...byHost.keys()][0]! : null;
  if (fallback === null) throw new ApiError('not_found', `no agent "${t}" on any host: see tmux-orc list`);
  return { host: fallback, target: t };
}
