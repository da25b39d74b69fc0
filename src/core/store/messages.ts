// The message log: what was sent to whom, and whether delivery was verified.
import type { MessageLogEntry } from '../../shared/domain.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../../shared/vocabulary.js';
import { clip, type StoreContext } from './context.js';
import { LIMITS } from './limits.js';
import { trimToCount } from './trim.js';
import { StoreError } from './errors.js';
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
  /** Only this tmux server's rows (ServerIdentity key). */
  server?: string;
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
   * failed or being typed (claimed); not_found for an unknown id.
   */
  cancel(id: number, at?: number): MessageLogEntry;
  /** The deliverer's claim on a queued row, just before typing it: false when it is no longer queued (cancelled). */
  claim(id: number, at?: number): boolean;
  /** Newest first. */
  list(q?: MessageQuery): MessageLogEntry[];
}

interface Row {
  id: number;
  server: string;
  agent: string;
  target: string;
  text: string;
  status: DeliveryStatus;
  reason: string;
  created_at: number;
}

const toEntry = (r: Row): MessageLogEntry => ({
  id: r.id,
  server: r.server,
  agent: r.agent,
  target: r.target,
  text: r.text,
  status: r.status,
  reason: r.reason,
  createdAt: r.created_at,
});

const COLUMNS = 'id, server, agent, target, text, status, reason, created_at';
/** The reason a claimed row carries while it is being typed (cancel refuses it). */
export const BEING_DELIVERED = 'being delivered now';

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
      return { id, server, agent, target, text: body, status, reason, createdAt: at };
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
    cancel: (id, at = Date.now()) => {
      const when = epochMs(at, 'at');
      ctx.write(() => {
        const r = ctx.stmt(`SELECT ${COLUMNS} FROM messages WHERE id = ?`).get(id) as Row | undefined;
        if (!r) throw new StoreError('not_found', `no message #${id}`);
        if (r.status !== 'queued') throw new StoreError('limit', `message #${id} is not queued (it is ${r.status}): nothing to cancel`);
        if (r.reason === BEING_DELIVERED) throw new StoreError('limit', `message #${id} is being typed into ${r.agent} right now: too late to cancel`);
        ctx.stmt(`UPDATE messages SET status = 'cancelled', reason = 'cancelled before delivery', updated_at = ? WHERE id = ?`).run(when, id);
      });
      return get(id)!;
    },
    claim: (id, at = Date.now()) =>
      ctx.write(
        () =>
          ctx.stmt(`UPDATE messages SET reason = ?, updated_at = ? WHERE id = ? AND status = 'queued'`).run(BEING_DELIVERED, epochMs(at, 'at'), id)
            .changes === 1,
      ),
    list: (q = {}) => {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (q.target !== undefined) {
        where.push('(agent = ? OR target = ?)');
        args.push(q.target, q.target);
      }
      if (q.server !== undefined) {
        where.push('server = ?');
        args.push(q.server);
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
      return ctx.read(() => (ctx.stmt(sql).all(...args) as Row[]).map(toEntry));
    },
  };
}
