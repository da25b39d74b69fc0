// The engine's version (getStatus): from our package.json, found by walking up from this
// module (it runs from src/core, dist/cli or out/main, all inside the package).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

export function engineVersion(): string {
  if (cached !== null) return cached;
  cached = '0.0.0';
  try {
    for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
      const pkg = join(dir, 'package.json');
      if (!existsSync(pkg)) continue;
      const json = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; version?: string };
      if (json.name === 'tmux-orchestrator' && typeof json.version === 'string') {
        cached = json.version;
        break;
      }
    }
  } catch {
    // A bundled or unusual layout: report 0.0.0 rather than fail getStatus.
  }
  return cached;
}
