// The performance review for the person: per agent per day, how long agents waited on them,
// were rate limited, worked, sat idle or were down, and how often they crashed and came back;
// summed per agent, per team and per day. Read from what the monitor stores: time in each state
// per day (agent_state_time, keyed by tmux server and team) and the transitions (crashes,
// restarts). Every query is bounded; a range that holds more rows says so (`truncated`).
import type {
  PerformanceReview,
  ReviewAgent,
  ReviewAgentDay,
  ReviewDay,
  ReviewRange,
  ReviewTeam,
  ReviewTimes,
} from '../../shared/domain.js';
import { REVIEW_RANGES } from '../../shared/domain.js';
import type { StoreContext } from './context.js';
import { dayStart } from './metrics.js';
import { oneOf } from './validate.js';

export interface ReviewApi {
  /** The review of the whole days in `range` up to `now` (today counts as one). */
  get(range: ReviewRange, now?: number): PerformanceReview;
}

const RANGE_DAYS: Record<ReviewRange, number> = { '1d': 1, '7d': 7, '30d': 30 };
/** Agent-days one review holds (100 agents × 30 days is 3,000). */
export const MAX_REVIEW_ROWS = 20_000;
/** Crash and restart events read per kind. */
const MAX_EVENTS = 20_000;

/** Local day starts, oldest first, ending with the day holding `now` (DST-safe: by calendar). */
export function reviewDays(range: ReviewRange, now: number): number[] {
  const n = RANGE_DAYS[range];
  const days: number[] = [];
  const d = new Date(dayStart(now));
  for (let i = 0; i < n; i++) {
    days.unshift(d.getTime());
    d.setDate(d.getDate() - 1);
  }
  return days;
}

const zero = (): ReviewTimes => ({
  waitingMs: 0,
  unsentMs: 0,
  rateLimitedMs: 0,
  busyMs: 0,
  idleMs: 0,
  downMs: 0,
  otherMs: 0,
  totalMs: 0,
  crashes: 0,
  restarts: 0,
});

const TIME_KEYS = ['waitingMs', 'unsentMs', 'rateLimitedMs', 'busyMs', 'idleMs', 'downMs', 'otherMs', 'totalMs', 'crashes', 'restarts'] as const;

function addInto(into: ReviewTimes, from: ReviewTimes): void {
  for (const k of TIME_KEYS) into[k] += from[k];
}

/** Time waited on the person: a question to answer or text left unsent. */
export const waitedOnYou = (t: ReviewTimes) => t.waitingMs + t.unsentMs;

/** Per agent (most waited-on first), per team (by name, no team last) and per day (every day of the range). */
export function summarise(rows: readonly ReviewAgentDay[], days: readonly number[]): Pick<PerformanceReview, 'agents' | 'teams' | 'days'> {
  const agents = new Map<string, ReviewAgent>();
  const teams = new Map<string, ReviewTeam & { members: Set<string> }>();
  const perDay = new Map<number, ReviewDay>(days.map((day) => [day, { day, ...zero() }]));
  for (const r of rows) {
    // An agent is its tmux server and name (rows come under its latest team: underLatestTeam).
    const who = `${r.server}\0${r.agent}`;
    let a = agents.get(who);
    if (!a) agents.set(who, (a = { server: r.server, agent: r.agent, team: r.team, ...zero() }));
    addInto(a, r);
    const teamKey = r.team ?? '';
    let t = teams.get(teamKey);
    if (!t) teams.set(teamKey, (t = { team: r.team, agents: 0, members: new Set(), ...zero() }));
    addInto(t, r);
    t.members.add(who);
    const d = perDay.get(r.day);
    if (d) addInto(d, r);
  }
  const byWait = (a: ReviewTimes, b: ReviewTimes) => waitedOnYou(b) - waitedOnYou(a);
  return {
    agents: [...agents.values()].sort((a, b) => byWait(a, b) || (a.agent < b.agent ? -1 : a.agent > b.agent ? 1 : 0)),
    teams: [...teams.values()]
      .map(({ members, ...t }) => ({ ...t, agents: members.size }))
      .sort((a, b) => (a.team === null ? 1 : b.team === null ? -1 : a.team < b.team ? -1 : a.team > b.team ? 1 : 0)),
    days: [...perDay.values()],
  };
}

interface TimeRow {
  server: string;
  agent: string;
  team: string;
  day: number;
  waiting: number;
  unsent: number;
  limited: number;
  busy: number;
  idle: number;
  down: number;
  other: number;
}

interface EventRow {
  server: string;
  agent: string;
  team: string;
  at: number;
}

const TIME_SQL = `SELECT server, agent, team, day,
    sum(CASE WHEN state = 'waiting' THEN ms ELSE 0 END) AS waiting,
    sum(CASE WHEN state = 'unsubmitted' THEN ms ELSE 0 END) AS unsent,
    sum(CASE WHEN state = 'rate_limited' THEN ms ELSE 0 END) AS limited,
    sum(CASE WHEN state = 'busy' THEN ms ELSE 0 END) AS busy,
    sum(CASE WHEN state = 'idle' THEN ms ELSE 0 END) AS idle,
    sum(CASE WHEN state IN ('crashed', 'error') THEN ms ELSE 0 END) AS down,
    sum(CASE WHEN state IN ('starting', 'unknown') THEN ms ELSE 0 END) AS other
  FROM agent_state_time WHERE day >= ? AND day < ?
  GROUP BY server, agent, team, day ORDER BY day DESC, server, agent, team LIMIT ?`;

// Each on an index ((to_state, at) or (from_state, at)), newest first.
const EVENT_COLUMNS = `server, agent, coalesce(team, '') AS team, at`;
const CRASHES_SQL = `SELECT ${EVENT_COLUMNS} FROM transitions WHERE to_state = 'crashed' AND at >= ? AND at < ? ORDER BY at DESC LIMIT ?`;
/** Back from a crash (the only way out is a restart), or a running agent restarted (it starts again). */
const RESTARTS_SQL = [
  `SELECT ${EVENT_COLUMNS} FROM transitions WHERE from_state = 'crashed' AND at >= ? AND at < ? AND to_state NOT IN ('crashed', 'unknown') ORDER BY at DESC LIMIT ?`,
  `SELECT ${EVENT_COLUMNS} FROM transitions WHERE to_state = 'starting' AND at >= ? AND at < ? AND from_state NOT IN ('unknown', 'crashed', 'starting') ORDER BY at DESC LIMIT ?`,
];

/**
 * One row per agent (tmux server + name) per day, under the agent's latest team: its time before
 * it got its team tag (or in a team it left) is still its own. Latest: the newest day's; on that
 * day a team over none (a tag is put on, seldom taken off), then the team with more time.
 */
function underLatestTeam(rows: readonly ReviewAgentDay[]): ReviewAgentDay[] {
  const who = (r: ReviewAgentDay) => `${r.server}\0${r.agent}`;
  const latest = new Map<string, ReviewAgentDay>();
  for (const r of rows) {
    const cur = latest.get(who(r));
    const newer =
      !cur ||
      r.day > cur.day ||
      (r.day === cur.day && ((cur.team === null && r.team !== null) || (r.team !== null && r.totalMs > cur.totalMs)));
    if (newer) latest.set(who(r), r);
  }
  const merged = new Map<string, ReviewAgentDay>();
  for (const r of rows) {
    const key = `${who(r)}\0${r.day}`;
    const into = merged.get(key);
    if (into) addInto(into, r);
    else merged.set(key, { ...r, team: latest.get(who(r))!.team });
  }
  return [...merged.values()];
}

export function createReview(ctx: StoreContext): ReviewApi {
  return {
    get: (range, now = Date.now()) => {
      const r = oneOf(range, REVIEW_RANGES, 'range');
      const days = reviewDays(r, now);
      const from = days[0]!;
      const to = now + 1;
      return ctx.read(() => {
        const timeRows = ctx.stmt(TIME_SQL).all(from, to, MAX_REVIEW_ROWS + 1) as TimeRow[];
        const truncated = timeRows.length > MAX_REVIEW_ROWS;
        if (truncated) timeRows.length = MAX_REVIEW_ROWS;
        const byKey = new Map<string, ReviewAgentDay>();
        const keyOf = (server: string, agent: string, team: string, day: number) => `${server}\0${agent}\0${team}\0${day}`;
        const rowFor = (server: string, agent: string, team: string, day: number): ReviewAgentDay => {
          const key = keyOf(server, agent, team, day);
          let row = byKey.get(key);
          if (!row) byKey.set(key, (row = { day, server, agent, team: team === '' ? null : team, ...zero() }));
          return row;
        };
        for (const t of timeRows) {
          const row = rowFor(t.server, t.agent, t.team, t.day);
          row.waitingMs = t.waiting;
          row.unsentMs = t.unsent;
          row.rateLimitedMs = t.limited;
          row.busyMs = t.busy;
          row.idleMs = t.idle;
          row.downMs = t.down;
          row.otherMs = t.other;
          row.totalMs = t.waiting + t.unsent + t.limited + t.busy + t.idle + t.down + t.other;
        }
        const oldestKept = truncated ? timeRows[timeRows.length - 1]!.day : from;
        const count = (sql: string, field: 'crashes' | 'restarts') => {
          for (const e of ctx.stmt(sql).all(from, to, MAX_EVENTS) as EventRow[]) {
            const day = dayStart(e.at);
            if (day >= oldestKept) rowFor(e.server, e.agent, e.team, day)[field] += 1;
          }
        };
        count(CRASHES_SQL, 'crashes');
        for (const sql of RESTARTS_SQL) count(sql, 'restarts');
        const rows = underLatestTeam([...byKey.values()]).sort(
          (a, b) => a.day - b.day || (a.agent < b.agent ? -1 : a.agent > b.agent ? 1 : 0) || (a.server < b.server ? -1 : a.server > b.server ? 1 : 0),
        );
        return { range: r, from, to: now, rows, ...summarise(rows, days), truncated };
      });
    },
  };
}
