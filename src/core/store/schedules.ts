// Scheduled check-ins: one-off or repeating messages to a target.
import type { ScheduleRecord } from '../../shared/domain.js';
import { clip, type StoreContext } from './context.js';
import { StoreError } from './errors.js';
import { LIMITS } from './limits.js';
import { epochMs, text } from './validate.js';

export interface NewSchedule {
  /** The tmux server it runs against (ServerIdentity key). */
  server?: string;
  target: string;
  text: string;
  /** Epoch ms of the first delivery. */
  nextAt: number;
  /** Repeat interval (>= 60 s), or null/absent for a one-off. */
  everyMs?: number | null;
  createdAt?: number;
}

export interface SchedulesApi {
  add(s: NewSchedule): ScheduleRecord;
  /** Active schedules (not cancelled, not finished), soonest first; one server's when given. */
  list(server?: string): ScheduleRecord[];
  get(id: number): ScheduleRecord | null;
  /** Active schedules whose time has come; one server's when given. */
  due(now?: number, server?: string): ScheduleRecord[];
  /**
   * Record a run: a repeating schedule moves to its next time after `at` (missed runs are
   * skipped, not replayed); a one-off is finished. Returns the updated record, or null.
   */
  markRun(id: number, at?: number): ScheduleRecord | null;
  /** False when no active schedule has this id. */
  cancel(id: number): boolean;
}

interface Row {
  id: number;
  server: string;
  target: string;
  text: string;
  next_at: number;
  every_ms: number | null;
  created_at: number;
  last_run_at: number | null;
  cancelled: number;
  finished_at: number | null;
}

const toRecord = (r: Row): ScheduleRecord => ({
  id: r.id,
  server: r.server,
  target: r.target,
  text: r.text,
  nextAt: r.next_at,
  everyMs: r.every_ms,
  createdAt: r.created_at,
  lastRunAt: r.last_run_at,
});

const ACTIVE = 'cancelled = 0 AND finished_at IS NULL';
const MIN_EVERY_MS = 60_000;

export function createSchedules(ctx: StoreContext): SchedulesApi {
  const getRow = (id: number) => ctx.stmt('SELECT * FROM schedules WHERE id = ?').get(id) as Row | undefined;
  const get = (id: number) => ctx.read(() => {
    const r = getRow(id);
    return r ? toRecord(r) : null;
  });
  return {
    add: (s) => {
      const server = text(s?.server ?? '', 'server', true);
      const target = text(s.target, 'target');
      const body = clip(text(s.text, 'schedule text'), LIMITS.messageTextChars);
      const nextAt = epochMs(s.nextAt, 'nextAt');
      const every = s.everyMs ?? null;
      if (every !== null && (!Number.isInteger(every) || every < MIN_EVERY_MS)) {
        throw new StoreError('bad_input', `everyMs must be an integer of at least ${MIN_EVERY_MS} ms (got ${every})`);
      }
      const createdAt = s.createdAt === undefined ? Date.now() : epochMs(s.createdAt, 'createdAt');
      const id = ctx.write(() => {
        const active = (ctx.stmt(`SELECT count(*) AS n FROM schedules WHERE ${ACTIVE}`).get() as { n: number }).n;
        if (active >= LIMITS.schedulesMaxActive) {
          throw new StoreError('limit', `too many active schedules (${active}); cancel some first`);
        }
        return Number(
          ctx
            .stmt('INSERT INTO schedules (server, target, text, next_at, every_ms, created_at) VALUES (?, ?, ?, ?, ?, ?)')
            .run(server, target, body, nextAt, every, createdAt).lastInsertRowid,
        );
      });
      return { id, server, target, text: body, nextAt, everyMs: every, createdAt, lastRunAt: null };
    },
    list: (server) =>
      ctx.read(() =>
        (server === undefined
          ? (ctx.stmt(`SELECT * FROM schedules WHERE ${ACTIVE} ORDER BY next_at, id`).all() as Row[])
          : (ctx.stmt(`SELECT * FROM schedules WHERE ${ACTIVE} AND server = ? ORDER BY next_at, id`).all(server) as Row[])
        ).map(toRecord),
      ),
    get,
    due: (now = Date.now(), server) =>
      ctx.read(() =>
        (
          ctx
            .stmt(`SELECT * FROM schedules WHERE ${ACTIVE} AND next_at <= ? AND (? IS NULL OR server = ?) ORDER BY next_at, id LIMIT 1000`)
            .all(epochMs(now, 'now'), server ?? null, server ?? null) as Row[]
        ).map(toRecord),
      ),
    markRun: (id, at = Date.now()) => {
      const when = epochMs(at, 'at');
      const done = ctx.write(() => {
        const r = getRow(id);
        if (!r || r.cancelled || r.finished_at !== null) return false;
        if (r.every_ms === null) {
          ctx.stmt('UPDATE schedules SET last_run_at = ?, finished_at = ? WHERE id = ?').run(when, when, id);
        } else {
          const steps = Math.max(1, Math.floor((when - r.next_at) / r.every_ms) + 1);
          ctx
            .stmt('UPDATE schedules SET last_run_at = ?, next_at = ? WHERE id = ?')
            .run(when, r.next_at + steps * r.every_ms, id);
        }
        return true;
      });
      return done ? get(id) : null;
    },
    cancel: (id) =>
      ctx.write(
        () =>
          ctx.stmt(`UPDATE schedules SET cancelled = 1, finished_at = ? WHERE id = ? AND ${ACTIVE}`).run(Date.now(), id)
            .changes > 0,
      ),
  };
}
