// Where our files live: the history database and the config directory (shared by the app, the
// CLI and the daemon), and our own package (found by walking up from this module: it runs from
// src/core, dist/cli or out/main, all inside the package). Kept apart from the store and the
// orchestrator so the CLI's entry can name the database without loading either.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

let cached: { root: string; version: string } | null | undefined;

/** The tmux-orchestrator package this code runs from, or null in an unusual layout. */
export function ourPackage(): { root: string; version: string } | null {
  if (cached !== undefined) return cached;
  cached = null;
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (!existsSync(pkg)) continue;
    try {
      const json = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; version?: string };
      if (json.name === 'tmux-orchestrator') {
        cached = { root: dir, version: typeof json.version === 'string' ? json.version : '0.0.0' };
        break;
      }
    } catch {
      // Not ours (or unreadable): keep walking.
    }
  }
  return cached;
}
