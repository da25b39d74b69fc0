// `tmux-orc kill TARGET`: save the agent's last screen and scrollback, then kill its pane.
import type { CliContext } from '../context.js';
import { withEngine } from '../engine.js';
import { EXIT_OK, UsageError } from '../errors.js';
import { flag } from '../options.js';
import type { CommandArgs } from '../spec-types.js';

export async function run(ctx: CliContext, args: CommandArgs): Promise<number> {
  const target = args.positionals[0]!;
  const keep = flag(args, 'keep-worktree');
  const discard = flag(args, 'discard-worktree');
  if (keep && discard) throw new UsageError('give --keep-worktree or --discard-worktree, not both', 'kill');
  const worktree = keep ? 'keep' : discard ? 'discard' : undefined;
  const r = await withEngine(ctx, (call) => call('killAgent', { target, ...(worktree ? { worktree } : {}) }));
  if (ctx.json) ctx.out(JSON.stringify(r));
  else ctx.out(`killed ${target}${r.savedScreen ? ' (last screen saved)' : ' (screen not saved)'}`);
  const kept = r.worktreeKept;
  if (kept && !ctx.json) ctx.note(`tmux-orc: worktree ${kept}`);
  return EXIT_OK;
}
