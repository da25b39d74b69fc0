// `tmux-orc kill TARGET`: save the agent's last screen and scrollback, then kill its pane.
import type { CliContext } from '../context.js';
import { withEngine } from '../engine.js';
import { EXIT_OK } from '../errors.js';
import type { CommandArgs } from '../spec-types.js';

export async function run(ctx: CliContext, args: CommandArgs): Promise<number> {
  const target = args.positionals[0]!;
  const r = await withEngine(ctx, (call) => call('killAgent', { target }));
  if (ctx.json) ctx.out(JSON.stringify(r));
  else ctx.out(`killed ${target}${r.savedScreen ? ' (last screen saved)' : ' (screen not saved)'}`);
  const kept = (r as { worktreeKept?: string }).worktreeKept;
  if (kept && !ctx.json) ctx.note(`tmux-orc: worktree ${kept}`);
  return EXIT_OK;
}
