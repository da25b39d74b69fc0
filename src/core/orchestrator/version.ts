// Our package's version, and how spawned agents call it back (`tmux-orc hook`).
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Settings } from '../../shared/settings.js';
import { ourPackage } from '../paths.js';
import { tmuxOrcArgv, type HookInstallOptions } from '../agents/index.js';

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
