// What an orchestrator is made from: its options, the interface its shells hold, and which
// local tmux server it acts on.
import type { EngineHost } from '../../shared/api.js';
import type { EngineStatus } from '../../shared/domain.js';
import type { ActionTimings } from '../actions/index.js';
import { ServerIdentity } from '../tmux/index.js';

export type ShellKind = EngineStatus['shell'];

export interface OrchestratorOptions {
  /** `tmux -L NAME`. Without a socket option, the desktop and web shells use settings.tmux. */
  socketName?: string;
  /** `tmux -S PATH` (wins over socketName). */
  socketPath?: string;
  /** The history database (default: defaultDbPath(), shared by the app and the CLI). */
  dbPath?: string;
  /**
   * Run the monitors and hold the store leases (app, serve, monitor daemon); false for CLI
   * one-shots. Default: true for the desktop and web shells, false for the CLI.
   */
  monitor?: boolean;
  shell: ShellKind;
  now?: () => number;
  /** better-sqlite3 built for Electron's ABI (the desktop shell passes it). */
  nativeBinding?: string;
  /**
   * When another process already monitors the local tmux server: 'throw' (default) refuses
   * with the store's message naming the holder; 'read-only' carries on without monitoring it.
   * A remote host monitored elsewhere is always left to its holder (with a warning).
   */
  onLeaseHeld?: 'throw' | 'read-only';
  /** Who holds the lease, as a second monitor is told (default from the shell). */
  leaseApp?: string;
  /** Every warning (degraded store, lost lease, unreachable host…) as it happens. */
  onWarning?: (message: string) => void;
  /** A queued message's outcome (id, agent, status; never its text), for the daemon log. */
  onDelivery?: (d: { messageId: number; agent: string; status: string }) => void;
  /** What a long action is doing (a send waiting for a busy agent), for the person waiting. */
  onNotice?: (message: string) => void;
  /** Where actions read `ORC_AGENT_CMD_<TYPE>` overrides (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Action timings (tests shorten them). */
  timings?: Partial<ActionTimings>;
  /** Monitor periods (tests shorten them). */
  metricsIntervalMs?: number;
  retentionIntervalMs?: number;
  /** ssh options for remote hosts (tests pass a config file). */
  ssh?: { configFile?: string; args?: readonly string[] };
}

export interface Orchestrator extends EngineHost {
  readonly shell: ShellKind;
  /** Whether this process runs the monitor (and holds the lease) of the local server right now. */
  readonly monitoring: boolean;
  /** Warnings so far, oldest first (bounded). */
  warnings(): readonly string[];
}

/** The local tmux server as this engine names it: -S wins over -L; neither is tmux's own pick. */
export type Server = { socketName?: string; socketPath?: string };

/** Who holds a monitor lease, as a second monitor is told. */
export const LEASE_APPS: Record<ShellKind, string> = {
  desktop: 'tmux-orchestrator app',
  web: 'tmux-orc serve',
  cli: 'tmux-orc monitor',
};

/**
 * The server named by options or settings: -S wins over -L; neither is the server tmux itself
 * would pick: $TMUX's when we run inside tmux, else the default (ServerIdentity's rule, so the
 * server we act on is the one every stored key names).
 */
export function serverOf(t: { socketName?: string | null; socketPath?: string | null }): Server {
  if (t.socketPath) return { socketPath: t.socketPath };
  if (t.socketName) return { socketName: t.socketName };
  return process.env.TMUX ? { socketPath: ServerIdentity.of({}).socketPath } : {};
}
