// `tmux-orc queue [TARGET] [--json]` lists messages waiting for an agent to be idle (delivered by
// the running monitor); `tmux-orc queue cancel ID` takes one back before it is typed.
import type { MessageLogEntry } from '../../shared/domain.js';
import type { CliContext } from '../context.js';
import { withEngine } from '../engine.js';
import { EXIT_OK } from '../errors.js';
import { idArg } from '../options.js';
import type { CommandArgs } from '../spec-types.js';
import { formatTable } from '../table.js';
import { formatTime } from '../time.js';

/** One line of a message for a table: newlines shown as ⏎, at most 60 characters. */
function preview(text: string): string {
  const one = text.replace(/\n/g, ' ⏎ ');
  return one.length > 60 ? `${one.slice(0, 59)}…` : one;
}

export function formatQueue(rows: readonly MessageLogEntry[]): string {
  return formatTable(
    ['ID', 'QUEUED', 'AGENT', 'TEXT', 'WHY'],
    rows.map((m) => [String(m.id), formatTime(m.createdAt), m.agent, preview(m.text), m.reason]),
  );
}

export async function run(ctx: CliContext, args: CommandArgs): Promise<number> {
  const target = args.positionals[0];
  const rows = await withEngine(ctx, (call) => call('listQueued', target === undefined ? {} : { target }));
  if (ctx.json) ctx.out(JSON.stringify(rows));
  else if (rows.length === 0) ctx.note(target === undefined ? 'no queued messages' : `no queued messages for ${target}`);
  else ctx.out(formatQueue(rows));
  return EXIT_OK;
}

export async function cancel(ctx: CliContext, args: CommandArgs): Promise<number> {
  const id = idArg(args, 'message', 'queue cancel');
  const m = await withEngine(ctx, (call) => call('cancelQueued', { id }));
  if (ctx.json) ctx.out(JSON.stringify(m));
  else ctx.out(`cancelled #${m.id} (to ${m.agent})`);
  return EXIT_OK;
}
