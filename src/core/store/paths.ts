// Where the history file lives. The CLI, the daemon and the app share one file by default.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ServerRef } from '../../shared/domain.js';
import { ServerIdentity } from '../tmux/server-identity.js';

export const DB_ENV_VAR = 'ORC_DB';

/** $ORC_DB, else $XDG_DATA_HOME/tmux-orchestrator/orchestrator.db, else ~/.local/share/… */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const explicit = env[DB_ENV_VAR]?.trim();
  if (explicit) return explicit;
  const xdg = env.XDG_DATA_HOME?.trim();
  // XDG says relative values are invalid and must be ignored.
  const base = xdg && xdg.startsWith('/') ? xdg : join(home, '.local', 'share');
  return join(base, 'tmux-orchestrator', 'orchestrator.db');
}

/** $XDG_CONFIG_HOME/tmux-orchestrator, else ~/.config/tmux-orchestrator: small files a person may keep (the serve token). */
export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const xdg = env.XDG_CONFIG_HOME?.trim();
  const base = xdg && xdg.startsWith('/') ? xdg : join(home, '.config');
  return join(base, 'tmux-orchestrator');
}

/**
 * The key of a tmux server in the store: its ServerIdentity's key (`local:/tmp/tmux-1000/work`),
 * the same however the server was named (-L, -S, $TMUX, default).
 */
export function serverKey(ref: ServerRef): string {
  return ServerIdentity.of(ref).key();
}
