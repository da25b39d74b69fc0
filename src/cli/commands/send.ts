// `tmux-orc send TARGET TEXT|- [--now] [--queue] [--timeout D] [--json]`: a verified message.
// Exit 0 when delivered (or queued for a busy agent), 1 when it stayed unsubmitted or failed.
// With no monitor running a busy agent is waited for here (up to --timeout), unless --queue.
import type { MessageResult } from '../../shared/domain.js';
import type { CliContext } from '../context.js';
import { withEngine } from '../engine.js';
import { CliFailure, EXIT_OK, UsageError } from '../errors.js';

/** How long send waits in the foreground for a busy agent when no monitor runs. */
const DEFAULT_WAIT_MS = 10 * 60_000;
import { textArg } from '../input.js';
import { flag, str } from '../options.js';
import { parseDuration } from '../time.js';
import type { CommandArgs } from '../spec-types.js';

/** Report one result: stdout for success, one stderr line (exit 1) otherwise. */
export function report(ctx: CliContext, target: string, r: MessageResult): number {
  const ok = r.status === 'delivered' || r.status === 'queued';
  if (ctx.json) ctx.out(JSON.stringify(r));
  else if (ok) ctx.out(`${r.status}: ${r.reason}`);
  if (ok) return EXIT_OK;
  throw new CliFailure(`message to ${target} ${r.status === 'unsubmitted' ? 'left unsubmitted' : 'failed'}: ${r.reason}`);
}

export async function run(ctx: CliContext, args: CommandArgs): Promise<number> {
  const [target, raw] = args.positionals as [string, string];
  const text = await textArg(raw);
  const timeout = str(args, 'timeout');
  if (timeout !== undefined && flag(args, 'queue')) throw new UsageError('send: --queue and --timeout do not go together (--queue never waits)');
  const waitMs = flag(args, 'queue') ? undefined : timeout === undefined ? DEFAULT_WAIT_MS : parseDuration(timeout, '--timeout');
  const result = await withEngine(ctx, (call) => call('sendMessage', { target, text, now: flag(args, 'now'), waitMs, anyPane: flag(args, 'any-pane'), replace: flag(args, 'replace') }));
  return report(ctx, target, result);
}
