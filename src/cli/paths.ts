// Where the package lives: the CLI runs from dist/cli (bundled) or src/cli (tsx), both two
// levels below the root; found by walking up to our package.json so either works.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  if (cached) return cached;
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'tmux-orchestrator') return (cached = dir);
      } catch {
        // Not ours (or unreadable): keep walking.
      }
    }
    if (dirname(dir) === dir) throw new Error('cannot find the tmux-orchestrator package root');
  }
}
