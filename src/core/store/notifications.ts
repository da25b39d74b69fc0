// Notifications: what the monitor's rules raised, newest first, with read state.
import type { NotificationRecord } from '../../shared/domain.js';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../shared/vocabulary.js';
import { clip, type StoreContext } from './context.js';
import { StoreError } from './errors.js';
import { LIMITS } from './limits.js';
import { trimToCount } from './trim.js';
import { epochMs, limit, oneOf, optText, text } from './validate.js';

export interface NewNotification {
  /** The tmux server of the agent's pane (ServerIdentity key), when known. */
  server?: string;
  kind: NotificationKind;
  agent?: string | null;
  agentId?: string | null;
  team?: string | null;
  text: string;
  /** Epoch ms; default now. */
  createdAt?: number;
}

export interface NotificationQuery {
  unread?: boolean;
  kind?: NotificationKind;
  /** Agent name or agent id. */
  agent?: string;
  team?: string;
  /** Only rows created at or after this epoch ms (the CLI's `--since DURATION` is now - duration). */
  since?: number;
  /** Default 200, at most 10,000. */
  limit?: number;
}

export interface NotificationsApi {
  add(n: NewNotification): NotificationRecord;
  /** One transaction for the whole batch. */
  addMany(ns: readonly NewNotification[]): NotificationRecord[];
  /** Newest first. */
  list(q?: NotificationQuery): NotificationRecord[];
  get(id: number): NotificationRecord | null;
  /** Mark the given ids (or every unread one) read; returns how many changed. */
  markRead(which: readonly number[] | 'all', at?: number): number;
  unreadCount(): number;
}

interface Row {
  id: number;
  kind: NotificationKind;
  agent: string | null;
  agent_id: string | null;
  team: string | null;
  text: string;
  created_at: number;
  read_at: number | null;
}

const toRecord = (r: Row): NotificationRecord => ({
  id: r.id,
  kind: r.kind,
  agent: r.agent,
  agentId: r.agent_id,
  team: r.team,
  text: r.text,
  createdAt: r.created_at,
  readAt: r.read_at,
});

const COLUMNS = 'id, kind, agent, agent_id, team, text, created_at, read_at';
const MAX_LIST = 10_000;

export function createNotifications(ctx: StoreContext, maxRows: () => number): NotificationsApi {
  const clean = (n: NewNotification) => {
    if (!n || typeof n !== 'object') throw new StoreError('bad_input', 'a notification must be an object');
    return {
      server: text(n.server ?? '', 'server', true),
      kind: oneOf(n.kind, NOTIFICATION_KINDS, 'notification kind'),
      agent: optText(n.agent, 'agent'),
      agentId: optText(n.agentId, 'agentId'),
      team: optText(n.team, 'team'),
      text: clip(text(n.text, 'notification text', true), LIMITS.notificationTextChars),
      createdAt: n.createdAt === undefined ? Date.now() : epochMs(n.createdAt, 'createdAt'),
    };
  };
  const insertSql =
    'INSERT INTO notifications (server, kind, agent, agent_id, team, text, created_at, read_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)';
  const addMany = (ns: readonly NewNotification[]): NotificationRecord[] => {
    const rows = ns.map(clean); // validate all first: bad input changes nothing
    return ctx.write(() => {
      const ins = ctx.stmt(insertSql);
      const out = rows.map((r) => {
        const id = Number(ins.run(r.server, r.kind, r.agent, r.agentId, r.team, r.text, r.createdAt).lastInsertRowid);
        return { id, kind: r.kind, agent: r.agent, agentId: r.agentId, team: r.team, text: r.text, createdAt: r.createdAt, readAt: null };
      });
      trimToCount(ctx, 'notifications', maxRows(), rows.length);
      return out;
    });
  };
  return {
    add: (n) => addMany([n])[0]!,
    addMany,
    list: (q = {}) => {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (q.unread) where.push('read_at IS NULL');
      if (q.kind !== undefined) {
        where.push('kind = ?');
        args.push(oneOf(q.kind, NOTIFICATION_KINDS, 'kind'));
      }
      if (q.agent !== undefined) {
        where.push('(agent = ? OR agent_id = ?)');
        args.push(q.agent, q.agent);
      }
      if (q.team !== undefined) {
        where.push('team = ?');
        args.push(q.team);
      }
      if (q.since !== undefined) {
        where.push('created_at >= ?');
        args.push(epochMs(q.since, 'since'));
      }
      const sql = `SELECT ${COLUMNS} FROM notifications ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
        ORDER BY created_at DESC, id DESC LIMIT ?`;
      args.push(limit(q.limit, 200, MAX_LIST));
      return ctx.read(() => (ctx.stmt(sql).all(...args) as Row[]).map(toRecord));
    },
    get: (id) => ctx.read(() => {
      const r = ctx.stmt(`SELECT ${COLUMNS} FROM notifications WHERE id = ?`).get(id) as Row | undefined;
      return r ? toRecord(r) : null;
    }),
    markRead: (which, at = Date.now()) => {
      const when = epochMs(at, 'read time');
      if (which === 'all') {
        return ctx.write(() => ctx.stmt('UPDATE notifications SET read_at = ? WHERE read_at IS NULL').run(when).changes);
      }
      if (!Array.isArray(which) || which.some((id) => !Number.isInteger(id) || id < 1)) {
        throw new StoreError('bad_input', 'markRead takes positive integer ids or "all"');
      }
      return ctx.write(() => {
        const upd = ctx.stmt('UPDATE notifications SET read_at = ? WHERE id = ? AND read_at IS NULL');
        return which.reduce((n, id) => n + upd.run(when, id).changes, 0);
      });
    },
    unreadCount: () =>
      ctx.read(() => (ctx.stmt('SELECT count(*) AS n FROM notifications WHERE read_at IS NULL').get() as { n: number }).n),
  };
}
