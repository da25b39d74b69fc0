// `tmux-orc list [--json] [--state S] [--team T] [--names]`: every agent and its state, from
// one snapshot (one pane listing, pipelined captures, classify).
import type { ApiInput } from '../../shared/api.js';
import type { AgentInfo } from '../../shared/domain.js';
import type { CliContext } from '../context.js';
import { withEngine } from '../engine.js';
import { EXIT_OK } from '../errors.js';
import { flag, str } from '../options.js';
import type { CommandArgs } from '../spec-types.js';
import { formatTable } from '../table.js';
import { formatSpan } from '../time.js';
import { qualifiedTarget } from '../../shared/hosts.js';

export function formatAgents(agents: readonly AgentInfo[], now = Date.now()): string {
  return formatTable(
    ['NAME', 'TARGET', 'TYPE', 'ROLE', 'TEAM', 'STATE', 'FOR', 'REASON'],
    // Agents on other hosts read `host/target`, as targets for them are typed.
    agents.map((a) => [a.name, qualifiedTarget(a), a.type, a.role, a.team ?? '-', a.state, formatSpan(now - a.since), a.reason]),
  );
}

export async function run(ctx: CliContext, args: CommandArgs): Promise<number> {
  // Validated by the contract's schema in dispatch.
  const query = { state: str(args, 'state'), team: str(args, 'team') } as ApiInput<'listAgents'>;
  const agents = await withEngine(ctx, (call) => call('listAgents', query));
  if (flag(args, 'names')) {
    if (agents.length) ctx.out(agents.map((a) => a.name).join('\n'));
  } else if (ctx.json) {
    ctx.out(JSON.stringify(agents));
  } else if (agents.length === 0) {
    ctx.note('no agents (spawn one with tmux-orc spawn, or tag a pane with @orc-type)');
  } else {
    ctx.out(formatAgents(agents));
  }
  return EXIT_OK;
}
