// Waiting out a connection's first attempt: callers that must not act on "connecting" (list
// now, or report no server) wait for connected / no_server / error, with a deadline.
import type { ConnectionStatus } from '../../shared/domain.js';
import type { TmuxConnectionEvents } from './connection-types.js';

export interface StatusSource {
  readonly status: ConnectionStatus;
  on(event: 'status', listener: (...args: TmuxConnectionEvents['status']) => void): unknown;
  off(event: 'status', listener: (...args: TmuxConnectionEvents['status']) => void): unknown;
}

/** Resolves once the connection is no longer `connecting`, or after timeoutMs. */
export function firstVerdict(conn: StatusSource, timeoutMs: number): Promise<void> {
  if (conn.status !== 'connecting') return Promise.resolve();
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      conn.off('status', onStatus);
      resolve();
    };
    const onStatus = () => {
      if (conn.status !== 'connecting') finish();
    };
    const timer = setTimeout(finish, timeoutMs);
    conn.on('status', onStatus);
  });
}
