// State transitions: the per-agent timeline (`tmux-orc history TARGET`).
import type { StateTransition } from '../../shared/domain.js';
import { AGENT_STATES, type AgentState } from '../../shared/vocabulary.js';
import { clip, type StoreContext } from './context.js';
import { StoreError } from './errors.js';
import { LIMITS } from './limits.js';
import { trimToCount } from './trim.js';
import { epochMs, limit, oneOf, optText, text } from './validate.js';

export interface TimelineQuery {
  /** Only transitions at or after this epoch ms. */
  since?: number;
  /** The newest `limit` transitions (default 500, at most 10,000), returned oldest first. */
  limit?: number;
}

export interface TransitionQuery extends TimelineQuery {
  team?: string;
  to?: AgentState;
}

export interface TransitionsApi {
  add(t: StateTransition): void;
  addMany(ts: readonly StateTransition[]): void;
  /** One agent's timeline, matched by agent id, name or target; oldest first. */
  timeline(agentOrId: string, q?: TimelineQuery): StateTransition[];
  /** Every agent's transitions (optionally one team's), oldest first. */
  list(q?: TransitionQuery): StateTransition[];
}

interface Row {
  agent_id: string;
  agent: string;
  target: string;
  team: string | null;
  from_state: AgentState;
  to_state: AgentState;
  at: number;
  reason: string;
}

const toTransition = (r: Row): StateTransition => ({
  agentId: r.agent_id,
  agent: r.agent,
  target: r.target,
  team: r.team,
  from: r.from_state,
  to: r.to_state,
  at: r.at,
  reason: r.reason,
});

const COLUMNS = 'agent_id, agent, target, team, from_state, to_state, at, reason';
const MAX_LIST = 10_000;

function clean(t: StateTransition): StateTransition {
  if (!t || typeof t !== 'object') throw new StoreError('bad_input', 'a transition must be an object');
  return {
    server: text(t.server ?? '', 'server', true),
    agentId: text(t.agentId, 'agentId'),
    agent: text(t.agent, 'agent'),
    target: text(t.target, 'target', true),
    team: optText(t.team, 'team'),
    from: oneOf(t.from, AGENT_STATES, 'from state'),
    to: oneOf(t.to, AGENT_STATES, 'to state'),
    at: epochMs(t.at, 'at'),
    reason: clip(text(t.reason ?? '', 'reason', true), LIMITS.transitionReasonChars),
  };
}

export function createTransitions(ctx: StoreContext): TransitionsApi {
  const addMany = (ts: readonly StateTransition[]) => {
    const rows = ts.map(clean);
    ctx.write(() => {
      const ins = ctx.stmt(`INSERT INTO transitions (server, ${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      for (const r of rows) ins.run(r.server, r.agentId, r.agent, r.target, r.team, r.from, r.to, r.at, r.reason);
      trimToCount(ctx, 'transitions', LIMITS.transitionsMaxRows, rows.length);
    });
  };
  const query = (where: string[], args: (string | number)[], q: TimelineQuery) => {
    if (q.since !== undefined) {
      where.push('at >= ?');
      args.push(epochMs(q.since, 'since'));
    }
    args.push(limit(q.limit, 500, MAX_LIST));
    const sql = `SELECT ${COLUMNS} FROM transitions ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY at DESC, id DESC LIMIT ?`;
    return ctx.read(() => (ctx.stmt(sql).all(...args) as Row[]).map(toTransition).reverse());
  };
  return {
    add: (t) => addMany([t]),
    addMany,
    timeline: (agentOrId, q = {}) => {
      const who = text(agentOrId, 'agent');
      return query(['(agent_id = ? OR agent = ? OR target = ?)'], [who, who, who], q);
    },
    list: (q = {}) => {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (q.team !== undefined) {
        where.push('team = ?');
        args.push(q.team);
      }
      if (q.to !== undefined) {
        where.push('to_state = ?');
        args.push(oneOf(q.to, AGENT_STATES, 'to'));
      }
      return query(where, args, q);
    },
  };
}
