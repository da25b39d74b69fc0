// Our package: its root and version, from the package.json found by walking up from this
// module (it runs from src/core, dist/cli or out/main, all inside the package), and how spawned
// agents call it back (`tmux-orc hook`).
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Settings } from '../../shared/settings.js';
import { tmuxOrcArgv, type HookInstallOptions } from '../agents/hook-install.js';

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

/** The engine's version (getStatus); 0.0.0 rather than a failure when the package is not found. */
export function engineVersion(): string {
  return ourPackage()?.version ?? '0.0.0';
}

/** How spawned agents get their hooks: `tmux-orc hook` from our package, beside the database `db`. */
export function hookInstallFor(db: string, types: Settings['agentHooks']): HookInstallOptions | null {
  const pkg = ourPackage();
  if (!pkg) return null;
  const dir = db === ':memory:' ? join(tmpdir(), `tmux-orc-hooks-${process.getuid?.() ?? 0}`) : join(dirname(resolve(db)), 'hooks');
  return { tmuxOrc: tmuxOrcArgv(pkg.root), dir, types };
}
