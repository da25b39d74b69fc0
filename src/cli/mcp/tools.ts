// The MCP tools `tmux-orc mcp` offers: each is a contract method (or two) called through the
// same dispatch as the CLI and the web, its JSON schema derived from the contract's zod
// schema, its result a compact text plus the method's output as structured content. No tool
// implements an action itself.
import { z } from 'zod';
import { ApiError, apiMethods, type ApiInput, type ApiMethodName } from '../../shared/api.js';
import type { AgentInfo, MessageResult, ScheduleRecord, SpawnResult } from '../../shared/domain.js';
import type { Call } from '../engine.js';
import { formatAgents } from '../commands/list.js';
import { formatNotifications } from '../commands/notifications.js';
import { formatTimeline } from '../commands/history.js';
import { formatSchedules } from '../commands/schedule.js';
import { formatQueue } from '../commands/queue.js';
import { agentText, lastLines } from '../commands/status.js';
import { briefingFailed, spawnSummary } from '../commands/spawn.js';
import { formatTemplates } from '../commands/team.js';
import { formatSpan, formatTime } from '../time.js';

/** What a tool returns before it is put in the MCP result shape. */
export interface ToolOutput {
  text: string;
  /** The contract's output (arrays wrapped: structured content is an object). */
  structured: Record<string, unknown>;
  /** The action ran but did not do what was asked (a message left unsubmitted). */
  failed?: boolean;
}

export interface ToolAnnotations {
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

export interface ToolDef {
  name: string;
  title: string;
  description: string;
  /** The zod schema its JSON schema is derived from (the contract method's input, at most extended). */
  input: z.ZodType;
  /** Descriptions of input fields, added to the derived JSON schema. */
  fields?: Readonly<Record<string, string>>;
  annotations: ToolAnnotations;
  /** Arguments as received: the contract's dispatch validates them. */
  run(call: Call, args: Record<string, unknown>): Promise<ToolOutput>;
}

const TARGET_HELP = 'the agent: its name, session:window, session:window.pane, %pane-id or id (host/%id)';
const readOnly: ToolAnnotations = { readOnlyHint: true, openWorldHint: false };
const acting: ToolAnnotations = { readOnlyHint: false, destructiveHint: false, openWorldHint: false };

/** Lines of the screen get_agent shows unless asked (the CLI's `status TARGET` shows 10). */
const DEFAULT_LAST_LINES = 20;
const LastLines = z.number().int().min(1).max(500).default(DEFAULT_LAST_LINES);

/** Call one contract method with the arguments as given: dispatch validates them. */
function callAs<M extends ApiMethodName>(call: Call, method: M, args: Record<string, unknown>) {
  return call(method, args as ApiInput<M>);
}

function messageOutput(target: string, r: MessageResult): ToolOutput {
  const ok = r.status === 'delivered' || r.status === 'queued';
  const text = ok ? `${r.status}: ${r.reason}` : `message to ${target} ${r.status === 'unsubmitted' ? 'left unsubmitted' : 'failed'}: ${r.reason}`;
  return { text, structured: { ...r }, failed: !ok };
}

function spawnOutput(results: readonly SpawnResult[]): ToolOutput {
  const bad = results.filter(briefingFailed);
  const note = bad.length ? `\nbriefing not taken by ${bad.map((r) => r.agent.name).join(', ')}` : '';
  return { text: results.map(spawnSummary).join('\n') + note, structured: {}, failed: bad.length > 0 };
}

function agentLine(a: AgentInfo): string {
  return `${a.name} at ${a.target} (${a.paneId}): ${a.state}, ${a.reason}`;
}

function scheduledLine(s: ScheduleRecord): string {
  return `scheduled #${s.id}: ${s.target} at ${formatTime(s.nextAt)}${s.everyMs ? `, then every ${formatSpan(s.everyMs)}` : ''}`;
}

export const TOOLS: readonly ToolDef[] = [
  {
    name: 'list_agents',
    title: 'List agents',
    description: 'Every agent on the tmux server with its state (idle, busy, waiting, unsubmitted, error, limited, stopped…), why, and for how long. Filter by team or state.',
    input: apiMethods.listAgents.input,
    fields: { state: 'only agents in this state', team: 'only this team', host: "only this host ('local' or an ssh host from settings)" },
    annotations: readOnly,
    async run(call, args) {
      const agents = await callAs(call, 'listAgents', args);
      return { text: agents.length ? formatAgents(agents) : 'no agents', structured: { agents } };
    },
  },
  {
    name: 'get_agent',
    title: 'Get an agent',
    description: 'One agent in detail: state, reason (for a waiting agent, the question it waits on), type, role, team, command, directory, and the last lines of its screen.',
    input: apiMethods.getAgent.input.extend({ lines: LastLines }),
    fields: { target: TARGET_HELP, lines: `how many of the screen's last lines to include (default ${DEFAULT_LAST_LINES})` },
    annotations: readOnly,
    async run(call, { lines: rawLines, ...args }) {
      const parsed = LastLines.safeParse(rawLines);
      if (!parsed.success) throw new ApiError('bad_input', `get_agent: lines: ${parsed.error.issues[0]!.message}`);
      const lines = parsed.data;
      const agent = await callAs(call, 'getAgent', args);
      const screen = await call('capturePane', { target: agent.id });
      const last = lastLines(screen.text, lines);
      return { text: agentText(agent, last, Date.now()), structured: { ...agent, lastLines: last } };
    },
  },
  {
    name: 'read_screen',
    title: "Read an agent's screen",
    description: "The text on an agent's screen, optionally with lines of scrollback above it.",
    input: apiMethods.capturePane.input,
    fields: { target: TARGET_HELP, scrollback: 'lines of history above the visible screen (default 0)', ansi: 'keep colour escapes (default false)' },
    annotations: readOnly,
    async run(call, args) {
      const cap = await callAs(call, 'capturePane', args);
      return { text: cap.text, structured: { ...cap } };
    },
  },
  {
    name: 'send_message',
    title: 'Send a message',
    description: 'Type a message into an agent and verify it was submitted. A busy agent\'s message is queued until it is idle (delivered by the running monitor) unless now is true.',
    input: apiMethods.sendMessage.input,
    fields: { target: TARGET_HELP, text: 'the message (up to 100 KB)', now: 'send even when the agent is busy (default: queue until idle)' },
    annotations: acting,
    async run(call, args) {
      return messageOutput(String(args.target), await callAs(call, 'sendMessage', args));
    },
  },
  {
    name: 'answer_prompt',
    title: 'Answer a prompt',
    description:
      "Answer the question a waiting agent shows (get_agent gives its prompt: question, numbered options, what it approves, fingerprint). Pass the fingerprint you saw: the screen is read again first and nothing is typed when the prompt changed, expect is not in it, the choice is not an option, or it appeared less than 500 ms ago.",
    input: apiMethods.answerPrompt.input,
    fields: {
      target: TARGET_HELP,
      choice: 'an option number (1, 2, …), y (its yes option), n (its no option) or esc',
      fingerprint: "the prompt's fingerprint from get_agent (prompt.fingerprint)",
      expect: 'text the prompt must hold (its question, an option or the command approved)',
    },
    annotations: acting,
    async run(call, args) {
      const r = await callAs(call, 'answerPrompt', args);
      const agent = await call('getAgent', { target: r.agentId });
      const chose = r.option ? `${r.option.number} "${r.option.label}"` : 'esc';
      return { text: `answered ${chose} to "${r.prompt.question}" (pressed ${r.keys.join(' ')}); now ${agentLine(agent)}`, structured: { ...r, agent } };
    },
  },
  {
    name: 'spawn_agent',
    title: 'Spawn an agent',
    description: 'Start an agent (claude, codex, gemini, aider or a custom command) in a new tmux window, wait until it is ready, and send it its briefing.',
    input: apiMethods.spawnAgent.input,
    fields: {
      name: 'agent name (letters, digits, - _ .)',
      type: 'the agent CLI',
      command: 'the command to run (custom agents)',
      role: 'orchestrator, pm, engineer (default), qa or custom',
      team: 'team name (also the tmux session by default)',
      cwd: 'working directory (absolute)',
      briefing: 'first message, sent once it is ready',
      worktree: 'run in a new git worktree on this new branch',
    },
    annotations: acting,
    async run(call, args) {
      const r = await callAs(call, 'spawnAgent', args);
      return { ...spawnOutput([r]), structured: { ...r } };
    },
  },
  {
    name: 'list_team_templates',
    title: 'List team templates',
    description: 'The saved team templates deploy_team can start.',
    input: apiMethods.listTeamTemplates.input,
    annotations: readOnly,
    async run(call, args) {
      const templates = await callAs(call, 'listTeamTemplates', args);
      return { text: templates.length ? formatTemplates(templates) : 'no team templates', structured: { templates } };
    },
  },
  {
    name: 'deploy_team',
    title: 'Deploy a team',
    description: 'Start a team (a PM, engineers, optionally QA) from a saved template and brief every member.',
    input: apiMethods.deployTeam.input,
    fields: { template: 'the template name (see list_team_templates)', team: 'team name (default: the template name)', cwd: "project directory (default: the template's)" },
    annotations: acting,
    async run(call, args) {
      const results = await callAs(call, 'deployTeam', args);
      return { ...spawnOutput(results), structured: { members: results } };
    },
  },
  {
    name: 'kill_agent',
    title: 'Kill an agent',
    description: "Save an agent's last screen, then kill its pane.",
    input: apiMethods.killAgent.input,
    fields: { target: TARGET_HELP },
    annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: false },
    async run(call, args) {
      const r = await callAs(call, 'killAgent', args);
      return { text: `killed ${String(args.target)}${r.savedScreen ? ' (last screen saved)' : ' (screen not saved)'}`, structured: { ...r } };
    },
  },
  {
    name: 'restart_agent',
    title: 'Restart an agent',
    description: 'Restart an agent in place (same command, directory and environment) and wait until it is ready.',
    input: apiMethods.restartAgent.input,
    fields: { target: TARGET_HELP },
    annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: false },
    async run(call, args) {
      const agent = await callAs(call, 'restartAgent', args);
      return { text: agentLine(agent), structured: { ...agent } };
    },
  },
  {
    name: 'schedule_checkin',
    title: 'Schedule a check-in',
    description: 'Schedule a message to an agent: once at a time (at), once after a while (inMs), or repeatedly (everyMs). Delivered by the running monitor.',
    input: apiMethods.schedule.input,
    fields: {
      target: TARGET_HELP,
      text: 'the message',
      at: 'when, as epoch milliseconds',
      inMs: 'after this many milliseconds',
      everyMs: 'every this many milliseconds (at least 60000)',
    },
    annotations: acting,
    async run(call, args) {
      const s = await callAs(call, 'schedule', args);
      return { text: scheduledLine(s), structured: { ...s } };
    },
  },
  {
    name: 'list_schedules',
    title: 'List schedules',
    description: 'The active scheduled check-ins, soonest first.',
    input: apiMethods.listSchedules.input,
    annotations: readOnly,
    async run(call, args) {
      const schedules = await callAs(call, 'listSchedules', args);
      return { text: schedules.length ? formatSchedules(schedules) : 'no schedules', structured: { schedules } };
    },
  },
  {
    name: 'cancel_schedule',
    title: 'Cancel a schedule',
    description: 'Cancel a scheduled check-in by its id (see list_schedules).',
    input: apiMethods.cancelSchedule.input,
    fields: { id: 'the schedule id' },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    async run(call, args) {
      await callAs(call, 'cancelSchedule', args);
      return { text: `cancelled #${String(args.id)}`, structured: { ok: true } };
    },
  },
  {
    name: 'list_queued',
    title: 'List queued messages',
    description: 'Messages waiting for an agent to be idle (the running monitor delivers them), newest first.',
    input: apiMethods.listQueued.input,
    fields: { target: 'only this agent (name or target)', limit: 'at most this many (default 100)' },
    annotations: readOnly,
    async run(call, args) {
      const messages = await callAs(call, 'listQueued', args);
      return { text: messages.length ? formatQueue(messages) : 'no queued messages', structured: { messages } };
    },
  },
  {
    name: 'cancel_queued',
    title: 'Cancel a queued message',
    description: 'Take back a queued message before it is typed, by its id (see list_queued).',
    input: apiMethods.cancelQueued.input,
    fields: { id: 'the message id' },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    async run(call, args) {
      const m = await callAs(call, 'cancelQueued', args);
      return { text: `cancelled #${m.id} (to ${m.agent})`, structured: { ...m } };
    },
  },
  {
    name: 'list_notifications',
    title: 'List notifications',
    description: 'Notifications (an agent waiting, stuck, erroring, limited, a PM report…), newest first; unread: true for the open ones.',
    input: apiMethods.listNotifications.input,
    fields: { unread: 'only unread ones', kind: 'only this kind', agent: 'only this agent (name or id)', since: 'only since this epoch ms', limit: 'at most this many (default 200)' },
    annotations: readOnly,
    async run(call, args) {
      const notifications = await callAs(call, 'listNotifications', args);
      return { text: notifications.length ? formatNotifications(notifications) : 'no notifications', structured: { notifications } };
    },
  },
  {
    name: 'get_timeline',
    title: "An agent's timeline",
    description: "An agent's state transitions (from, to, when, why), oldest first.",
    input: apiMethods.getTimeline.input,
    fields: { target: TARGET_HELP, since: 'only since this epoch ms', limit: 'the newest this many (default 500)' },
    annotations: readOnly,
    async run(call, args) {
      const transitions = await callAs(call, 'getTimeline', args);
      return { text: transitions.length ? formatTimeline(transitions) : 'no transitions recorded', structured: { transitions } };
    },
  },
];

/** A tool's input JSON schema: the zod schema's input side, with the field descriptions added. */
export function inputJsonSchema(tool: ToolDef): { type: 'object'; [k: string]: unknown } {
  const schema = z.toJSONSchema(tool.input, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete schema.$schema;
  const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const [field, text] of Object.entries(tool.fields ?? {})) {
    if (props[field]) props[field] = { description: text, ...props[field] };
  }
  return { ...schema, type: 'object', properties: props };
}
