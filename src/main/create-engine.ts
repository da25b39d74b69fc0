// ─── WIRING POINT ────────────────────────────────────────────────────────────────────────
// The one place main reaches into core. Kept in its own module (imported only by index.ts)
// so tests and the rest of main never load core: they receive an EngineFactory instead.
import { dirname } from 'node:path';
import type { EngineHost, EngineOptions } from './engine-host.js';
import type { DesktopLog } from './main-log.js';
import { logEngineStatus, openDaemonLog } from '../core/log/index.js';
import { defaultDbPath } from '../core/store/index.js';

export const DESKTOP_LOG_FILE = 'desktop.log';

/**
 * The desktop app's log: the daemons' rotated JSON lines (core/log/daemon-log.ts) as
 * desktop.log beside the store the app uses (monitor.log and serve.log live there too).
 */
export function openDesktopLog(dir: string = dirname(defaultDbPath())): DesktopLog {
  const log = openDaemonLog({ dir, file: DESKTOP_LOG_FILE, warn: (m) => console.warn(`Tmux Orchestrator: ${m}`) });
  log.info({ event: 'start', pid: process.pid, versions: { electron: process.versions.electron ?? null, node: process.versions.node } });
  return log;
}

/** The engine, its warnings, queued deliveries, tmux connections and lease written to `log`. */
export async function createEngine(opts: EngineOptions, log?: DesktopLog): Promise<EngineHost> {
  const { createOrchestrator } = await import('../core/orchestrator.js');
  const orc = await createOrchestrator({
    ...opts,
    onWarning: log ? (m) => log.warn({ event: 'warning' }, m) : undefined,
    onDelivery: log ? (d) => log.info({ event: 'delivery', ...d }) : undefined,
  });
  if (log) logEngineStatus(orc, log);
  return orc as EngineHost;
}
