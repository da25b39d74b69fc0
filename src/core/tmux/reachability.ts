// Why a tmux server cannot be reached, told apart without spawning tmux where possible: the
// program missing, the socket not ours to open, no server listening, or an attach that failed.
import { connect as netConnect } from 'node:net';
import type { ConnectionStatus } from '../../shared/domain.js';
import { MIN_TMUX_VERSION } from './once.js';

export type SocketProbe = 'listening' | 'absent' | 'denied';

/**
 * Local only: is something listening on the socket? Spawns nothing. A socket this user may not
 * open is its own answer: it is no more "no server" than a missing tmux is.
 */
export function probeSocket(socketPath: string): Promise<SocketProbe> {
  return new Promise((resolve) => {
    const s = netConnect(socketPath);
    s.once('connect', () => {
      s.destroy();
      resolve('listening');
    });
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'EACCES' || err.code === 'EPERM' ? 'denied' : 'absent'));
  });
}

export function noProgramMessage(program: string): string {
  return `tmux is not installed (no ${JSON.stringify(program)} on PATH); install tmux ${MIN_TMUX_VERSION} or newer`;
}

export function deniedSocketMessage(socketPath: string): string {
  return `permission denied on the tmux socket ${socketPath}: it belongs to another user, or its directory is closed to this one`;
}

/**
 * What a failed `tmux -C attach` means. The tmux program itself missing (typically on a remote
 * host: the shell says so) is an error, not a server that is merely not running.
 */
export function attachFailure(reason: string): { status: ConnectionStatus; message: string } {
  const noProgram = /command not found|tmux[^\s:]*: (?:No such file or directory|not found)/i.test(reason) && !/error connecting/i.test(reason);
  const noServer = !noProgram && /no sessions|no server running|error connecting|failed to connect|No such file/i.test(reason);
  return noServer ? { status: 'no_server', message: `no tmux server (${reason})` } : { status: 'error', message: reason };
}
