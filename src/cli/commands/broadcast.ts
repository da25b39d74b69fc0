// `tmux-orc broadcast (--team T | --all) TEXT|- [--now] [--json]`: the same message to every
// agent of a team (or all). Exit 1 when any delivery failed.
import type { CliContext } from '../context.js';
import { withEngine } from '../engine.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../errors.js';
import { textArg } from '../input.js';
import { flag, str } from '../options.js';
import type { CommandArgs } from '../spec-types.js';
import { formatTable } from '../table.js';

export async function run(ctx: CliContext, args: CommandArgs): Promise<number> {
  const team = str(args, 'team');
  const all = flag(args, 'all');
  if (all === (team !== undefined)) throw new UsageError('give --team TEAM or --all (one of them)', 'broadcast');
  const text = await textArg(args.positionals[0]!);
  const results = await withEngine(ctx, (call) => call('broadcast', { team, all, text, now: flag(args, 'now') }));
  const failed = results.filter((r) => r.result.status === 'failed' || r.result.status === 'unsubmitted');
  if (ctx.json) ctx.out(JSON.stringify(results));
  else ctx.out(formatTable(['AGENT', 'RESULT', 'REASON'], results.map((r) => [r.target, r.result.status, r.result.reason])));
  if (failed.length) {
    ctx.note(`tmux-orc: ${failed.length} of ${results.length} deliveries failed: ${failed.map((f) => f.target).join(', ')}`);
    return EXIT_FAILED;
  }
  return EXIT_OK;
}
