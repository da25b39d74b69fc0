// The command table's read commands: what the agents are doing now (list, status, capture,
// monitor) and what they did (notifications, review, history, classify). Text only (see spec.ts).
import { AGENT_STATES as STATES, AGENT_TYPES, NOTIFICATION_KINDS } from '../shared/vocabulary.js';
import { REVIEW_RANGES } from '../shared/domain.js';
import { json } from './spec-options.js';
import type { CommandSpec } from './spec-types.js';

/** What the agents are doing now. */
export const WATCH_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'list',
    aliases: ['agent list'],
    summary: 'list agents and their state',
    args: '',
    minArgs: 0,
    maxArgs: 0,
    options: {
      state: { type: 'string', arg: 'STATE', values: STATES, help: 'only agents in this state' },
      team: { type: 'string', arg: 'TEAM', help: 'only this team' },
      names: { type: 'boolean', help: 'print names only, one a line' },
      json,
    },
    examples: ['tmux-orc list', 'tmux-orc -L work list --json | jq -r \'.[] | select(.state=="waiting") | .name\''],
    notes: ['JSON: an array of agents with id, target, name, type, role, team, state, reason, since (epoch ms), lastLine, command, cwd…'],
    load: () => import('./commands/list.js'),
  },
  {
    name: 'status',
    summary: 'the engine and agents by state, or one agent in detail with its last lines',
    args: '[TARGET]',
    minArgs: 0,
    maxArgs: 1,
    options: {
      lines: { type: 'string', arg: 'N', help: 'last lines of the screen to show (default 10)' },
      json,
    },
    examples: ['tmux-orc status', 'tmux-orc status backend-1 --lines 30'],
    load: () => import('./commands/status.js'),
  },
  {
    name: 'capture',
    summary: "print an agent's screen, with lines of its history above it",
    args: 'TARGET',
    minArgs: 1,
    maxArgs: 1,
    options: {
      lines: { type: 'string', arg: 'N', help: 'lines of history above the screen (default 0, at most 10000)' },
      ansi: { type: 'boolean', help: 'keep colours and attributes (escape sequences)' },
      json,
    },
    examples: ['tmux-orc capture backend-1 --lines 500 | less', 'tmux-orc capture backend-1 --ansi | less -R'],
    load: () => import('./commands/capture.js'),
  },
  {
    name: 'monitor',
    summary: 'watch every agent in the foreground, one line per state change (Ctrl-C stops)',
    args: '',
    minArgs: 0,
    maxArgs: 0,
    options: { json: { type: 'boolean', help: 'one JSON object per line' } },
    notes: [
      'Holds the monitor lease for the tmux server: notifications, PM reports, queued messages and',
      'scheduled check-ins are handled while it runs. A second monitor of the same server is refused,',
      'however it names the server (-L, -S) and whichever --db it uses: the lease is kept on the tmux',
      'server itself (server option @orc-monitor); a holder killed without stopping is taken over.',
    ],
    examples: ['tmux-orc monitor', 'tmux-orc -L work monitor --json >> transitions.jsonl'],
    load: () => import('./commands/monitor.js'),
  },
];

/** What the agents did: the history store, and the classifier on a saved screen. */
export const HISTORY_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'notifications',
    summary: 'list notifications, newest first',
    args: '',
    minArgs: 0,
    maxArgs: 0,
    options: {
      open: { type: 'boolean', help: 'only open problems (agents still waiting, rate limited, crashed, …)' },
      unread: { type: 'boolean', help: 'only unread ones' },
      since: { type: 'string', arg: 'DURATION', help: 'only the last DURATION (e.g. 30m, 2h, 1d)' },
      kind: { type: 'string', arg: 'KIND', values: NOTIFICATION_KINDS, help: 'only this kind' },
      agent: { type: 'string', arg: 'NAME', help: 'only this agent (name or id)' },
      limit: { type: 'string', arg: 'N', help: 'at most N (default 200)' },
      'mark-read': { type: 'boolean', help: 'mark the listed notifications read' },
      json,
    },
    examples: ['tmux-orc notifications --open', 'tmux-orc notifications --unread --since 1h', 'tmux-orc notifications --unread --mark-read', 'tmux-orc notifications --json | jq ".[0]"'],
    load: () => import('./commands/notifications.js'),
  },
  {
    name: 'review',
    summary: 'the performance review: time agents waited on you, usage limits, crashes, busy share',
    args: '',
    minArgs: 0,
    maxArgs: 0,
    options: {
      range: { type: 'string', arg: 'RANGE', values: REVIEW_RANGES, help: 'whole days: 1d (today), 7d (default) or 30d' },
      csv: { type: 'boolean', help: 'one CSV row per agent per day (what the dashboard exports)' },
      json,
    },
    notes: ['Per agent and per team, from the history database (also while the monitor runs elsewhere).'],
    examples: ['tmux-orc review', 'tmux-orc review --range 30d --csv > review.csv'],
    load: () => import('./commands/review.js'),
  },
  {
    name: 'history',
    summary: "an agent's state timeline (from the history database)",
    args: 'TARGET',
    minArgs: 1,
    maxArgs: 1,
    options: {
      since: { type: 'string', arg: 'DURATION', help: 'only the last DURATION' },
      limit: { type: 'string', arg: 'N', help: 'the newest N transitions (default 500)' },
      json,
    },
    examples: ['tmux-orc history backend-1', 'tmux-orc history %12 --since 2h --json'],
    load: () => import('./commands/history.js'),
  },
  {
    name: 'classify',
    summary: 'classify a saved screen: state on line 1, reason on line 2',
    args: 'FILE|-',
    minArgs: 1,
    maxArgs: 1,
    options: {
      type: {
        type: 'string',
        arg: 'TYPE',
        values: AGENT_TYPES,
        help: 'claude (default), codex, gemini, qwen, opencode, aider or generic',
      },
      command: { type: 'string', arg: 'CMD', help: "the pane's current command as tmux reports it (default: the profile's program; a shell means the agent exited)" },
      dead: { type: 'boolean', help: 'the pane is dead (its program exited, remain-on-exit kept it)' },
      json,
    },
    notes: [
      'The screen is judged at rest (quiet for longer than the quiet time), its program running unless --command or --dead say otherwise.',
      'A fixture file (first line #fixture {json}) brings its own type and pane facts; options override them.',
    ],
    examples: [
      'tmux capture-pane -p -t work:1 | tmux-orc classify --type claude -',
      "tmux capture-pane -p -t work:1 | tmux-orc classify --type codex --command \"$(tmux display -p -t work:1 '#{pane_current_command}')\" -",
      'tmux-orc classify test/fixtures/screens/codex/busy-streaming-reply.txt',
    ],
    load: () => import('./commands/classify.js'),
  },
];
