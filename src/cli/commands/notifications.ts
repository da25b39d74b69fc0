// `tmux-orc notifications [--open] [--unread] [--since DURATION] [--limit N] [--json]`: newest first.
import type { NotificationRecord } from '../../shared/domain.js';
import type { CliContext } from '../context.js';
import { isOpenKind, NOTIFICATION_KINDS, type NotificationKind } from '../../shared/vocabulary.js';
import { EXIT_OK, UsageError } from '../errors.js';
import { flag, intOpt, sinceOpt, str } from '../options.js';
import type { CommandArgs } from '../spec-types.js';
import { withStoreEngine } from '../engine.js';
import { formatTable } from '../table.js';
import { formatSpan, formatTime } from '../time.js';

/** A problem's status: `open 5m` while it lasts, `ended after 2m` once resolved; `-` for news. */
export function problemStatus(n: NotificationRecord, now = Date.now()): string {
  if (!isOpenKind(n.kind)) return '-';
  return n.resolvedAt === null ? `open ${formatSpan(now - n.createdAt)}` : `ended after ${formatSpan(n.resolvedAt - n.createdAt)}`;
}

export function formatNotifications(rows: readonly NotificationRecord[], now = Date.now()): string {
  return formatTable(
    ['ID', 'TIME', 'KIND', 'STATUS', 'AGENT', 'TEXT'],
    rows.map((n) => [
      `${n.id}${n.readAt === null ? '*' : ''}`,
      formatTime(n.createdAt),
      n.kind,
      problemStatus(n, now),
      n.agent ?? (n.team ? `team ${n.team}` : '-'),
      n.text,
    ]),
  );
}

export async function run(ctx: CliContext, args: CommandArgs): Promise<number> {
  const kind = str(args, 'kind');
  if (kind !== undefined && !(NOTIFICATION_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(`unknown kind "${kind}"; use one of ${NOTIFICATION_KINDS.join(', ')}`, 'notifications');
  }
  const query = {
    unread: flag(args, 'unread'),
    open: flag(args, 'open'),
    since: sinceOpt(args, 'notifications'),
    kind: kind as NotificationKind | undefined,
    agent: str(args, 'agent'),
    limit: intOpt(args, 'limit', 10_000, 'notifications'),
  };
  const markRead = flag(args, 'mark-read');
  // Marking read writes: only then is the database opened for writing.
  const rows = await withStoreEngine(ctx, async (call) => {
    const found = await call('listNotifications', query);
    const unread = found.filter((n) => n.readAt === null).map((n) => n.id);
    if (markRead && unread.length) await call('markRead', { ids: unread });
    return found;
  }, { write: markRead });
  if (ctx.json) ctx.out(JSON.stringify(rows));
  else if (rows.length === 0) ctx.note(query.open ? 'no open problems' : query.unread ? 'no unread notifications' : 'no notifications');
  else ctx.out(`${formatNotifications(rows)}\n(* = unread${markRead ? ', now marked read' : ''})`);
  return EXIT_OK;
}
