// Tearing down a capture script's private tmux server: the server, every process its panes
// started (the CLIs start helpers that may outlive a killed server) and the socket file.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

/** Every process below `pid`. */
function descendants(pid: number): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  } catch {
    return []; // no children
  }
  return out.split(/\s+/).filter(Boolean).map(Number).flatMap((kid) => [kid, ...descendants(kid)]);
}

/** Kill the private server `-L server` and everything its panes started (synchronous: for exit handlers). */
export function killPrivateServer(server: string): void {
  let started: number[] = [];
  try {
    const panes = execFileSync('tmux', ['-L', server, 'list-panes', '-a', '-F', '#{pane_pid}'], { encoding: 'utf8' });
    started = panes.split('\n').filter(Boolean).map(Number).flatMap(descendants);
  } catch {
    /* no server */
  }
  try {
    execFileSync('tmux', ['-L', server, 'kill-server'], { stdio: 'ignore' });
  } catch {
    /* not running */
  }
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  // The server is gone; its socket file may linger.
  const uid = process.getuid?.() ?? 0;
  rmSync(join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${uid}`, server), { force: true });
}
