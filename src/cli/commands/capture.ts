// `tmux-orc capture TARGET [--lines N] [--ansi]`: print an agent's screen with N lines of its
// history above it (the same capture the app's preview loads), colours kept with --ansi.
import type { CliContext } from '../context.js';
import { withEngine } from '../engine.js';
import { EXIT_OK } from '../errors.js';
import { flag, intOpt } from '../options.js';
import type { CommandArgs } from '../spec-types.js';

/** The contract's bound on scrollback per capture. */
export const MAX_CAPTURE_LINES = 10_000;

export async function run(ctx: CliContext, args: CommandArgs): Promise<number> {
  const target = args.positionals[0]!;
  const scrollback = intOpt(args, 'lines', MAX_CAPTURE_LINES, 'capture') ?? 0;
  const cap = await withEngine(ctx, (call) => call('capturePane', { target, ansi: flag(args, 'ansi'), scrollback }));
  if (ctx.json) ctx.out(JSON.stringify(cap));
  else ctx.out(cap.text.replace(/\n+$/, ''));
  return EXIT_OK;
}
