// `tmux-orc answer TARGET CHOICE [--expect TEXT] [--fingerprint F]`: answer the prompt an agent
// waits on through the engine's answerPrompt, which reads the screen again under the pane's
// lock and types nothing (exit 1, one line saying why) unless it is still the prompt meant.
import type { CliContext } from '../context.js';
import { withEngine } from '../engine.js';
import { EXIT_OK } from '../errors.js';
import { flag, str } from '../options.js';
import type { CommandArgs } from '../spec-types.js';

export async function run(ctx: CliContext, args: CommandArgs): Promise<number> {
  const [target, choice] = args.positionals as [string, string];
  const expect = str(args, 'expect');
  const fingerprint = str(args, 'fingerprint');
  const r = await withEngine(ctx, (call) => call('answerPrompt', { target, choice, anyPane: flag(args, 'any-pane'), ...(expect ? { expect } : {}), ...(fingerprint ? { fingerprint } : {}) }));
  if (ctx.json) ctx.out(JSON.stringify(r));
  else ctx.out(`answered ${r.option ? `${r.option.number} "${r.option.label}"` : 'esc'} to "${r.prompt.question}"${r.prompt.approving ? ` (${r.prompt.approving.kind} ${r.prompt.approving.text})` : ''}: pressed ${r.keys.join(' ')}`);
  return EXIT_OK;
}
