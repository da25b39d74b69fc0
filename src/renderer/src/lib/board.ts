// The board's pure logic: search, state filter, grouping and keyboard movement.
import type { AgentInfo } from '../../../shared/domain.js';
import { AGENT_STATES, ATTENTION_STATES, type AgentState } from '../../../shared/vocabulary.js';
import { LOCAL_HOST } from '../../../shared/hosts.js';

export type GroupBy = 'team' | 'session' | 'none';
/** Row order: what needs the person first (the default), by name, or longest in its state first. */
export type SortBy = 'attention' | 'name' | 'role' | 'team' | 'since';

/** Open problems first (waiting, unsent, rate limited, crashed, error), then busy, then idle. */
const ATTENTION_RANK: Record<AgentState, number> = {
  waiting: 0,
  unsubmitted: 1,
  rate_limited: 2,
  crashed: 3,
  error: 4,
  busy: 5,
  starting: 6,
  idle: 7,
  unknown: 8,
};

export interface BoardFilter {
  query: string;
  /** Empty means every state. */
  states: ReadonlySet<AgentState>;
}

export type BoardRow =
  | { kind: 'group'; key: string; label: string; count: number; attention: number }
  | { kind: 'agent'; agent: AgentInfo };

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function haystack(a: AgentInfo): string {
  return [a.name, a.role, a.type, a.team ?? '', a.session, a.target, a.state, a.cwd, a.reason, a.lastLine]
    .join('\n')
    .toLowerCase();
}

/** Every whitespace-separated word of the query must appear somewhere in the agent. */
export function matchesQuery(a: AgentInfo, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const h = haystack(a);
  return words.every((w) => h.includes(w));
}

export function filterAgents(agents: Iterable<AgentInfo>, f: BoardFilter, sort: SortBy = 'attention'): AgentInfo[] {
  const out: AgentInfo[] = [];
  for (const a of agents) {
    if (f.states.size && !f.states.has(a.state)) continue;
    if (!matchesQuery(a, f.query)) continue;
    out.push(a);
  }
  const byName = (x: AgentInfo, y: AgentInfo) => collator.compare(x.name, y.name) || collator.compare(x.id, y.id);
  if (sort === 'name') return out.sort(byName);
  if (sort === 'role' || sort === 'team') {
    // Agents without one last.
    const of = (a: AgentInfo) => a[sort] ?? '';
    return out.sort((x, y) => Number(!of(x)) - Number(!of(y)) || collator.compare(of(x), of(y)) || byName(x, y));
  }
  if (sort === 'since') return out.sort((x, y) => x.since - y.since || byName(x, y));
  // Among open problems the one waiting longest first; then by name.
  return out.sort(
    (x, y) =>
      ATTENTION_RANK[x.state] - ATTENTION_RANK[y.state] || (ATTENTION_RANK[x.state] <= 4 ? x.since - y.since : 0) || byName(x, y),
  );
}

/** What a row's last column says: the question for a waiting agent, the reset time when rate limited. */
export function rowDetail(a: AgentInfo, clock: (at: number) => string): string {
  const reason = a.reason.replace(/^[a-z_]+:\s*/, '');
  if (a.state === 'waiting') return reason || a.lastLine;
  if (a.state === 'rate_limited') return a.resetAt ? `resets at ${clock(a.resetAt)} · ${reason}` : reason || a.lastLine;
  return a.lastLine;
}

export function stateCounts(agents: Iterable<AgentInfo>): Record<AgentState, number> {
  const counts = Object.fromEntries(AGENT_STATES.map((s) => [s, 0])) as Record<AgentState, number>;
  for (const a of agents) counts[a.state]++;
  return counts;
}

const NO_TEAM = 'No team';

function groupKey(a: AgentInfo, by: GroupBy): string {
  if (by === 'team') return a.team ?? NO_TEAM;
  if (by === 'session') return `${a.host === LOCAL_HOST ? '' : `${a.host}:`}${a.session}`;
  return '';
}

/** Flatten sorted agents into rows with a header per group (groups sorted, "No team" last). */
export function groupRows(agents: AgentInfo[], by: GroupBy): BoardRow[] {
  if (by === 'none') return agents.map((agent) => ({ kind: 'agent', agent }));
  const groups = new Map<string, AgentInfo[]>();
  for (const a of agents) {
    const k = groupKey(a, by);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(a);
  }
  const keys = [...groups.keys()].sort((x, y) =>
    x === NO_TEAM ? 1 : y === NO_TEAM ? -1 : collator.compare(x, y),
  );
  const rows: BoardRow[] = [];
  for (const key of keys) {
    const members = groups.get(key)!;
    const attention = members.filter((m) => ATTENTION_STATES.includes(m.state)).length;
    rows.push({ kind: 'group', key, label: key, count: members.length, attention });
    for (const agent of members) rows.push({ kind: 'agent', agent });
  }
  return rows;
}

/** The agent id `delta` agent rows away from `current` (clamped); the first agent when none. */
export function moveSelection(rows: BoardRow[], current: string | null, delta: number): string | null {
  const ids = rows.flatMap((r) => (r.kind === 'agent' ? [r.agent.id] : []));
  if (!ids.length) return null;
  const i = current ? ids.indexOf(current) : -1;
  if (i < 0) return delta >= 0 ? ids[0]! : ids[ids.length - 1]!;
  return ids[Math.min(ids.length - 1, Math.max(0, i + delta))]!;
}

export function rowIndexOf(rows: BoardRow[], id: string | null): number {
  if (!id) return -1;
  return rows.findIndex((r) => r.kind === 'agent' && r.agent.id === id);
}
