// What every long-lived front end (monitor, serve, the desktop app) writes to its log about the
// engine: tmux connections and the monitor lease as they change (not every status tick).
import type { Logger } from 'pino';
import type { EngineHost } from '../../shared/api.js';
import type { EngineStatus } from '../../shared/domain.js';

/** Log the engine's connections and lease from now on; returns the unsubscribe. */
export function logEngineStatus(engine: Pick<EngineHost, 'handlers' | 'onEvent'>, log: Pick<Logger, 'info'>): () => void {
  const hosts = new Map<string, string>();
  let lease: string | null | undefined;
  const seen = (s: EngineStatus) => {
    for (const h of s.hosts) {
      if (hosts.get(h.host) === h.status) continue;
      hosts.set(h.host, h.status);
      log.info({ event: 'tmux', host: h.host, status: h.status }, h.message);
    }
    const holder = s.monitoring ? 'this process' : s.leaseHolder;
    if (holder !== lease) {
      log.info({ event: s.monitoring ? 'lease taken' : lease === undefined ? 'lease not held' : 'lease lost', holder });
      lease = holder;
    }
  };
  void engine.handlers.getStatus({}).then(seen, () => undefined);
  return engine.onEvent((e) => (e.type === 'status' ? seen(e.status) : undefined));
}
