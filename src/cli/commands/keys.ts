// `tmux-orc keys TARGET KEY...`: press keys in an agent's pane (answering prompts): Enter,
// Escape, Up, Down, Tab, C-c, y, n, 1, 2…
import type { CliContext } from '../context.js';
import { withEngine } from '../engine.js';
import { EXIT_OK } from '../errors.js';
import { flag } from '../options.js';
import type { CommandArgs } from '../spec-types.js';

export async function run(ctx: CliContext, args: CommandArgs): Promise<number> {
  const [target, ...keys] = args.positionals as [string, ...string[]];
  await withEngine(ctx, (call) => call('sendKeys', { target, keys, anyPane: flag(args, 'any-pane') }));
  return EXIT_OK;
}
