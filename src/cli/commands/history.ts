// `tmux-orc history TARGET [--since DURATION] [--limit N] [--json]`: one agent's state
// timeline from the database, oldest first. Works for agents that are gone too.
import type { StateTransition } from '../../shared/domain.js';
import type { CliContext } from '../context.js';
import { EXIT_OK, UsageError } from '../errors.js';
import { intOpt, sinceOpt } from '../options.js';
import type { CommandArgs } from '../spec-types.js';
import { withStoreEngine } from '../engine.js';
import { formatTable } from '../table.js';
import { formatTime } from '../time.js';

export function formatTimeline(rows: readonly StateTransition[]): string {
  return formatTable(
    ['TIME', 'AGENT', 'FROM', 'TO', 'REASON'],
    rows.map((t) => [formatTime(t.at), t.agent, t.from, t.to, t.reason]),
  );
}

export async function run(ctx: CliContext, args: CommandArgs): Promise<number> {
  const target = args.positionals[0]!.trim();
  if (target === '') throw new UsageError('target is empty', 'history');
  const q = { target, since: sinceOpt(args, 'history'), limit: intOpt(args, 'limit', 10_000, 'history') };
  const rows = await withStoreEngine(ctx, (call) => call('getTimeline', q));
  if (ctx.json) {
    ctx.out(JSON.stringify(rows));
    return EXIT_OK;
  }
  if (rows.length === 0) {
    ctx.note(`no history for "${target}" (give an agent name, target or pane id as shown by \`tmux-orc list\`)`);
    return EXIT_OK;
  }
  ctx.out(formatTimeline(rows));
  return EXIT_OK;
}
