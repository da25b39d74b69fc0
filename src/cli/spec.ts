// The command table: names, arguments, options, help and a lazy loader per command. Loaded
// by the entry point on every run, so it holds text only: each command's code is a separate
// chunk imported when that command runs.
import { AGENT_ROLES as ROLES, AGENT_STATES as STATES, AGENT_TYPES, NOTIFICATION_KINDS, SPAWN_TYPES } from '../shared/vocabulary.js';
import type { CommandSpec, OptionSpec } from './spec-types.js';

const json: OptionSpec = { type: 'boolean', help: 'print JSON (for scripts)' };
const onHost: OptionSpec = { type: 'string', arg: 'HOST', help: 'where: local (default) or one of the hosts in settings (ssh)' };
const now: OptionSpec = { type: 'boolean', help: 'send even when the agent is busy (default: queue until idle)' };

export const COMMANDS: readonly CommandSpec[] = [
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
      'scheduled check-ins are handled while it runs. A second monitor of the same server is refused.',
    ],
    examples: ['tmux-orc monitor', 'tmux-orc -L work monitor --json >> transitions.jsonl'],
    load: () => import('./commands/monitor.js'),
  },
  {
    name: 'send',
    aliases: ['agent send'],
    summary: 'send a message to an agent and verify it was submitted',
    args: 'TARGET TEXT|-',
    minArgs: 2,
    maxArgs: 2,
    options: { now, json },
    notes: [
      'TEXT "-" reads the message from stdin; text starting with "-" goes after --.',
      'A busy agent\'s message is queued until it is idle (exit 0); exit 1 when it stayed unsubmitted or failed.',
    ],
    examples: [
      'tmux-orc send backend-1 "Run the tests and report"',
      'git diff | tmux-orc send reviewer -',
      'tmux-orc send work:2.1 -- "-v is broken"',
    ],
    load: () => import('./commands/send.js'),
  },
  {
    name: 'keys',
    summary: 'press keys in an agent\'s pane (answer a prompt)',
    args: 'TARGET KEY...',
    minArgs: 2,
    maxArgs: 65,
    options: {},
    notes: ['Keys are tmux key names: Enter, Escape, Up, Down, Tab, C-c, y, n, 1, 2…'],
    examples: ['tmux-orc keys backend-1 1', 'tmux-orc keys work:2 Down Enter'],
    load: () => import('./commands/keys.js'),
  },
  {
    name: 'broadcast',
    summary: 'send one message to every agent of a team, or to all',
    args: '(--team TEAM | --all) TEXT|-',
    minArgs: 1,
    maxArgs: 1,
    options: {
      team: { type: 'string', arg: 'TEAM', help: 'the team' },
      all: { type: 'boolean', help: 'every agent' },
      now,
      json,
    },
    examples: ['tmux-orc broadcast --team web "Stand-up: post your status"', 'tmux-orc broadcast --all "Commit your work now"'],
    load: () => import('./commands/broadcast.js'),
  },
  {
    name: 'spawn',
    summary: 'start an agent in a new window, wait until it is ready, brief it',
    args: '--name NAME --type TYPE',
    minArgs: 0,
    maxArgs: 0,
    options: {
      name: { type: 'string', arg: 'NAME', help: 'agent name (letters, digits, - _ .)' },
      type: { type: 'string', arg: 'TYPE', values: SPAWN_TYPES, help: 'claude, codex, gemini, qwen, opencode, aider or custom' },
      cmd: { type: 'string', arg: 'COMMAND', help: 'the command to run (custom agents)' },
      role: { type: 'string', arg: 'ROLE', values: ROLES, help: 'orchestrator, pm, engineer (default), qa or custom' },
      team: { type: 'string', arg: 'TEAM', help: 'team name (also the tmux session, by default)' },
      cwd: { type: 'string', arg: 'DIR', file: true, help: 'working directory (default: here)' },
      briefing: { type: 'string', arg: 'TEXT|@FILE', help: 'first message, sent once it is ready' },
      worktree: { type: 'string', arg: 'BRANCH', help: 'run in a new git worktree on this new branch' },
      session: { type: 'string', arg: 'SESSION', help: 'tmux session (default: the team, else "orc")' },
      host: onHost,
      json,
    },
    notes: ['Progress goes to stderr while it waits for the agent to be ready.'],
    examples: [
      'tmux-orc spawn --name backend-1 --type claude --team web --cwd ~/src/shop --briefing @brief.md',
      'tmux-orc spawn --name runner --type custom --cmd "python3 agent.py"',
    ],
    load: () => import('./commands/spawn.js'),
  },
  {
    name: 'team deploy',
    summary: 'start a team (a PM and engineers) from a saved template',
    args: 'TEMPLATE',
    minArgs: 1,
    maxArgs: 1,
    options: {
      team: { type: 'string', arg: 'NAME', help: 'team name (default: the template name)' },
      cwd: { type: 'string', arg: 'DIR', file: true, help: 'project directory (default: the template\'s)' },
      host: onHost,
      json,
    },
    examples: ['tmux-orc team deploy webapp --team shop --cwd ~/src/shop'],
    load: () => import('./commands/team-deploy.js'),
  },
  {
    name: 'team templates',
    summary: 'list the saved team templates',
    args: '',
    minArgs: 0,
    maxArgs: 0,
    options: { json },
    examples: ['tmux-orc team templates'],
    load: () => import('./commands/team-templates.js'),
  },
  {
    name: 'team save',
    summary: 'save (create or replace) a team template',
    args: 'NAME',
    minArgs: 1,
    maxArgs: 1,
    options: {
      engineers: { type: 'string', arg: 'N', help: 'how many engineers (default 2)' },
      qa: { type: 'boolean', help: 'add a QA agent' },
      'pm-type': { type: 'string', arg: 'TYPE', values: AGENT_TYPES, help: 'the PM\'s agent type (default claude)' },
      'engineer-type': { type: 'string', arg: 'TYPE', values: AGENT_TYPES, help: 'the engineers\' agent type (default claude)' },
      briefing: { type: 'string', arg: 'TEXT|@FILE', help: 'added to every member\'s briefing' },
      cwd: { type: 'string', arg: 'DIR', file: true, help: 'default project directory' },
      description: { type: 'string', arg: 'TEXT', help: 'what the team is for' },
      json,
    },
    examples: ['tmux-orc team save webapp --engineers 3 --qa --briefing @team.md --cwd ~/src/shop'],
    load: () => import('./commands/team-save.js'),
  },
  {
    name: 'kill',
    aliases: ['agent kill'],
    summary: 'save an agent\'s last screen, then kill its pane',
    args: 'TARGET',
    minArgs: 1,
    maxArgs: 1,
    options: { json },
    examples: ['tmux-orc kill backend-1'],
    load: () => import('./commands/kill.js'),
  },
  {
    name: 'restart',
    aliases: ['agent restart'],
    summary: 'restart an agent in place (same command and directory) and wait until ready',
    args: 'TARGET',
    minArgs: 1,
    maxArgs: 1,
    options: { json },
    examples: ['tmux-orc restart backend-1'],
    load: () => import('./commands/restart.js'),
  },
  {
    name: 'schedule',
    summary: 'schedule a check-in message (delivered by the running monitor)',
    args: '(--at TIME | --in DURATION | --every DURATION) TARGET TEXT|-',
    minArgs: 2,
    maxArgs: 2,
    options: {
      at: { type: 'string', arg: 'TIME', help: 'at a time: HH:MM, "YYYY-MM-DD HH:MM" or ISO 8601' },
      in: { type: 'string', arg: 'DURATION', help: 'after a while: 90s, 30m, 2h, 1d' },
      every: { type: 'string', arg: 'DURATION', help: 'repeatedly (at most once a minute)' },
      json,
    },
    notes: ['Delivered by whoever runs the monitor (the app, tmux-orc serve or tmux-orc monitor); missed ones are delivered late, once.'],
    examples: ['tmux-orc schedule --in 30m pm "Check on the team and report"', 'tmux-orc schedule --every 1h backend-1 "Commit your work"'],
    load: () => import('./commands/schedule.js'),
  },
  {
    name: 'schedule list',
    summary: 'list active schedules, soonest first',
    args: '',
    minArgs: 0,
    maxArgs: 0,
    options: { json },
    examples: ['tmux-orc schedule list'],
    load: () => import('./commands/schedule-list.js'),
  },
  {
    name: 'schedule cancel',
    summary: 'cancel a schedule',
    args: 'ID',
    minArgs: 1,
    maxArgs: 1,
    options: {},
    examples: ['tmux-orc schedule cancel 3'],
    load: () => import('./commands/schedule-cancel.js'),
  },
  {
    name: 'serve',
    summary: 'run the monitor and the web dashboard; prints the URL with its token',
    args: '',
    minArgs: 0,
    maxArgs: 0,
    options: {
      port: { type: 'string', arg: 'PORT', help: 'port (default 7420; 0 = any free port)' },
      host: { type: 'string', arg: 'HOST', help: 'address to bind (default 127.0.0.1; others get a warning)' },
      open: { type: 'boolean', help: 'open a browser (when there is a display)' },
      static: { type: 'string', arg: 'DIR', file: true, help: 'serve this renderer build (default: the package\'s out/renderer)' },
      'new-token': { type: 'boolean', help: 'replace the kept access token (open tabs and bookmarks stop working)' },
    },
    notes: [
      'Builds the web UI first when the package has no build. Ctrl-C stops.',
      'The access token is kept (0600) in $XDG_CONFIG_HOME/tmux-orchestrator/serve-token, so bookmarks and open tabs survive restarts.',
    ],
    examples: ['tmux-orc serve --open', 'tmux-orc -L work serve --port 8080'],
    load: () => import('./commands/serve.js'),
  },
  {
    name: 'mcp',
    summary: 'serve the orchestrator\'s tools to an agent over MCP (stdio)',
    args: '',
    minArgs: 0,
    maxArgs: 0,
    options: {},
    notes: [
      'A Model Context Protocol server on stdin/stdout: list_agents, get_agent, read_screen, send_message,',
      'answer_prompt, spawn_agent, deploy_team, kill_agent, restart_agent, schedule_checkin, list_schedules,',
      'cancel_schedule, list_notifications, get_timeline. Runs until the client closes stdin.',
    ],
    examples: ['claude mcp add tmux-orc -- tmux-orc mcp', 'claude mcp add tmux-orc -- tmux-orc -L work mcp'],
    load: () => import('./commands/mcp.js'),
  },
  {
    name: 'hook',
    summary: 'report an agent\'s hook event to the monitor (what the hooks installed on spawn run)',
    args: 'claude|codex|gemini [EVENT] [JSON]',
    minArgs: 1,
    maxArgs: 3,
    options: {},
    notes: [
      'Reads the hook\'s JSON on stdin (Codex: the last argument), records the event in the pane\'s',
      '@orc-hook option ($TMUX_PANE) and wakes the monitor. Prints nothing and always exits 0.',
    ],
    examples: ['echo \'{"hook_event_name":"Stop"}\' | tmux-orc hook claude Stop'],
    load: () => import('./commands/hook.js'),
  },
  {
    name: 'notifications',
    summary: 'list notifications, newest first',
    args: '',
    minArgs: 0,
    maxArgs: 0,
    options: {
      unread: { type: 'boolean', help: 'only unread ones' },
      since: { type: 'string', arg: 'DURATION', help: 'only the last DURATION (e.g. 30m, 2h, 1d)' },
      kind: { type: 'string', arg: 'KIND', values: NOTIFICATION_KINDS, help: 'only this kind' },
      agent: { type: 'string', arg: 'NAME', help: 'only this agent (name or id)' },
      limit: { type: 'string', arg: 'N', help: 'at most N (default 200)' },
      'mark-read': { type: 'boolean', help: 'mark the listed notifications read' },
      json,
    },
    examples: ['tmux-orc notifications --unread --since 1h', 'tmux-orc notifications --unread --mark-read', 'tmux-orc notifications --json | jq ".[0]"'],
    load: () => import('./commands/notifications.js'),
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
  {
    name: 'completion',
    summary: 'print a shell completion script',
    args: 'bash|zsh',
    minArgs: 1,
    maxArgs: 1,
    options: {},
    examples: ['source <(tmux-orc completion bash)', 'tmux-orc completion zsh > ~/.zfunc/_tmux-orc'],
    load: () => import('./commands/completion.js'),
  },
  {
    name: 'bench',
    summary: 'run the benchmarks (all, or those named) and print their tables',
    args: '[NAME...]',
    minArgs: 0,
    maxArgs: 32,
    options: {},
    examples: ['tmux-orc bench cli', 'tmux-orc bench'],
    notes: ['Needs the source checkout with its dev dependencies (tsx).'],
    load: () => import('./commands/bench.js'),
  },
];

/** Options every command accepts (also before the command, like tmux). */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'socket-name': { type: 'string', short: 'L', arg: 'NAME', help: 'tmux server socket name (tmux -L)' },
  'socket-path': { type: 'string', short: 'S', arg: 'PATH', file: true, help: 'tmux server socket path (tmux -S)' },
  db: { type: 'string', arg: 'PATH', file: true, help: 'history database (default $ORC_DB or ~/.local/share/tmux-orchestrator/orchestrator.db)' },
  help: { type: 'boolean', short: 'h', help: 'show help' },
};

/** Find a command by its first one or two words; returns it and how many words it used. */
export function findCommand(words: readonly string[]): { spec: CommandSpec; used: number } | null {
  const two = words.length >= 2 ? `${words[0]} ${words[1]}` : null;
  for (const spec of COMMANDS) {
    if (two && (spec.name === two || spec.aliases?.includes(two))) return { spec, used: 2 };
  }
  for (const spec of COMMANDS) {
    if (spec.name === words[0] || spec.aliases?.includes(words[0] ?? '')) return { spec, used: 1 };
  }
  return null;
}

/** Command groups ('team', 'schedule', 'agent') and their sub-commands, for help and errors. */
export function groupMembers(word: string): CommandSpec[] {
  return COMMANDS.filter(
    (c) => c.name.startsWith(`${word} `) || c.aliases?.some((a) => a.startsWith(`${word} `)),
  );
}
