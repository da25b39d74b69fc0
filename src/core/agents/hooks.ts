// Agents' own hooks as a state signal: what each CLI's hook events mean, how `tmux-orc hook`
// hands one to the monitor, and the Claude Code settings that install the hooks.
//
// The hand-over is two tmux commands in one call, no database and no socket of our own: the
// event is written to the pane's `@orc-hook` option (event, time, state, detail), then
// `wait-for -S orc-hook` wakes the monitor, which keeps a `tmux wait-for orc-hook` waiting (a
// signal sent while nobody waits is kept by tmux, so none is lost between two waits). Control
// mode has no immediate notification for this on tmux 3.2/3.3: `%paste-buffer-changed` is 3.4+
// and format subscriptions (`refresh-client -B`) are checked about once a second.
//
// No zod and nothing heavy here: `tmux-orc hook` runs at every tool call of every agent.
import type { AgentState } from '../../shared/vocabulary.js';
// The vocabulary itself, not the tmux index: `tmux-orc hook` runs on every agent event and loads only this.
import { ORC_OPTION } from '../tmux/index.js';

/** The pane option holding the last hook event. */
export const HOOK_OPTION = ORC_OPTION.hook;
/** The tmux wait-for channel a hook signals. */
export const HOOK_CHANNEL = 'orc-hook';
/** Which CLIs' hooks `tmux-orc hook` understands. */
export const HOOK_SOURCES = ['claude', 'codex', 'gemini'] as const;
export type HookSource = (typeof HOOK_SOURCES)[number];

/**
 * The Claude Code hook events installed on spawn. PermissionRequest fires as the permission
 * dialog shows; the permission Notification only some seconds later (measured on 2.1.332).
 */
export const CLAUDE_HOOK_EVENTS = ['UserPromptSubmit', 'PreToolUse', 'PermissionRequest', 'PostToolUse', 'Notification', 'Stop', 'SessionEnd'] as const;
/** Events that take a matcher ("*": every tool). */
const TOOL_EVENTS: ReadonlySet<string> = new Set(['PreToolUse', 'PermissionRequest', 'PostToolUse']);

/** One hook event as the monitor reads it from `@orc-hook`. */
export interface HookEvent {
  event: string;
  /** Epoch ms when the hook ran. */
  at: number;
  /** What it says the agent's state is; null: no verdict (look at the screen now). */
  state: AgentState | null;
  /** Why, in a few words (the question of a permission prompt, the tool…). */
  detail: string;
}

const MAX_DETAIL = 200;

/** One line of printable text, at most MAX_DETAIL characters (hook payloads are the agent's). */
function clean(text: unknown): string {
  if (typeof text !== 'string') return '';
  const line = text.replace(/[\x00-\x1f\x7f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return line.length > MAX_DETAIL ? `${line.slice(0, MAX_DETAIL - 1)}…` : line;
}

type Payload = Record<string, unknown>;

/** Claude Code: the event (from the payload's hook_event_name, else the command line) and what it means. */
function claudeVerdict(event: string, p: Payload): Pick<HookEvent, 'state' | 'detail'> {
  const tool = clean(p.tool_name);
  switch (event) {
    case 'UserPromptSubmit':
      return { state: 'busy', detail: 'prompt submitted' };
    case 'PreToolUse':
      return { state: 'busy', detail: tool ? `running ${tool}` : 'running a tool' };
    case 'PermissionRequest':
      return { state: 'waiting', detail: tool ? `permission to use ${tool}` : 'permission prompt' };
    case 'PostToolUse':
      return { state: 'busy', detail: tool ? `ran ${tool}` : 'ran a tool' };
    case 'Stop':
      return { state: 'idle', detail: 'turn finished' };
    case 'Notification': {
      const message = clean(p.message);
      const kind = typeof p.notification_type === 'string' ? p.notification_type : '';
      // Newer versions say the kind; older ones only the message.
      if (kind === 'permission_prompt' || kind === 'elicitation_dialog' || /permission|approv/i.test(message)) {
        return { state: 'waiting', detail: message || 'permission prompt' };
      }
      if (kind === 'idle_prompt' || /waiting for (your )?input/i.test(message)) return { state: 'idle', detail: message || 'waiting for input' };
      return { state: null, detail: message };
    }
    default:
      // SessionEnd and anything newer: no verdict; the screen says what is left.
      return { state: null, detail: clean(p.reason) || event };
  }
}

/** Codex's `notify` program: called with a JSON argument at the end of each turn. */
function codexVerdict(event: string, p: Payload): Pick<HookEvent, 'state' | 'detail'> {
  if (event === 'agent-turn-complete') return { state: 'idle', detail: clean(p['last-assistant-message']) || 'turn finished' };
  return { state: null, detail: event };
}

/**
 * Gemini CLI hooks (0.61: BeforeAgent once per prompt, AfterAgent once it is answered with no
 * tool call pending, BeforeTool/AfterTool around each tool run, Notification of type
 * ToolPermission as its confirmation dialog shows, message "Tool Shell requires execution").
 */
function geminiVerdict(event: string, p: Payload): Pick<HookEvent, 'state' | 'detail'> {
  const tool = clean(p.tool_name);
  switch (event) {
    case 'BeforeAgent':
      return { state: 'busy', detail: 'prompt submitted' };
    case 'BeforeTool':
      return { state: 'busy', detail: tool ? `running ${tool}` : 'running a tool' };
    case 'AfterTool':
      return { state: 'busy', detail: tool ? `ran ${tool}` : 'ran a tool' };
    case 'AfterAgent':
      return { state: 'idle', detail: 'turn finished' };
    case 'Notification': {
      const message = clean(p.message);
      if (p.notification_type === 'ToolPermission' || /permission|confirm/i.test(message)) return { state: 'waiting', detail: message || 'permission prompt' };
      return { state: null, detail: message };
    }
    default:
      return { state: null, detail: clean(p.reason) || event };
  }
}

/**
 * What a hook call means. `event` is the one named on the command line, if any; the payload's
 * own name (hook_event_name, Codex's type) wins.
 */
export function hookEventOf(source: HookSource, payload: unknown, event: string | undefined, now: number): HookEvent {
  const p: Payload = payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Payload) : {};
  const named = clean(p.hook_event_name) || clean(p.type) || clean(event) || 'unknown';
  const verdict = source === 'claude' ? claudeVerdict(named, p) : source === 'codex' ? codexVerdict(named, p) : geminiVerdict(named, p);
  return { event: named, at: now, ...verdict };
}

/** The `@orc-hook` value: tab-separated event, time, state ('-' for none) and detail. */
export function encodeHookEvent(e: HookEvent): string {
  return [clean(e.event), String(e.at), e.state ?? '-', clean(e.detail)].join('\t');
}

export function parseHookEvent(value: string, states: readonly string[]): HookEvent | null {
  const [event = '', at = '', state = '', ...detail] = value.split('\t');
  const when = Number(at);
  if (!event || !Number.isFinite(when) || when <= 0) return null;
  return { event, at: when, state: states.includes(state) ? (state as AgentState) : null, detail: detail.join(' ') };
}

/** The tmux commands a hook runs (in one tmux call): record the event, then wake the monitor. */
export function hookTmuxCommands(paneId: string, e: HookEvent): string[][] {
  return [
    ['set-option', '-p', '-t', paneId, HOOK_OPTION, encodeHookEvent(e)],
    ['wait-for', '-S', HOOK_CHANNEL],
  ];
}

/** The Gemini CLI hook events installed on spawn. */
export const GEMINI_HOOK_EVENTS = ['BeforeAgent', 'BeforeTool', 'AfterTool', 'Notification', 'AfterAgent', 'SessionEnd'] as const;
/** Gemini CLI's hook timeout is in ms (Claude Code's in seconds). */
const GEMINI_HOOK_TIMEOUT_MS = 10_000;

/**
 * Gemini CLI hooks that run `command EVENT` on each event, in its settings' `hooks` shape
 * (merged with the user's own hooks: Gemini CLI concatenates every scope's lists).
 */
export function geminiHooks(command: string): Record<string, unknown[]> {
  const hooks: Record<string, unknown[]> = {};
  for (const event of GEMINI_HOOK_EVENTS) {
    const run = { type: 'command', command: `${command} ${event}`, timeout: GEMINI_HOOK_TIMEOUT_MS };
    hooks[event] = [event === 'BeforeTool' || event === 'AfterTool' ? { matcher: '*', hooks: [run] } : { hooks: [run] }];
  }
  return hooks;
}

/** Claude Code settings (passed with `--settings`, merged over the user's own) that run `command EVENT` on each event. */
export function claudeHookSettings(command: string): { hooks: Record<string, unknown[]> } {
  const hooks: Record<string, unknown[]> = {};
  for (const event of CLAUDE_HOOK_EVENTS) {
    const run = { type: 'command', command: `${command} ${event}`, timeout: 10 };
    hooks[event] = [TOOL_EVENTS.has(event) ? { matcher: '*', hooks: [run] } : { hooks: [run] }];
  }
  return { hooks };
}
