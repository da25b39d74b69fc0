// The command table: names, arguments, options, help and a lazy loader per command. Loaded
// by the entry point on every run, so it holds text only: each command's code is a separate
// chunk imported when that command runs. The order here is the order of `tmux-orc --help`.
import type { CommandSpec } from './spec-types.js';
import { HISTORY_COMMANDS, WATCH_COMMANDS } from './spec-read.js';
import { AGENT_COMMANDS, MESSAGE_COMMANDS, SCHEDULE_COMMANDS } from './spec-write.js';
export { GLOBAL_OPTIONS } from './spec-options.js';

/** The daemons (serve, mcp) and what agents call back (hook). */
const SERVICE_COMMANDS: readonly CommandSpec[] = [
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
];

export const COMMANDS: readonly CommandSpec[] = [
  ...WATCH_COMMANDS,
  ...MESSAGE_COMMANDS,
  ...AGENT_COMMANDS,
  ...SCHEDULE_COMMANDS,
  ...SERVICE_COMMANDS,
  ...HISTORY_COMMANDS,
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
