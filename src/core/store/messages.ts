// The message log: what was sent to whom, and whether delivery was verified. A queued row the
// deliverer is typing is claimed (its host.pid and when): cancel refuses it, and another
// deliverer can't take it, until the claim is stale (its process gone, or older than the pane
// lock's stale time, after which the pane is someone else's anyway): then it is typed again
// or cancelled, never stuck.
import { hostname } from 'node:os';
import type { MessageLogEntry } from '../../shared/domain.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../../shared/vocabulary.js';
import { clip, type StoreContext } from './context.js';
import { LIMITS } from './limits.js';
import { trimToCount } from './trim.js';
import { StoreError } from './errors.js';
import { pidAlive } from './lease.js';
import { epochMs, limit, oneOf, text } from './validate.js';

export interface NewMessage {
  /** The tmux server of the pane (ServerIdentity key); '' when not known. */
  server?: string;
  agent: string;
  target: string;
  text: string;
  status: DeliveryStatus;
  reason?: string;
  /** Epoch ms; default now. */
  createdAt?: number;
}

export interface MessageQuery {
  /** Only this tmux server's rows (ServerIdentity key), or these servers'. */
  server?: string | readonly string[];
  /** Agent name or target. */
  target?: string;
  status?: DeliveryStatus;
  since?: number;
  /** Default 100, at most 1,000. */
  limit?: number;
}

export interface MessagesApi {
  add(m: NewMessage): MessageLogEntry;
  /** Record the verified outcome of a delivery; null when the id is unknown (e.g. trimmed). */
  updateStatus(id: number, status: DeliveryStatus, reason?: string, at?: number): MessageLogEntry | null;
  get(id: number): MessageLogEntry | null;
  /**
   * Take back a queued message (status 'cancelled'). Refused (conflict) once it is delivered,
   * failed or being typed (a live claim); not_found for an unknown id, or one of a tmux server
   * not in `where.servers` (when given).
   */
  cancel(id: number, at?: number, where?: { servers?: readonly string[] }): MessageLogEntry;
  /**
   * The deliverer's claim on a queued row, just before typing it. Refused when it is no longer
   * queued (cancelled) or another live deliverer claimed it; a stale claim is taken over
   * (`tookOverFrom` names the dead deliverer: it may have typed part of it).
   */
  claim(id: number, at?: number): ClaimResult;
  /** Newest first. */
  list(q?: MessageQuery): MessageLogEntry[];
}

export type ClaimResult = { claimed: false } | { claimed: true; tookOverFrom: string | null };

interface Row {
  id: number;
  server: string;
  agent: string;
  target: string;
  text: string;
  status: DeliveryStatus;
  reason: string;
  created_at: number;
  claimed_by: string;
  claimed_at: number | null;
}

/** The reason a claimed row carries while it is being typed (cancel refuses it). */
export const BEING_DELIVERED = 'being delivered now';
/**
 * A claim older than this is stale whoever holds it: the pane lock's stale time (a deliverer
 * holds the pane lock while it types; past this the lock is taken over, so it typed no more).
 */
export const CLAIM_STALE_MS = 60_000;
/** This process, as a claim names it. */
const ME = `${hostname()}.${process.pid}`;

/** Whether a claimed row's claim no longer holds: its deliverer is gone (this machine) or it is too old. */
function claimStale(r: Pick<Row, 'claimed_by' | 'claimed_at'>, now: number): boolean {
  if (r.claimed_at === null) return false;
  if (now - r.claimed_at > CLAIM_STALE_MS) return true;
  const dot = r.claimed_by.lastIndexOf('.');
  const pid = Number(r.claimed_by.slice(dot + 1));
  return dot > 0 && r.claimed_by.slice(0, dot) === hostname() && Number.isInteger(pid) && pid > 0 && !pidAlive(pid);
}

function deliverer(r: Pick<Row, 'claimed_by'>): string {
  return r.claimed_by ? `its deliverer (${r.claimed_by.replace(/\.(\d+)$/, ', pid $1')})` : 'its deliverer';
}

const toEntry = (r: Row, now = Date.now()): MessageLogEntry => ({
  id: r.id,
  server: r.server,
  agent: r.agent,
  target: r.target,
  text: r.text,
  status: r.status,
  // A claim whose deliverer died shows as what it is, not as "being delivered now" forever.
  reason: r.status === 'queued' && claimStale(r, now) ? `${deliverer(r)} stopped while typing it: a monitor types it again, or cancel it` : r.reason,
  createdAt: r.created_at,
});

const COLUMNS = 'id, server, agent, target, text, status, reason, created_at, claimed_by, claimed_at';

export function createMessages(ctx: StoreContext): MessagesApi {
  const get = (id: number) =>
    ctx.read(() => {
      const r = ctx.stmt(`SELECT ${COLUMNS} FROM messages WHERE id = ?`).get(id) as Row | undefined;
      return r ? toEntry(r) : null;
    });
  return {
    add: (m) => {
      const server = text(m?.server ?? '', 'server', true);
      const agent = text(m.agent, 'agent');
      const target = text(m.target, 'target');
      const body = clip(text(m.text, 'message text', true), LIMITS.messageTextChars);
      const status = oneOf(m.status, DELIVERY_STATUSES, 'status');
      const reason = clip(text(m.reason ?? '', 'reason', true), LIMITS.transitionReasonChars);
      const at = m.createdAt === undefined ? Date.now() : epochMs(m.createdAt, 'createdAt');
      const id = ctx.write(() => {
        const res = ctx
          .stmt(
            `INSERT INTO messages (server, agent, target, text, status, reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(server, agent, target, body, status, reason, at, at);
        trimToCount(ctx, 'messages', LIMITS.messagesMaxRows, 1);
        return Number(res.lastInsertRowid);
      });
      return toEntry({ id, server, agent, target, text: body, status, reason, created_at: at, claimed_by: '', claimed_at: null });
    },
    updateStatus: (id, status, reason = '', at = Date.now()) => {
      const s = oneOf(status, DELIVERY_STATUSES, 'status');
      const r = clip(text(reason, 'reason', true), LIMITS.transitionReasonChars);
      const when = epochMs(at, 'at');
      const changed = ctx.write(
        () => ctx.stmt('UPDATE messages SET status = ?, reason = ?, updated_at = ? WHERE id = ?').run(s, r, when, id).changes,
      );
      return changed ? get(id) : null;
    },
    get,
    cancel: (id, at = Date.now(), where = {}) => {
      const when = epochMs(at, 'at');
      ctx.write(() => {
        const r = ctx.stmt(`SELECT ${COLUMNS} FROM messages WHERE id = ?`).get(id) as Row | undefined;
        if (!r) throw new StoreError('not_found', `no message #${id}`);
        if (where.servers && !where.servers.includes(r.server))
          throw new StoreError('not_found', `no message #${id} on this tmux server (it is for ${r.server || 'an unknown server'}): cancel it from there`);
        if (r.status !== 'queued') throw new StoreError('limit', `message #${id} is not queued (it is ${r.status}): nothing to cancel`);
        const claimed = r.claimed_at !== null;
        if (claimed && !claimStale(r, when)) throw new StoreError('limit', `message #${id} is being typed into ${r.agent} right now: too late to cancel`);
        const reason = claimed ? `cancelled: ${deliverer(r)} stopped while typing it, so part of it may have been typed` : 'cancelled before delivery';
        ctx.stmt(`UPDATE messages SET status = 'cancelled', reason = ?, updated_at = ? WHERE id = ?`).run(reason, when, id);
      });
      return get(id)!;
    },
    claim: (id, at = Date.now()) => {
      const when = epochMs(at, 'at');
      return ctx.write((): ClaimResult => {
        const r = ctx.stmt(`SELECT ${COLUMNS} FROM messages WHERE id = ?`).get(id) as Row | undefined;
        if (r?.status !== 'queued') return { claimed: false };
        if (r.claimed_at !== null && !claimStale(r, when)) return { claimed: false };
        ctx
          .stmt(`UPDATE messages SET reason = ?, claimed_by = ?, claimed_at = ?, updated_at = ? WHERE id = ?`)
          .run(BEING_DELIVERED, ME, when, when, id);
        return { claimed: true, tookOverFrom: r.claimed_at === null ? null : deliverer(r) };
      });
    },
    list: (q = {}) => {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (q.target !== undefined) {
        where.push('(agent = ? OR target = ?)');
        args.push(q.target, q.target);
      }
      if (q.server !== undefined) {
        const servers: readonly string[] = typeof q.server === 'string' ? [q.server] : q.server;
        where.push(servers.length ? `server IN (${servers.map(() => '?').join(', ')})` : '0');
        args.push(...servers);
      }
      if (q.status !== undefined) {
        where.push('status = ?');
        args.push(oneOf(q.status, DELIVERY_STATUSES, 'status'));
      }
      if (q.since !== undefined) {
        where.push('created_at >= ?');
        args.push(epochMs(q.since, 'since'));
      }
      args.push(limit(q.limit, 100, 1_000));
      const sql = `SELECT ${COLUMNS} FROM messages ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
        ORDER BY created_at DESC, id DESC LIMIT ?`;
      const now = Date.now();
      return ctx.read(() => (ctx.stmt(sql).all(...args) as Row[]).map((r) => toEntry(r, now)));
    },
  };
}
