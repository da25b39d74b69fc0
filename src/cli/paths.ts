// Where the package lives: the CLI runs from dist/cli (bundled) or src/cli (tsx); core finds
// our package.json by walking up either way.
import { ourPackage } from '../core/paths.js';

export function packageRoot(): string {
  const pkg = ourPackage();
  if (!pkg) throw new Error('cannot find the tmux-orchestrator package root');
  return pkg.root;
}
