// `tmux-orc status [TARGET] [--lines N] [--json]`: without TARGET, the engine (tmux server,
// monitoring, lease holder) and agents by state; with TARGET, one agent in detail with the
// last lines of its screen.
import type { AgentInfo, EngineStatus } from '../../shared/domain.js';
import type { CliContext } from '../context.js';
import { withEngine } from '../engine.js';
import { EXIT_OK } from '../errors.js';
import { intOpt } from '../options.js';
import type { CommandArgs } from '../spec-types.js';
import { formatSpan, formatTime } from '../time.js';

export function lastLines(screen: string, n: number): string[] {
  const lines = screen.split('\n').map((l) => l.trimEnd());
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.slice(-n);
}

function engineText(s: EngineStatus, agents: readonly AgentInfo[]): string {
  const byState = new Map<string, number>();
  for (const a of agents) byState.set(a.state, (byState.get(a.state) ?? 0) + 1);
  const counts = [...byState].map(([k, v]) => `${v} ${k}`).join(', ');
  return [
    ...s.hosts.map((h) => `tmux:       ${h.status} (${h.message})`),
    `monitor:    ${s.leaseHolder ?? 'none running (start one with tmux-orc monitor, tmux-orc serve or the app)'}`,
    `agents:     ${agents.length}${counts ? ` (${counts})` : ''}`,
    `version:    ${s.version}`,
  ].join('\n');
}

/** The prompt a waiting agent shows, as `tmux-orc answer` takes it. */
function promptText(a: AgentInfo): string[] {
  const p = a.prompt;
  if (!p) return [];
  return [
    `prompt:  ${p.question}${p.approving ? `  [${p.approving.kind}: ${p.approving.text}]` : ''}`,
    ...p.options.map((o) => `  ${o.number}. ${o.label}`),
    `  (answer: tmux-orc answer ${a.name} N --fingerprint ${p.fingerprint})`,
  ];
}

export function agentText(a: AgentInfo, lines: string[], now: number): string {
  return [
    `${a.name}  ${a.target}  (${a.paneId})`,
    `state:   ${a.state} for ${formatSpan(now - a.since)} (since ${formatTime(a.since)})`,
    `reason:  ${a.reason}`,
    `type:    ${a.type}, role ${a.role}${a.team ? `, team ${a.team}` : ''}${a.tagged ? '' : ' (recognised, not tagged)'}`,
    `command: ${a.command}  in ${a.cwd}`,
    ...(a.resetAt ? [`resets:  ${formatTime(a.resetAt)}`] : []),
    ...promptText(a),
    '',
    `last ${lines.length} lines:`,
    ...lines.map((l) => `  ${l}`),
  ].join('\n');
}

export async function run(ctx: CliContext, args: CommandArgs): Promise<number> {
  const target = args.positionals[0];
  const n = intOpt(args, 'lines', 200, 'status') ?? 10;
  if (target === undefined) {
    const [status, agents] = await withEngine(ctx, (call) => Promise.all([call('getStatus'), call('listAgents', {})]));
    ctx.out(ctx.json ? JSON.stringify({ ...status, agents: agents.length }) : engineText(status, agents));
    return EXIT_OK;
  }
  const { agent, screen } = await withEngine(ctx, async (call) => {
    const a = await call('getAgent', { target });
    const cap = await call('capturePane', { target: a.id });
    return { agent: a, screen: cap.text };
  });
  const lines = lastLines(screen, n);
  ctx.out(ctx.json ? JSON.stringify({ ...agent, lastLines: lines }) : agentText(agent, lines, Date.now()));
  return EXIT_OK;
}
