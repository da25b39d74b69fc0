// Options several commands share, and the global ones every command accepts.
import type { OptionSpec } from './spec-types.js';

export const json: OptionSpec = { type: 'boolean', help: 'print JSON (for scripts)' };
export const onHost: OptionSpec = { type: 'string', arg: 'HOST', help: 'where: local (default) or one of the hosts in settings (ssh)' };
export const anyPane: OptionSpec = { type: 'boolean', help: 'also type into a pane that is not an agent (a shell, a REPL); refused without it' };
export const now: OptionSpec = { type: 'boolean', help: 'send even when the agent is busy (default: queue until idle)' };

/** Options every command accepts (also before the command, like tmux). */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'socket-name': { type: 'string', short: 'L', arg: 'NAME', help: 'tmux server socket name (tmux -L)' },
  'socket-path': { type: 'string', short: 'S', arg: 'PATH', file: true, help: 'tmux server socket path (tmux -S)' },
  db: { type: 'string', arg: 'PATH', file: true, help: 'history database (default $ORC_DB or ~/.local/share/tmux-orchestrator/orchestrator.db)' },
  help: { type: 'boolean', short: 'h', help: 'show help' },
};
