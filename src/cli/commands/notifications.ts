// `tmux-orc notifications [--unread] [--since DURATION] [--limit N] [--json]`: newest first.
import type { NotificationRecord } from '../../shared/domain.js';
import type { CliContext } from '../context.js';
import { EXIT_OK } from '../errors.js';
import { flag, intOpt, sinceOpt } from '../options.js';
import type { CommandArgs } from '../spec-types.js';
import { withStore } from '../store.js';
import { formatTable } from '../table.js';
import { formatTime } from '../time.js';

export function formatNotifications(rows: readonly NotificationRecord[]): string {
  return formatTable(
    ['ID', 'TIME', 'KIND', 'AGENT', 'TEXT'],
    rows.map((n) => [
      `${n.id}${n.readAt === null ? '*' : ''}`,
      formatTime(n.createdAt),
      n.kind,
      n.agent ?? (n.team ? `team ${n.team}` : '-'),
      n.text,
    ]),
  );
}

export async function run(ctx: CliContext, args: CommandArgs): Promise<number> {
  const query = {
    unread: flag(args, 'unread'),
    since: sinceOpt(args, 'notifications'),
    limit: intOpt(args, 'limit', 10_000, 'notifications'),
  };
  const rows = await withStore(ctx, (store) => store.notifications.list(query));
  if (ctx.json) ctx.out(JSON.stringify(rows));
  else if (rows.length === 0) ctx.note(query.unread ? 'no unread notifications' : 'no notifications');
  else ctx.out(`${formatNotifications(rows)}\n(* = unread)`);
  return EXIT_OK;
}
