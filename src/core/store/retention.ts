// Retention: bounds every table by age and by count, deleting in small batches, each its own
// short transaction, so the monitor (or a reader's checkpoint) never waits long for the lock.
// Count bounds are also enforced at insert time (trim.ts); this catches age limits and lowered
// bounds. Settings are read on every run, so a change applies at the next run.
import type { Settings } from '../../shared/settings.js';
import type { StoreContext } from './context.js';
import { DAY_MS, HOUR_MS, LIMITS } from './limits.js';

export interface RetentionCounts {
  notifications: number;
  transitions: number;
  messages: number;
  schedules: number;
  metricsRaw: number;
  metricsMinute: number;
  metricsHour: number;
  stateTime: number;
  screens: number;
  /** Pages given back to the file system. */
  vacuumedPages: number;
  /** False when `budgetMs` ran out first: call run() again later to continue. */
  complete: boolean;
}

export interface RetentionOptions {
  now?: number;
  /** Rows per batch (default 500). */
  batch?: number;
  /** Stop starting new batches after this long (default: no limit), so one call never blocks the event loop for long. */
  budgetMs?: number;
}

export interface RetentionApi {
  /** Apply every bound now; returns the rows deleted per table. */
  run(opts?: RetentionOptions): RetentionCounts;
}

/** One bound: a batched DELETE whose `?` are (cutoff, batch). */
interface Rule {
  table: keyof Omit<RetentionCounts, 'vacuumedPages' | 'complete'>;
  sql: string;
  cutoff: number;
}

const byAge = (table: string, column: string, extra = '') =>
  `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE ${column} < ? ${extra} ORDER BY ${column} LIMIT ?)`;
const byCount = (table: string) =>
  `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE id <= ? ORDER BY id LIMIT ?)`;
// WITHOUT ROWID tables: match on the primary key.
const byBucket = (table: string) =>
  `DELETE FROM ${table} WHERE (name, bucket) IN (SELECT name, bucket FROM ${table} WHERE bucket < ? ORDER BY bucket LIMIT ?)`;

export function createRetention(ctx: StoreContext, settings: () => Settings): RetentionApi {
  const maxId = (table: string) => (ctx.stmt(`SELECT max(id) AS m FROM ${table}`).get() as { m: number | null }).m ?? 0;

  const rules = (now: number): Rule[] => {
    const r = settings().retention;
    const minuteDays = Math.min(r.rollupDays, LIMITS.minuteRollupMaxDays);
    return [
      { table: 'notifications', sql: byAge('notifications', 'created_at'), cutoff: now - r.notificationsDays * DAY_MS },
      { table: 'notifications', sql: byCount('notifications'), cutoff: maxId('notifications') - r.notificationsMaxRows },
      { table: 'transitions', sql: byAge('transitions', 'at'), cutoff: now - r.transitionsDays * DAY_MS },
      { table: 'transitions', sql: byCount('transitions'), cutoff: maxId('transitions') - LIMITS.transitionsMaxRows },
      { table: 'messages', sql: byAge('messages', 'created_at'), cutoff: now - r.messagesDays * DAY_MS },
      { table: 'messages', sql: byCount('messages'), cutoff: maxId('messages') - LIMITS.messagesMaxRows },
      {
        table: 'schedules',
        sql: byAge('schedules', 'finished_at', 'AND finished_at IS NOT NULL'),
        cutoff: now - LIMITS.schedulesDoneDays * DAY_MS,
      },
      { table: 'metricsRaw', sql: byAge('metrics_raw', 'at'), cutoff: now - r.rawMetricsHours * HOUR_MS },
      { table: 'metricsRaw', sql: byCount('metrics_raw'), cutoff: maxId('metrics_raw') - LIMITS.rawMetricsMaxRows },
      { table: 'metricsMinute', sql: byBucket('metrics_minute'), cutoff: now - minuteDays * DAY_MS },
      { table: 'metricsHour', sql: byBucket('metrics_hour'), cutoff: now - r.rollupDays * DAY_MS },
      {
        table: 'stateTime',
        sql: `DELETE FROM agent_state_time WHERE (server, agent, team, day, state) IN
                (SELECT server, agent, team, day, state FROM agent_state_time WHERE day < ? ORDER BY day LIMIT ?)`,
        cutoff: now - r.rollupDays * DAY_MS,
      },
      { table: 'screens', sql: byAge('screens', 'saved_at'), cutoff: now - LIMITS.screensDays * DAY_MS },
      { table: 'screens', sql: byCount('screens'), cutoff: maxId('screens') - LIMITS.screensMaxRows },
    ];
  };

  return {
    run: (opts = {}) => {
      const now = opts.now ?? Date.now();
      const batch = Math.max(1, opts.batch ?? LIMITS.retentionBatch);
      const stopAt = performance.now() + (opts.budgetMs ?? Number.POSITIVE_INFINITY);
      const counts: RetentionCounts = {
        notifications: 0,
        transitions: 0,
        messages: 0,
        schedules: 0,
        metricsRaw: 0,
        metricsMinute: 0,
        metricsHour: 0,
        stateTime: 0,
        screens: 0,
        vacuumedPages: 0,
        complete: true,
      };
      for (const rule of ctx.read(() => rules(now))) {
        for (;;) {
          if (performance.now() >= stopAt) {
            counts.complete = false;
            return counts;
          }
          const n = ctx.write(() => ctx.stmt(rule.sql).run(rule.cutoff, batch).changes);
          counts[rule.table] += n;
          if (n < batch) break;
        }
      }
      const v = vacuum(ctx, batch, stopAt);
      counts.vacuumedPages = v.pages;
      counts.complete = v.done;
      return counts;
    },
  };
}

/** Give free pages back to the file system, a batch of pages at a time, until the budget's end. */
function vacuum(ctx: StoreContext, pagesPerStep: number, stopAt: number): { pages: number; done: boolean } {
  if (ctx.path === ':memory:') return { pages: 0, done: true };
  let pages = 0;
  for (;;) {
    const free = ctx.read(() => ctx.db.pragma('freelist_count', { simple: true }) as number);
    if (free === 0) return { pages, done: true };
    if (performance.now() >= stopAt) return { pages, done: false };
    ctx.write(() => ctx.db.pragma(`incremental_vacuum(${Math.min(free, pagesPerStep)})`));
    const after = ctx.read(() => ctx.db.pragma('freelist_count', { simple: true }) as number);
    pages += free - after;
    // auto_vacuum is off on files made before it was set: nothing can be given back then.
    if (after >= free) return { pages, done: true };
  }
}
