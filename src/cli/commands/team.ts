// `tmux-orc team deploy TEMPLATE [--team NAME] [--cwd DIR]`, `tmux-orc team templates`,
// `tmux-orc team save NAME [--engineers N] [--qa] …`: teams from templates kept in the store.
import { TeamTemplateSchema, type ApiInput } from '../../shared/api.js';
import type { TeamTemplate } from '../../shared/domain.js';
import type { CliContext } from '../context.js';
import { withEngine } from '../engine.js';
import { CliFailure, EXIT_OK } from '../errors.js';
import { textOrFile } from '../input.js';
import { contractBounds, flag, intOpt, str } from '../options.js';
import type { CommandArgs } from '../spec-types.js';
import { formatTable } from '../table.js';
import { withProgress } from './progress.js';
import { briefingFailed, spawnSummary } from './spawn.js';

export function formatTemplates(ts: readonly TeamTemplate[]): string {
  return formatTable(
    ['NAME', 'PM', 'ENGINEERS', 'QA', 'CWD', 'DESCRIPTION'],
    ts.map((t) => [t.name, t.pmType, `${t.engineers} × ${t.engineerType}`, t.qa ? 'yes' : 'no', t.cwd ?? '-', t.description]),
  );
}

export async function deploy(ctx: CliContext, args: CommandArgs): Promise<number> {
  const template = args.positionals[0]!;
  const input = { template, team: str(args, 'team'), cwd: str(args, 'cwd'), host: str(args, 'host') };
  const line = `deploying team ${input.team ?? template} from template ${template}; waiting until every member is ready…`;
  const results = await withEngine(ctx, (call) => withProgress(ctx, line, call('deployTeam', input)));
  if (ctx.json) ctx.out(JSON.stringify(results));
  else ctx.out(results.map(spawnSummary).join('\n'));
  const bad = results.filter(briefingFailed);
  if (bad.length) throw new CliFailure(`team started, but briefings failed for ${bad.map((r) => r.agent.name).join(', ')}`);
  return EXIT_OK;
}

export async function templates(ctx: CliContext): Promise<number> {
  const list = await withEngine(ctx, (call) => call('listTeamTemplates'));
  if (ctx.json) ctx.out(JSON.stringify(list));
  else if (list.length === 0) ctx.note('no team templates; save one with tmux-orc team save NAME --engineers 2');
  else ctx.out(formatTemplates(list));
  return EXIT_OK;
}

export async function save(ctx: CliContext, args: CommandArgs): Promise<number> {
  const briefing = str(args, 'briefing');
  const input = {
    name: args.positionals[0]!,
    description: str(args, 'description'),
    pmType: str(args, 'pm-type'),
    engineerType: str(args, 'engineer-type'),
    engineers: intOpt(args, 'engineers', contractBounds(TeamTemplateSchema.shape.engineers), 'team save'),
    qa: flag(args, 'qa'),
    briefing: briefing === undefined ? undefined : await textOrFile(briefing, 'briefing'),
    cwd: str(args, 'cwd'),
  } as ApiInput<'saveTeamTemplate'>;
  const t = await withEngine(ctx, (call) => call('saveTeamTemplate', input));
  if (ctx.json) ctx.out(JSON.stringify(t));
  else ctx.out(formatTemplates([t]));
  return EXIT_OK;
}
