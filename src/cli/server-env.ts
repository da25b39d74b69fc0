// Inside tmux, a tmux command with no -L/-S talks to the server it runs in ($TMUX holds its
// socket). tmux-orc does the same, so an agent running `tmux-orc send NAME …` in its pane
// reaches its teammates on whatever server they share.
import type { GlobalOptions } from './context.js';

/** The server named by $TMUX (`/tmp/tmux-1000/work,1234,0`) as -L NAME when it is in tmux's own socket folder, else -S PATH. */
export function serverFromEnv(env: NodeJS.ProcessEnv = process.env, uid: number = process.getuid?.() ?? 0): GlobalOptions {
  const socket = env.TMUX?.split(',')[0]?.trim();
  if (!socket) return {};
  const dir = `${(env.TMUX_TMPDIR || '/tmp').replace(/\/+$/, '')}/tmux-${uid}/`;
  if (socket.startsWith(dir) && !socket.slice(dir.length).includes('/')) {
    const name = socket.slice(dir.length);
    // The default server stays "default": the same lease key as when no option is given.
    return name === 'default' ? {} : { socketName: name };
  }
  return { socketPath: socket };
}
