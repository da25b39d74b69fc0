// `tmux-orc commit TARGET -m MESSAGE` and `tmux-orc merge TARGET`: a worktree agent's work,
// committed in its worktree, and merged back into the branch the worktree was made from
// (refused, with the reason, on conflicts: nothing is merged then).
import type { CliContext } from '../context.js';
import { withEngine } from '../engine.js';
import { EXIT_OK, UsageError } from '../errors.js';
import { str } from '../options.js';
import type { CommandArgs } from '../spec-types.js';

export async function commit(ctx: CliContext, args: CommandArgs): Promise<number> {
  const target = args.positionals[0]!;
  const message = str(args, 'message');
  if (!message?.trim()) throw new UsageError('give the commit message with -m MESSAGE', 'commit');
  const r = await withEngine(ctx, (call) => call('commitWorktree', { target, message }));
  ctx.out(
    ctx.json
      ? JSON.stringify(r)
      : `committed ${r.files} file${r.files === 1 ? '' : 's'} as ${r.commit.slice(0, 12)}`,
  );
  return EXIT_OK;
}

export async function merge(ctx: CliContext, args: CommandArgs): Promise<number> {
  const target = args.positionals[0]!;
  const r = await withEngine(ctx, (call) => call('mergeWorktree', { target }));
  ctx.out(
    ctx.json
      ? JSON.stringify(r)
      : `merged ${r.commits} commit${r.commits === 1 ? '' : 's'} into ${r.baseBranch} (${r.commit.slice(0, 12)})`,
  );
  return EXIT_OK;
}
