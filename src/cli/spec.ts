// The command table: names, arguments, options, help and a lazy loader per command. Loaded
// by the entry point on every run, so it holds text only: each command's code is a separate
// chunk imported when that command runs.
import type { CommandSpec, OptionSpec } from './spec-types.js';

const json: OptionSpec = { type: 'boolean', help: 'print JSON (for scripts)' };

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'notifications',
    summary: 'list notifications, newest first',
    args: '',
    minArgs: 0,
    maxArgs: 0,
    json: true,
    options: {
      unread: { type: 'boolean', help: 'only unread ones' },
      since: { type: 'string', arg: 'DURATION', help: 'only the last DURATION (e.g. 30m, 2h, 1d)' },
      limit: { type: 'string', arg: 'N', help: 'at most N (default 200)' },
      json,
    },
    examples: ['tmux-orc notifications --unread --since 1h', 'tmux-orc notifications --json | jq ".[0]"'],
    load: () => import('./commands/notifications.js'),
  },
  {
    name: 'history',
    summary: "an agent's state timeline (from the history database)",
    args: 'TARGET',
    minArgs: 1,
    maxArgs: 1,
    json: true,
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
        values: ['claude', 'codex', 'gemini', 'aider', 'generic'],
        help: 'claude (default), codex, gemini, aider or generic',
      },
      json,
    },
    notes: ['The screen is judged at rest (quiet for longer than the quiet time), its program running.'],
    examples: ['tmux capture-pane -p -t work:1 | tmux-orc classify --type claude -'],
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
