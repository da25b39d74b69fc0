// Metrics: raw samples kept briefly, per-minute and per-hour rollups (count, sum, min, max)
// maintained on insert, and per-agent time in each state per day (busy/idle shares).
//
// Naming: a sample named `state.<state>` (e.g. `state.busy`: how many agents are busy) goes to
// the report's `byState`; every other name is a series of its own (`agents`, `cpuPercent`,
// `rssMb`, `reconcileMs`, …). Units follow from the name's suffix.
import type { AgentShare, MetricPoint, MetricSeries, MetricsRange, MetricsReport } from '../../shared/domain.js';
import { AGENT_STATES, type AgentState } from '../../shared/vocabulary.js';
import type { StoreContext } from './context.js';
import { StoreError } from './errors.js';
import { DAY_MS, HOUR_MS, LIMITS, MINUTE_MS } from './limits.js';
import { trimToCount } from './trim.js';
import { epochMs, oneOf, text } from './validate.js';

export type Resolution = 'raw' | 'minute' | 'hour';

/** Whose time it is beyond the agent's name: its tmux server (ServerIdentity key) and team. */
export interface StateTimeKey {
  server?: string;
  team?: string | null;
}

export interface SeriesQuery {
  from: number;
  to?: number;
  resolution: Resolution;
}

export interface MetricsApi {
  /** Record one sample per name at `at`; rollups are updated in the same transaction. */
  record(at: number, values: Readonly<Record<string, number>>): void;
  /** One metric's points: raw values, or per-minute/per-hour averages. */
  series(name: string, q: SeriesQuery): MetricPoint[];
  /** What the performance view shows: raw for 1h, minute rollups for 24h, hour rollups for 7d/30d. */
  report(range: MetricsRange, now?: number): MetricsReport;
  /** Add `ms` spent in `state` to the agent's total for the day holding `at` (on its tmux server and team). */
  addStateTime(agent: string, at: number, state: AgentState, ms: number, where?: StateTimeKey): void;
  /** Busy/idle/other time per agent per day since `from`. */
  shares(from: number, to?: number): AgentShare[];
}

export const RANGE_MS: Record<MetricsRange, number> = {
  '1h': HOUR_MS,
  '24h': DAY_MS,
  '7d': 7 * DAY_MS,
  '30d': 30 * DAY_MS,
};
const RANGE_RESOLUTION: Record<MetricsRange, Resolution> = { '1h': 'raw', '24h': 'minute', '7d': 'hour', '30d': 'hour' };
const STATE_PREFIX = 'state.';
const NAME_RE = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Local midnight of the day holding `at` (shares are per calendar day, as the person lives it). */
export function dayStart(at: number): number {
  const d = new Date(at);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

export function unitFor(name: string): string {
  if (name.startsWith(STATE_PREFIX) || name === 'agents') return 'agents';
  if (/Ms$/.test(name)) return 'ms';
  if (/Percent$/.test(name)) return '%';
  if (/Mb$/.test(name)) return 'MB';
  return '';
}

/** [name, t, v]: rows come back as arrays (raw statements), far cheaper than objects for 40k points. */
type PointRow = [string, number, number];

function toSeries(rows: PointRow[]): { series: MetricSeries[]; byState: MetricSeries[] } {
  const byName = new Map<string, MetricPoint[]>();
  for (const [name, t, v] of rows) {
    let pts = byName.get(name);
    if (!pts) byName.set(name, (pts = []));
    pts.push([t, v]);
  }
  const series: MetricSeries[] = [];
  const byState: MetricSeries[] = [];
  for (const [name, points] of [...byName].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (name.startsWith(STATE_PREFIX)) byState.push({ name: name.slice(STATE_PREFIX.length), unit: 'agents', points });
    else series.push({ name, unit: unitFor(name), points });
  }
  return { series, byState };
}

function rollupSql(table: string): string {
  return `INSERT INTO ${table} (name, bucket, count, sum, min, max) VALUES (?, ?, 1, ?, ?, ?)
    ON CONFLICT (name, bucket) DO UPDATE SET count = count + 1, sum = sum + excluded.sum,
      min = min(min, excluded.min), max = max(max, excluded.max)`;
}

export function createMetrics(ctx: StoreContext): MetricsApi {
  // One metric: [t, v] rows straight from the primary key (name, bucket). All metrics:
  // [name, t, v] rows in time order from the time index (no sort), grouped by name in JS.
  const pointsSql = (resolution: Resolution, oneName: boolean) => {
    const [filter, name] = oneName ? ['name = ? AND', ''] : ['', 'name,'];
    if (resolution === 'raw') return `SELECT ${name} at, value FROM metrics_raw WHERE ${filter} at >= ? AND at < ? ORDER BY at, id`;
    const table = resolution === 'minute' ? 'metrics_minute' : 'metrics_hour';
    return `SELECT ${name} bucket, sum / count FROM ${table} WHERE ${filter} bucket >= ? AND bucket < ? ORDER BY bucket`;
  };
  const shares = (from: number, to = Number.MAX_SAFE_INTEGER): AgentShare[] =>
    ctx.read(() => {
      const rows = ctx
        .stmt(
          `SELECT agent, day,
             sum(CASE WHEN state = 'busy' THEN ms ELSE 0 END) AS busy,
             sum(CASE WHEN state = 'idle' THEN ms ELSE 0 END) AS idle,
             sum(CASE WHEN state NOT IN ('busy', 'idle') THEN ms ELSE 0 END) AS other
           FROM agent_state_time WHERE day >= ? AND day < ? GROUP BY agent, day ORDER BY day, agent LIMIT 100000`,
        )
        .all(dayStart(from), to) as { agent: string; day: number; busy: number; idle: number; other: number }[];
      return rows.map((r) => ({ agent: r.agent, day: r.day, busyMs: r.busy, idleMs: r.idle, otherMs: r.other }));
    });
  return {
    record: (at, values) => {
      const when = epochMs(at, 'at');
      const entries = Object.entries(values ?? {});
      for (const [name, v] of entries) {
        if (!NAME_RE.test(name)) throw new StoreError('bad_input', `metric name ${JSON.stringify(name)} is not valid`);
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          throw new StoreError('bad_input', `metric ${name} must be a finite number (got ${String(v)})`);
        }
      }
      if (entries.length === 0) return;
      const minute = Math.floor(when / MINUTE_MS) * MINUTE_MS;
      const hour = Math.floor(when / HOUR_MS) * HOUR_MS;
      ctx.write(() => {
        const raw = ctx.stmt('INSERT INTO metrics_raw (at, name, value) VALUES (?, ?, ?)');
        const perMinute = ctx.stmt(rollupSql('metrics_minute'));
        const perHour = ctx.stmt(rollupSql('metrics_hour'));
        for (const [name, v] of entries) {
          raw.run(when, name, v);
          perMinute.run(name, minute, v, v, v);
          perHour.run(name, hour, v, v, v);
        }
        trimToCount(ctx, 'metrics_raw', LIMITS.rawMetricsMaxRows, entries.length);
      });
    },
    series: (name, q) => {
      const to = q.to ?? Number.MAX_SAFE_INTEGER;
      const res = oneOf(q.resolution, ['raw', 'minute', 'hour'] as const, 'resolution');
      return ctx.read(() => ctx.stmt(pointsSql(res, true), true).all(name, epochMs(q.from, 'from'), to) as MetricPoint[]);
    },
    report: (range, now = Date.now()) => {
      const r = oneOf(range, ['1h', '24h', '7d', '30d'] as const, 'range');
      const from = now - RANGE_MS[r];
      const rows = ctx.read(() => ctx.stmt(pointsSql(RANGE_RESOLUTION[r], false), true).all(from, now + 1) as PointRow[]);
      return { range: r, ...toSeries(rows), shares: shares(from, now + 1) };
    },
    addStateTime: (agent, at, state, ms, where = {}) => {
      const who = text(agent, 'agent');
      const server = text(where.server ?? '', 'server', true);
      const team = text(where.team ?? '', 'team', true);
      const s = oneOf(state, AGENT_STATES, 'state');
      if (!Number.isFinite(ms) || ms < 0) throw new StoreError('bad_input', `state time must be >= 0 ms (got ${ms})`);
      const day = dayStart(epochMs(at, 'at'));
      ctx.write(() =>
        ctx
          .stmt(
            `INSERT INTO agent_state_time (server, agent, team, day, state, ms) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (server, agent, team, day, state) DO UPDATE SET ms = ms + excluded.ms`,
          )
          .run(server, who, team, day, s, Math.round(ms)),
      );
    },
    shares,
  };
}
