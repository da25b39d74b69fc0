// `tmux-orc restore [--dry-run] [NAME…]`: start the lost fleet again (agents tmux-orc started
// that are gone without being killed), resuming each conversation where its CLI can.
import type { CliContext } from '../context.js';
import { withEngine } from '../engine.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../errors.js';
import { flag, str } from '../options.js';
import type { CommandArgs } from '../spec-types.js';
import { formatTable } from '../table.js';
import { progress } from './progress.js';
import { qualifiedTarget } from '../../shared/hosts.js';

export async function run(ctx: CliContext, args: CommandArgs): Promise<number> {
  const names = args.positionals.length ? [...args.positionals] : undefined;
  const dryRun = flag(args, 'dry-run');
  const rebrief = flag(args, 'rebrief');
  const forget = flag(args, 'forget');
  const host = str(args, 'host');
  if (forget && (rebrief || dryRun)) throw new UsageError('--forget goes with neither --rebrief nor --dry-run', 'restore');
  const p = dryRun || forget ? null : progress(ctx, 'restoring the lost fleet; waiting until each agent is ready…');
  let out;
  try {
    out = await withEngine(ctx, (call) => call('restoreFleet', { names, dryRun, rebrief, forget, ...(host ? { host } : {}) }));
  } finally {
    p?.done();
  }
  if (ctx.json) ctx.out(JSON.stringify(out));
  else if (!out.length) ctx.out('no lost agents: every agent in the fleet manifest is running');
  else {
    const where = (o: (typeof out)[number]) => qualifiedTarget({ host: o.host, target: o.name });
    ctx.out(
      formatTable(
        ['NAME', 'TYPE', 'TEAM', 'DIRECTORY', 'STATUS', dryRun ? 'COMMAND' : 'RESUME'],
        out.map((o) => [where(o), o.type, o.team ?? '-', o.cwd, o.status === 'failed' ? `failed: ${o.reason}` : o.status, dryRun ? o.command : o.resume]),
      ),
    );
  }
  return out.some((o) => o.status === 'failed') ? EXIT_FAILED : EXIT_OK;
}
