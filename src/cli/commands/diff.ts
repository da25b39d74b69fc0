// `tmux-orc diff TARGET [--stat] [--json]`: what an agent changed in its git repository, as
// git's unified diff (or a --stat table of files and +/− counts), against where it started or,
// for a worktree agent, against its base branch. The app's Changes tab shows the same.
import type { AgentChanges } from '../../shared/domain.js';
import type { CliContext } from '../context.js';
import { withEngine } from '../engine.js';
import { CliFailure, EXIT_OK } from '../errors.js';
import { flag } from '../options.js';
import type { CommandArgs } from '../spec-types.js';
import { formatTable } from '../table.js';

function statText(c: AgentChanges): string {
  const rows = c.files.map((f) => [
    f.binary ? 'bin' : `+${f.added}`,
    f.binary ? '' : `-${f.removed}`,
    f.path,
  ]);
  const added = c.files.reduce((n, f) => n + f.added, 0);
  const removed = c.files.reduce((n, f) => n + f.removed, 0);
  return [
    formatTable(['ADDED', 'REMOVED', 'FILE'], rows),
    `${c.files.length} file${c.files.length === 1 ? '' : 's'} changed, +${added} −${removed} against ${c.baseLabel}${c.truncated ? ' (list cut)' : ''}`,
  ].join('\n');
}

export async function run(ctx: CliContext, args: CommandArgs): Promise<number> {
  const target = args.positionals[0]!;
  const stat = flag(args, 'stat');
  const c = await withEngine(ctx, (call) => call('getChanges', { target, stat }));
  if (ctx.json) {
    ctx.out(JSON.stringify(c));
    return EXIT_OK;
  }
  if (c.repo === null)
    throw new CliFailure(
      `tmux-orc: ${target} works in ${c.dir}, which is not in a git repository with commits`,
    );
  if (c.files.length === 0) {
    ctx.note(`tmux-orc: no changes against ${c.baseLabel}`);
    return EXIT_OK;
  }
  if (stat) ctx.out(statText(c));
  else {
    ctx.out(c.diff.replace(/\n$/, ''));
    if (c.truncated)
      ctx.note(
        "tmux-orc: the diff was cut at 2 MB; run git diff in the agent's directory for all of it",
      );
  }
  return EXIT_OK;
}
