// How a transition reads on one line (`tmux-orc monitor`), and as one JSON object (`--json`).
import type { AgentInfo, StateTransition } from '../shared/domain.js';
import { qualifiedTarget } from '../shared/hosts.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD HH:MM:SS` local time. */
export function dateTimeOf(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `2026-11-28 12:00:01 eng1 (red:1.0) [red] busy → idle  idle: input box empty`; a remote agent's target names its host. */
export function formatTransition(agent: Pick<AgentInfo, 'host'>, t: StateTransition): string {
  const team = t.team ? ` [${t.team}]` : '';
  const where = qualifiedTarget({ host: agent.host, target: t.target });
  return `${dateTimeOf(t.at)} ${t.agent} (${where})${team} ${t.from} → ${t.to}  ${t.reason}`;
}

/** One JSON object per line: the list fields (name, target, type, role, team, state, reason, since) plus the transition's. */
export function formatTransitionJson(a: AgentInfo, t: StateTransition): string {
  return JSON.stringify({
    name: a.name,
    agentId: a.id,
    host: a.host,
    target: t.target,
    type: a.type,
    role: a.role,
    team: t.team,
    from: t.from,
    state: t.to,
    reason: t.reason,
    since: t.at,
    at: t.at,
  });
}
