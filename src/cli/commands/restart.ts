// `tmux-orc restart TARGET`: respawn the agent in its pane (same command, directory and
// environment) and wait until it is ready.
import type { CliContext } from '../context.js';
import { withEngine } from '../engine.js';
import { EXIT_OK } from '../errors.js';
import { flag } from '../options.js';
import type { CommandArgs } from '../spec-types.js';
import { progress } from './progress.js';

export async function run(ctx: CliContext, args: CommandArgs): Promise<number> {
  const target = args.positionals[0]!;
  const p = progress(ctx, `restarting ${target}; waiting until it is ready…`);
  let a;
  try {
    a = await withEngine(ctx, (call) => call('restartAgent', { target, resume: flag(args, 'resume') }));
  } finally {
    p.done();
  }
  if (ctx.json) ctx.out(JSON.stringify(a));
  else ctx.out(`${a.name} at ${a.target}: ${a.state}, ${a.reason}`);
  return EXIT_OK;
}
