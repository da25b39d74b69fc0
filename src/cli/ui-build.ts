// Is the web UI build (out/renderer) missing or older than the sources it is made from? In a
// checkout after `git pull`, serving the old build would show yesterday's UI.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the renderer build is made from (it imports the contract). */
export const uiSources = (root: string): string[] =>
  [join(root, 'src', 'renderer'), join(root, 'src', 'shared'), join(root, 'electron.vite.config.ts')].filter((p) => existsSync(p));

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when staticDir has no index.html, or (in a checkout) sources changed after it was built. */
export function uiNeedsBuild(root: string, staticDir: string): boolean {
  const index = join(staticDir, 'index.html');
  if (!existsSync(index)) return true;
  const sources = uiSources(root);
  return sources.length > 0 && statSync(index).mtimeMs < Math.max(...sources.map(newestMtime));
}
