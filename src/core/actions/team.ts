// deployTeam: a PM, N engineers and optionally QA from a template kept in the store. Each
// briefing names the team, every member and how to reach them. All names are checked before
// anything starts; when a member fails to start, the members already started are killed.
import { ApiError, MAX_NAME_CHARS, type ApiParsedInput } from '../../shared/api.js';
import type { SpawnResult, TeamTemplate } from '../../shared/domain.js';
import type { AgentRole, AgentType, SpawnType } from '../../shared/vocabulary.js';
import type { ActionContext } from './context.js';
import { listAgentsNow } from './directory.js';
import type { QueueState } from './messaging.js';
import { killAgent } from './lifecycle.js';
import { finishSpawn, startAgent, type Started } from './spawn.js';

export interface TeamMember {
  name: string;
  role: AgentRole;
  type: AgentType;
}

export function teamMembers(team: string, t: TeamTemplate): TeamMember[] {
  const members: TeamMember[] = [{ name: `${team}-pm`, role: 'pm', type: t.pmType }];
  for (let i = 1; i <= t.engineers; i++) members.push({ name: `${team}-eng-${i}`, role: 'engineer', type: t.engineerType });
  if (t.qa) members.push({ name: `${team}-qa`, role: 'qa', type: t.engineerType });
  return members;
}

const ROLE_TEXT: Record<AgentRole, string> = {
  orchestrator: 'the orchestrator',
  pm: 'the project manager',
  engineer: 'an engineer',
  qa: 'the QA engineer',
  custom: 'a member',
};

export function teamBriefing(team: string, me: TeamMember, members: readonly TeamMember[], t: TeamTemplate): string {
  const pm = members.find((m) => m.role === 'pm')!;
  const roster = members.map((m) => `- ${m.name}: ${ROLE_TEXT[m.role]}${m.name === me.name ? ' (you)' : ''}`);
  const lines = [
    `You are ${me.name}, ${ROLE_TEXT[me.role]} of team "${team}".`,
    ...(t.description ? [`Team goal: ${t.description}`] : []),
    'Members:',
    ...roster,
    `Reach a member with: tmux-orc send NAME "your message" (for example: tmux-orc send ${pm.name} "status: ...").`,
    me.role === 'pm'
      ? `Split the work among the engineers${members.some((m) => m.role === 'qa') ? ' and have QA verify it' : ''}; they report to you.`
      : `Report progress and questions to ${pm.name}.`,
    // A PM or orchestrator started with the tmux-orc MCP server (README) has these as tools.
    ...(me.role === 'pm' || me.role === 'orchestrator'
      ? ['If you have the tmux-orc MCP tools, use them to watch and direct the team: list_agents, get_agent (the question a member waits on), send_message, answer_prompt, schedule_checkin (remind yourself to check on them).']
      : []),
    ...(t.briefing ? ['', t.briefing] : []),
  ];
  return lines.join('\n');
}

function spawnType(type: AgentType, name: string): SpawnType {
  if (type === 'generic') throw new ApiError('bad_input', `team template: ${name} would be a generic agent, which needs a command; use claude, codex, gemini or aider`);
  return type;
}

export async function deployTeam(
  ctx: ActionContext,
  queue: QueueState,
  p: ApiParsedInput<'deployTeam'>,
): Promise<SpawnResult[]> {
  const template = ctx.store.templates.get(p.template);
  if (!template) throw new ApiError('not_found', `no team template "${p.template}"`);
  const team = p.team ?? template.name;
  const members = teamMembers(team, template);
  members.forEach((m) => spawnType(m.type, m.name));
  const tooLong = members.find((m) => m.name.length > MAX_NAME_CHARS);
  if (tooLong) throw new ApiError('bad_input', `team: "${team}" is too long: its member ${tooLong.name} would have more than ${MAX_NAME_CHARS} characters`);
  const existing = new Set((await listAgentsNow(ctx.conn, ctx.host)).map((a) => a.name));
  const clash = members.filter((m) => existing.has(m.name)).map((m) => m.name);
  if (clash.length) throw new ApiError('conflict', `team "${team}": agents already exist: ${clash.join(', ')}`);
  const cwd = p.cwd ?? template.cwd ?? undefined;
  // Started one after another (milliseconds each; the first creates the session, so no race
  // to create it), then all waited on together.
  const started: Started[] = [];
  try {
    for (const m of members) {
      const briefing = teamBriefing(team, m, members, template);
      started.push(await startAgent(ctx, { name: m.name, type: spawnType(m.type, m.name), role: m.role, team, cwd, session: team, briefing }));
    }
  } catch (err) {
    for (const s of started.reverse()) await s.rollback();
    throw teamError(team, err);
  }
  const results = await Promise.allSettled(started.map((s) => finishSpawn(ctx, queue, s)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (!failed) return results.map((r) => (r as PromiseFulfilledResult<SpawnResult>).value);
  for (const r of results) if (r.status === 'fulfilled') await killAgent(ctx, { target: r.value.agent.id }, r.value.agent).catch(() => undefined);
  throw teamError(team, failed.reason);
}

function teamError(team: string, reason: unknown): ApiError {
  const err = reason as Error;
  return err instanceof ApiError ? new ApiError(err.code, `team "${team}" not deployed: ${err.message}`) : new ApiError('failed', `team "${team}" not deployed: ${err.message}`);
}
