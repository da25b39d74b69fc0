// Notifications: what the monitor's rules raised, newest first, with read state. A problem
// (PROBLEM_KINDS) stays open while its agents remain in that state: each agent a notification
// names is a member row, resolved when that agent leaves the state; the notification resolves
// when its last member does.
import type { NotificationMember, NotificationRecord } from '../../shared/domain.js';
import { isOpenKind, NOTIFICATION_KINDS, OPEN_KINDS, PROBLEM_KINDS, type AgentState, type NotificationKind, type ProblemKind } from '../../shared/vocabulary.js';
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
  /** The agents it is about (a grouped burst); default the one agent named by agentId. */
  members?: readonly { agentId: string; agent: string }[];
}

export interface NotificationQuery {
  unread?: boolean;
  /** Only open problems. */
  open?: boolean;
  kind?: NotificationKind;
  /** Agent name or agent id. */
  agent?: string;
  team?: string;
  /** Only rows created at or after this epoch ms (the CLI's `--since DURATION` is now - duration). */
  since?: number;
  /** Default 200, at most 10,000. */
  limit?: number;
}

/** An agent a problem notification names, while it is open for that agent. */
export interface OpenProblem {
  notificationId: number;
  kind: ProblemKind;
  agentId: string;
  agent: string;
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
  /** Open problems: problem notifications some agent of which is still in that state. */
  openCount(): number;
  /**
   * An agent is now in `state` (null: it is gone): its open problems of any other kind end at
   * `at`. Returns the notifications that changed (a member or the whole record resolved).
   */
  resolveAgent(agentId: string, state: AgentState | null, at?: number, server?: string): NotificationRecord[];
  /**
   * Every agent an open problem names and has not resolved for (a monitor starting brings them in
   * line with the agents as they are: see the history writer), oldest notification first.
   */
  openProblems(server?: string): OpenProblem[];
  /** Lost agents of `server` that are back (restored, spawned again) or forgotten: their 'lost' members resolve. */
  resolveLost(server: string, names: readonly string[], at?: number): NotificationRecord[];
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
  resolved_at: number | null;
}

interface MemberRow {
  notification_id: number;
  agent_id: string;
  agent: string;
  resolved_at: number | null;
}

const toRecord = (r: Row, members: NotificationMember[]): NotificationRecord => ({
  id: r.id,
  kind: r.kind,
  agent: r.agent,
  agentId: r.agent_id,
  team: r.team,
  text: r.text,
  createdAt: r.created_at,
  readAt: r.read_at,
  members,
  resolvedAt: r.resolved_at,
});

const COLUMNS = 'id, kind, agent, agent_id, team, text, created_at, read_at, resolved_at';
const MAX_LIST = 10_000;
const sqlList = (kinds: readonly string[]) => kinds.map((k) => `'${k}'`).join(', ');
/** Open problems are only open kinds (news rows keep resolved_at null for ever). */
const OPEN = `resolved_at IS NULL AND kind IN (${sqlList(OPEN_KINDS)})`;
/** Problems that end when their agent leaves the state (lost agents end otherwise: resolveLost). */
const STATE_OPEN = `resolved_at IS NULL AND kind IN (${sqlList(PROBLEM_KINDS)})`;

export function createNotifications(ctx: StoreContext, maxRows: () => number): NotificationsApi {
  const clean = (n: NewNotification) => {
    if (!n || typeof n !== 'object') throw new StoreError('bad_input', 'a notification must be an object');
    const agentId = optText(n.agentId, 'agentId');
    const agent = optText(n.agent, 'agent');
    if (n.members !== undefined && !Array.isArray(n.members)) throw new StoreError('bad_input', 'members must be a list');
    const members = (n.members ?? (agentId ? [{ agentId, agent: agent ?? agentId }] : []))
      .slice(0, LIMITS.notificationMembers)
      .map((m) => ({ agentId: text(m?.agentId, 'member agentId'), agent: text(m?.agent, 'member agent', true) }));
    return {
      server: text(n.server ?? '', 'server', true),
      kind: oneOf(n.kind, NOTIFICATION_KINDS, 'notification kind'),
      agent,
      agentId,
      team: optText(n.team, 'team'),
      text: clip(text(n.text, 'notification text', true), LIMITS.notificationTextChars),
      createdAt: n.createdAt === undefined ? Date.now() : epochMs(n.createdAt, 'createdAt'),
      members,
    };
  };

  /** Member rows of the given notifications, by notification id. */
  const membersOf = (ids: readonly number[]): Map<number, NotificationMember[]> => {
    const out = new Map<number, NotificationMember[]>();
    if (!ids.length) return out;
    const rows = ctx
      .stmt(
        `SELECT notification_id, agent_id, agent, resolved_at FROM notification_agents
         WHERE notification_id IN (SELECT value FROM json_each(?)) ORDER BY notification_id, seq`,
      )
      .all(JSON.stringify(ids)) as MemberRow[];
    for (const r of rows) {
      let list = out.get(r.notification_id);
      if (!list) out.set(r.notification_id, (list = []));
      list.push({ agentId: r.agent_id, agent: r.agent, resolvedAt: r.resolved_at });
    }
    return out;
  };
  const withMembers = (rows: Row[]): NotificationRecord[] => {
    const members = membersOf(rows.map((r) => r.id));
    return rows.map((r) => toRecord(r, members.get(r.id) ?? []));
  };
  const byIds = (ids: readonly number[]): NotificationRecord[] =>
    withMembers(
      ctx
        .stmt(`SELECT ${COLUMNS} FROM notifications WHERE id IN (SELECT value FROM json_each(?)) ORDER BY created_at DESC, id DESC`)
        .all(JSON.stringify(ids)) as Row[],
    );

  const addMany = (ns: readonly NewNotification[]): NotificationRecord[] => {
    const rows = ns.map(clean); // validate all first: bad input changes nothing
    return ctx.write(() => {
      const ins = ctx.stmt(
        'INSERT INTO notifications (server, kind, agent, agent_id, team, text, created_at, read_at, resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)',
      );
      const insMember = ctx.stmt('INSERT INTO notification_agents (notification_id, seq, agent_id, agent, resolved_at) VALUES (?, ?, ?, ?, NULL)');
      const out = rows.map((r): NotificationRecord => {
        // A problem about no agent could never resolve: it is born resolved.
        const resolvedAt = isOpenKind(r.kind) && r.members.length === 0 ? r.createdAt : null;
        const id = Number(ins.run(r.server, r.kind, r.agent, r.agentId, r.team, r.text, r.createdAt, resolvedAt).lastInsertRowid);
        r.members.forEach((m, seq) => insMember.run(id, seq, m.agentId, m.agent));
        const members = r.members.map((m) => ({ ...m, resolvedAt: null }));
        return { id, kind: r.kind, agent: r.agent, agentId: r.agentId, team: r.team, text: r.text, createdAt: r.createdAt, readAt: null, members, resolvedAt };
      });
      trimToCount(ctx, 'notifications', maxRows(), rows.length);
      return out;
    });
  };

  /** Resolve the given open member rows at `at`, then every notification left with none open. */
  const resolveMembers = (open: readonly { notification_id: number; seq: number }[], at: number): NotificationRecord[] => {
    if (!open.length) return [];
    const upd = ctx.stmt('UPDATE notification_agents SET resolved_at = ? WHERE notification_id = ? AND seq = ? AND resolved_at IS NULL');
    const closeIfDone = ctx.stmt(
      `UPDATE notifications SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM notification_agents WHERE notification_id = ? AND resolved_at IS NULL)`,
    );
    const ids = new Set<number>();
    for (const m of open) {
      if (upd.run(at, m.notification_id, m.seq).changes) ids.add(m.notification_id);
    }
    for (const id of ids) closeIfDone.run(at, id, id);
    return byIds([...ids]);
  };

  const openMembersSql = `SELECT m.notification_id, m.seq, m.agent_id, m.agent, n.kind FROM notification_agents m
    JOIN notifications n ON n.id = m.notification_id
    WHERE m.resolved_at IS NULL AND n.${STATE_OPEN}`;

  return {
    add: (n) => addMany([n])[0]!,
    addMany,
    list: (q = {}) => {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (q.unread) where.push('read_at IS NULL');
      if (q.open) where.push(OPEN);
      if (q.kind !== undefined) {
        where.push('kind = ?');
        args.push(oneOf(q.kind, NOTIFICATION_KINDS, 'kind'));
      }
      if (q.agent !== undefined) {
        where.push('(agent = ? OR agent_id = ? OR id IN (SELECT notification_id FROM notification_agents WHERE agent_id = ? OR agent = ?))');
        args.push(q.agent, q.agent, q.agent, q.agent);
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
      return ctx.read(() => withMembers(ctx.stmt(sql).all(...args) as Row[]));
    },
    get: (id) => ctx.read(() => byIds([id])[0] ?? null),
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
    openCount: () => ctx.read(() => (ctx.stmt(`SELECT count(*) AS n FROM notifications WHERE ${OPEN}`).get() as { n: number }).n),
    // With a server (ServerIdentity key), only that server's notifications: pane ids repeat across servers.
    resolveAgent: (agentId, state, at = Date.now(), server) => {
      const id = text(agentId, 'agentId');
      const when = epochMs(at, 'resolve time');
      return ctx.write(() => {
        const open = (server === undefined
          ? ctx.stmt(`${openMembersSql} AND m.agent_id = ?`).all(id)
          : ctx.stmt(`${openMembersSql} AND m.agent_id = ? AND n.server = ?`).all(id, server)) as (MemberRow & { seq: number; kind: string })[];
        return resolveMembers(open.filter((m) => m.kind !== state), when);
      });
    },
    resolveLost: (server, names, at = Date.now()) => {
      const when = epochMs(at, 'resolve time');
      if (!names.length) return [];
      return ctx.write(() => {
        const open = ctx
          .stmt(
            `SELECT m.notification_id, m.seq FROM notification_agents m JOIN notifications n ON n.id = m.notification_id
             WHERE m.resolved_at IS NULL AND n.resolved_at IS NULL AND n.kind = 'lost' AND n.server = ?
             AND m.agent IN (SELECT value FROM json_each(?))`,
          )
          .all(text(server, 'server', true), JSON.stringify(names)) as { notification_id: number; seq: number }[];
        return resolveMembers(open, when);
      });
    },
    openProblems: (server) =>
      ctx.read(() => {
        const sql = `${openMembersSql}${server === undefined ? '' : ' AND n.server = ?'} ORDER BY m.notification_id, m.seq`;
        const rows = (server === undefined ? ctx.stmt(sql).all() : ctx.stmt(sql).all(server)) as (MemberRow & { kind: ProblemKind })[];
        return rows.map((r) => ({ notificationId: r.notification_id, kind: r.kind, agentId: r.agent_id, agent: r.agent }));
      }),
  };
}
