// `tmux-orc spawn --name N --type T [--cmd C] [--role R] [--team T] [--cwd DIR]
//   [--briefing TEXT|@FILE] [--worktree BRANCH] [--session S] [--json]`: create the window, start
// the agent, wait until it is ready (progress on stderr), send the briefing.
import type { ApiInput } from '../../shared/api.js';
import type { SpawnResult } from '../../shared/domain.js';
import type { CliContext } from '../context.js';
import { withEngine } from '../engine.js';
import { CliFailure, EXIT_OK, UsageError } from '../errors.js';
import { textOrFile } from '../input.js';
import { str } from '../options.js';
import type { CommandArgs } from '../spec-types.js';
import { withProgress } from './progress.js';

export function spawnSummary(r: SpawnResult): string {
  const a = r.agent;
  const brief = r.briefing ? `; briefing ${r.briefing.status}` : '';
  return `${a.name} at ${a.target} (${a.paneId}): ${a.state}, ${a.reason}${brief}`;
}

/** The briefing was sent but not taken (neither delivered nor queued). */
export function briefingFailed(r: SpawnResult): boolean {
  return r.briefing !== null && r.briefing.status !== 'delivered' && r.briefing.status !== 'queued';
}

export async function run(ctx: CliContext, args: CommandArgs): Promise<number> {
  const name = str(args, 'name');
  const type = str(args, 'type');
  if (!name || !type) throw new UsageError('spawn needs --name NAME and --type TYPE', 'spawn');
  const briefingArg = str(args, 'briefing');
  // Validated by the contract's schema in dispatch (one clear line for a bad type or role).
  const input = {
    name,
    type,
    command: str(args, 'cmd'),
    role: str(args, 'role'),
    team: str(args, 'team'),
    cwd: str(args, 'cwd'),
    briefing: briefingArg === undefined ? undefined : await textOrFile(briefingArg, 'briefing'),
    worktree: str(args, 'worktree'),
    session: str(args, 'session'),
    host: str(args, 'host'),
  } as ApiInput<'spawnAgent'>;
  const result = await withEngine(ctx, (call) => withProgress(ctx, `spawning ${name} (${type}); waiting until it is ready…`, call('spawnAgent', input)));
  if (ctx.json) ctx.out(JSON.stringify(result));
  else ctx.out(spawnSummary(result));
  const b = result.briefing;
  if (b && briefingFailed(result)) {
    throw new CliFailure(`${name} started, but its briefing ${b.status === 'unsubmitted' ? 'was left unsubmitted' : 'failed'}: ${b.reason}`);
  }
  return EXIT_OK;
}
