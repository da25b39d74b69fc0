// How a transition reads on one line (`tmux-orc monitor`), and as one JSON object (`--json`).
import type { StateTransition } from '../../shared/domain.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `HH:MM:SS.mmm` local time. */
export function clockOf(at: number): string {
  const d = new Date(at);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** `12:00:01.250 eng1 (red:1.0) [red] busy → idle  idle: input box empty` */
export function formatTransition(t: StateTransition): string {
  const team = t.team ? ` [${t.team}]` : '';
  return `${clockOf(t.at)} ${t.agent} (${t.target})${team} ${t.from} → ${t.to}  ${t.reason}`;
}

/** One JSON object per line: agent, agentId, target, team, from, to, at (epoch ms), reason. */
export function formatTransitionJson(t: StateTransition): string {
  const { agent, agentId, target, team, from, to, at, reason } = t;
  return JSON.stringify({ agent, agentId, target, team, from, to, at, reason });
}
