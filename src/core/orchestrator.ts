// The orchestrator: the one object that implements the API (what IPC, the CLI and the web
// server call). Glue only: every method delegates to tmux, the store, the agents registry, the
// monitor or the actions; events from the monitor and the connection are forwarded.
//
// Two modes. With `monitor: true` (the app, `serve`, `tmux-orc monitor`) it takes the store's
// single-writer lease for the tmux server, runs the monitor loop, the message queue, the
// schedules runner and the optional auto-restart. With `monitor: false` (CLI one-shots) it
// opens nothing it does not need: listAgents is one snapshot (one pane listing, pipelined
// captures, classify), the store opens on first use, and close() is quick.
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { ApiError, type ApiHandlers, type EngineHost } from '../shared/api.js';
import type { AgentInfo, EngineStatus } from '../shared/domain.js';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings.js';
import { resolveTarget } from './agents/targets.js';
import type { Actions, ActionTimings, Scheduler } from './actions/index.js';
import { oneShotDirectory, resolveAgent } from './actions/directory.js';
import type { Monitor } from './monitor/index.js';
import { snapshotOnce } from './monitor/snapshot.js';
import { EventHub } from './orchestrator/events.js';
import { describeServer, toEngineError } from './orchestrator/errors.js';
import { storeHandlers } from './orchestrator/store-handlers.js';
import { engineVersion } from './orchestrator/version.js';
import { DEFAULT_LEASE_TTL_MS, defaultDbPath, openStore, serverKey, type LeaseHandle, type Store } from './store/index.js';
import { connectTmux, type TmuxConnection } from './tmux/index.js';

export type ShellKind = EngineStatus['shell'];

export interface OrchestratorOptions {
  /** `tmux -L NAME`. Without a socket option, the desktop and web shells use settings.tmux. */
  socketName?: string;
  /** `tmux -S PATH` (wins over socketName). */
  socketPath?: string;
  /** The history database (default: defaultDbPath(), shared by the app and the CLI). */
  dbPath?: string;
  /**
   * Run the monitor loop and hold the store lease (app, serve, monitor daemon); false for CLI
   * one-shots. Default: true for the desktop and web shells, false for the CLI.
   */
  monitor?: boolean;
  shell: ShellKind;
  now?: () => number;
  /** better-sqlite3 built for Electron's ABI (the desktop shell passes it). */
  nativeBinding?: string;
  /** Accepted from the desktop shell; the database stays at dbPath/defaultDbPath so app and CLI share history. */
  dataDir?: string;
  /**
   * When another process already monitors this tmux server: 'throw' (default) refuses with the
   * store's message naming the holder; 'read-only' carries on without monitoring.
   */
  onLeaseHeld?: 'throw' | 'read-only';
  /** Who holds the lease, as a second monitor is told (default from the shell). */
  leaseApp?: string;
  /** Every warning (degraded store, lost lease, failed deliveries…) as it happens. */
  onWarning?: (message: string) => void;
  /** Where actions read `ORC_AGENT_CMD_<TYPE>` overrides (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Action timings (tests shorten them). */
  timings?: Partial<ActionTimings>;
  /** Monitor periods (tests shorten them). */
  metricsIntervalMs?: number;
  retentionIntervalMs?: number;
}

export interface Orchestrator extends EngineHost {
  readonly shell: ShellKind;
  /** Whether this process runs the monitor (and holds the lease) right now. */
  readonly monitoring: boolean;
  /** Warnings so far, oldest first (bounded). */
  warnings(): readonly string[];
}

const MAX_WARNINGS = 100;

function serverOf(t: Settings['tmux']): { socketName?: string; socketPath?: string } {
  return t.socketPath ? { socketPath: t.socketPath } : t.socketName ? { socketName: t.socketName } : {};
}

// Loaded on first use: a one-shot `tmux-orc list` needs neither (start-up time is the CLI's
// budget), and the monitor and actions modules are most of the engine's code.
const loadActions = () => import('./actions/index.js');
const loadMonitor = () => import('./monitor/monitor.js');
const LEASE_APPS: Record<ShellKind, string> = {
  desktop: 'tmux-orchestrator app',
  web: 'tmux-orc serve',
  cli: 'tmux-orc monitor',
};

export async function createOrchestrator(opts: OrchestratorOptions): Promise<Orchestrator> {
  const o = new OrchestratorImpl(opts);
  try {
    await o.init(opts.monitor ?? opts.shell !== 'cli');
  } catch (err) {
    await o.close();
    throw toEngineError(err, o.server);
  }
  return o;
}

class OrchestratorImpl implements Orchestrator {
  readonly shell: ShellKind;
  readonly handlers: ApiHandlers;
  server: { socketName?: string; socketPath?: string };
  private readonly now: () => number;
  private readonly hub: EventHub;
  private readonly warningList: string[] = [];
  private storeHandle: Store | null = null;
  private conn: TmuxConnection | null = null;
  private actionsHandle: Actions | null = null;
  private schedulerHandle: Scheduler | null = null;
  private monitor: Monitor | null = null;
  private lease: LeaseHandle | null = null;
  private monitorStops: (() => void)[] = [];
  private settingsCache: Settings | null = null;
  private closed = false;

  constructor(private readonly opts: OrchestratorOptions) {
    this.shell = opts.shell;
    this.now = opts.now ?? Date.now;
    this.hub = new EventHub((m) => this.warn(m));
    this.server = opts.socketPath ? { socketPath: opts.socketPath } : opts.socketName ? { socketName: opts.socketName } : {};
    this.handlers = this.wrap(this.buildHandlers());
  }

  get monitoring(): boolean {
    return this.monitor !== null;
  }

  async init(monitor: boolean): Promise<void> {
    if (this.followsSettings()) this.server = serverOf(this.settings().tmux);
    this.connect(monitor);
    if (monitor) await this.startMonitoring();
  }

  /** The app and the web shell follow the tmux server chosen in settings, unless told one. */
  private followsSettings(): boolean {
    return this.opts.socketPath === undefined && this.opts.socketName === undefined && this.shell !== 'cli';
  }

  /** A new connection to this.server (the old one, if any, is closed). */
  private connect(watchAll: boolean): void {
    this.conn?.close();
    this.watchAll = watchAll;
    const conn = connectTmux({
      ...this.server,
      // A one-shot needs no output events from every session: one client is enough.
      ...(watchAll ? {} : { watchSession: () => false }),
    });
    conn.on('status', () => {
      if (conn === this.conn) this.emitStatus();
    });
    this.conn = conn;
  }

  private watchAll = false;

  /** Follow another tmux server (settings.tmux changed): monitoring moves with it. */
  private async rebind(server: { socketName?: string; socketPath?: string }): Promise<void> {
    const wasMonitoring = this.monitor !== null;
    this.stopMonitoring();
    this.server = server;
    this.connect(wasMonitoring);
    if (wasMonitoring) await this.startMonitoring();
    this.emitStatus();
  }

  onEvent(listener: Parameters<EngineHost['onEvent']>[0]): () => void {
    return this.hub.on(listener);
  }

  warnings(): readonly string[] {
    return [...this.warningList];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopMonitoring();
    this.actionsHandle?.close();
    this.actionsHandle = null;
    this.conn?.close();
    this.storeHandle?.close();
    this.storeHandle = null;
    this.hub.clear();
  }

  // ---- parts, opened on first use ---------------------------------------------------------

  private warn(message: string): void {
    if (this.warningList.length >= MAX_WARNINGS) this.warningList.shift();
    this.warningList.push(message);
    this.opts.onWarning?.(message);
  }

  private store(): Store {
    if (this.closed) throw new ApiError('unavailable', 'the engine is closed');
    if (!this.storeHandle) {
      this.storeHandle = openStore({
        path: this.opts.dbPath ?? defaultDbPath(),
        nativeBinding: this.opts.nativeBinding,
        onWarning: (m) => this.warn(m),
      });
    }
    return this.storeHandle;
  }

  private settings(): Settings {
    if (this.settingsCache) return this.settingsCache;
    try {
      this.settingsCache = this.store().settings.get();
    } catch (err) {
      this.warn(`settings not readable, using the defaults: ${(err as Error).message}`);
      this.settingsCache = DEFAULT_SETTINGS;
    }
    return this.settingsCache;
  }

  private connection(): TmuxConnection {
    if (!this.conn || this.closed) throw new ApiError('unavailable', 'the engine is closed');
    return this.conn;
  }

  private async actions(): Promise<Actions> {
    if (!this.actionsHandle) {
      const { createActions } = await loadActions();
      if (this.actionsHandle) return this.actionsHandle;
      const monitor = this.monitor;
      this.actionsHandle = createActions({
        conn: this.connection(),
        store: this.store(),
        directory: monitor ? { list: () => monitor.agents() } : undefined,
        timings: { quietMs: this.settings().quietMs, ...this.opts.timings },
        env: this.opts.env,
        now: this.now,
        warn: (m) => this.warn(m),
      });
    }
    return this.actionsHandle;
  }

  private async scheduler(): Promise<Scheduler> {
    if (!this.schedulerHandle) {
      const { createScheduler } = await loadActions();
      if (this.schedulerHandle) return this.schedulerHandle;
      this.schedulerHandle = createScheduler({
        store: this.store(),
        send: async (target, text) => (await this.actions()).sendMessage(target, text),
        resolve: (target) => this.resolveAny(target),
        now: this.now,
        warn: (m) => this.warn(m),
      });
    }
    return this.schedulerHandle;
  }

  // ---- agents -------------------------------------------------------------------------------

  private async agents(): Promise<AgentInfo[]> {
    if (this.monitor) return this.monitor.agents();
    // Read settings (opening the store) while tmux is still attaching: the two overlap.
    const quietMs = this.settings().quietMs;
    const conn = await this.settledConnection();
    // No server means no agents, not an error: `tmux-orc list` prints an empty list.
    if (conn.status === 'no_server') return [];
    return snapshotOnce(conn, { quietMs, now: this.now() });
  }

  /** The connection once its first attempt is over (connected, or known to have no server). */
  private async settledConnection(timeoutMs = 10_000): Promise<TmuxConnection> {
    const conn = this.connection();
    if (conn.status !== 'connecting') return conn;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        conn.off('status', onStatus);
        resolve();
      };
      const onStatus = () => {
        if (conn.status !== 'connecting') done();
      };
      const timer = setTimeout(done, timeoutMs);
      conn.on('status', onStatus);
    });
    return conn;
  }

  /** For actions on existing agents: with no tmux server there is nothing to act on; say so. */
  private async requireServer(): Promise<void> {
    const conn = await this.settledConnection();
    if (conn.status === 'no_server') {
      throw new ApiError('unavailable', `no tmux server is running (${describeServer(this.server)}): start one, or pass -L NAME / -S PATH`);
    }
  }

  /** An agent or a plain pane (as a generic agent) for a target. */
  private resolveAny(target: string): Promise<AgentInfo> {
    const monitor = this.monitor;
    const conn = this.connection();
    return resolveAgent(monitor ? { list: () => monitor.agents() } : oneShotDirectory(conn), conn, target);
  }

  private async findAgent(target: string): Promise<AgentInfo | null> {
    try {
      return await this.resolveAny(target);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 'not_found' || code === 'ambiguous' || code === 'bad_input') return null;
      if (this.conn?.status !== 'connected') return null;
      throw err;
    }
  }

  // ---- monitoring ---------------------------------------------------------------------------

  private async startMonitoring(): Promise<void> {
    if (this.monitor) return;
    // A one-shot connection watches one session; the monitor needs output from all of them.
    if (!this.watchAll) this.connect(true);
    const store = this.store();
    const key = serverKey({ host: 'local', ...this.server });
    try {
      this.lease = store.lease.acquire(
        key,
        { pid: process.pid, host: hostname(), app: this.opts.leaseApp ?? LEASE_APPS[this.shell] },
        { onLost: (reason) => this.onLeaseLost(reason), now: this.now },
      );
    } catch (err) {
      if ((err as { code?: unknown }).code === 'conflict' && this.opts.onLeaseHeld === 'read-only') {
        this.warn(`${(err as Error).message}; this process shows agents without monitoring them`);
        this.emitStatus();
        return;
      }
      throw err;
    }
    const conn = this.connection();
    // Start from a full listing when a server is there (a missing one is followed as it comes).
    await this.settledConnection(5_000);
    const [{ createMonitor }, { createAutoRestarter }] = await Promise.all([loadMonitor(), loadActions()]);
    const monitor = createMonitor({
      conn,
      settings: this.settings(),
      store,
      host: 'local',
      now: this.now,
      submit: async (agentId) => (await this.actions()).sendKeys(agentId, ['Enter']),
      deliver: async (pmAgentId, text) => (await this.actions()).sendMessage(pmAgentId, text),
      metricsIntervalMs: this.opts.metricsIntervalMs,
      retentionIntervalMs: this.opts.retentionIntervalMs,
      onWarning: (m) => this.warn(m),
    });
    this.monitor = monitor;
    const restarter = createAutoRestarter({
      restart: async (agentId) => (await this.actions()).restartAgent(agentId),
      now: this.now,
      onGiveUp: (agentId, reason) => this.warn(`auto-restart of ${agentId}: ${reason}`),
    });
    const offEvents = monitor.onEvent((e) => {
      this.hub.emit(e);
      if (e.type === 'agentChanged' && e.transition?.to === 'crashed' && this.settings().autoRestart) restarter.onCrash(e.agent.id);
      if (e.type === 'agentRemoved') restarter.forget(e.id);
    });
    this.monitorStops = [offEvents, () => restarter.dispose(), () => this.stopQueue()];
    // Actions made before now listed panes afresh; from now on they use the monitor's registry.
    await this.rebuildActions();
    await monitor.start();
    const scheduler = await this.scheduler();
    void scheduler.start().catch((err: unknown) => this.warn(`schedules: ${(err as Error).message}`));
    this.emitStatus();
  }

  /** New actions (after monitoring started or stopped, or quietMs changed); the queue moves to them. */
  private async rebuildActions(): Promise<void> {
    const stop = this.stopQueue;
    this.stopQueue = () => undefined;
    stop();
    this.actionsHandle?.close();
    this.actionsHandle = null;
    const monitor = this.monitor;
    if (!monitor) return;
    const actions = await this.actions();
    this.stopQueue = actions.startQueue((listener) =>
      monitor.onEvent((e) => {
        if (e.type === 'agentChanged') listener(e.agent);
      }),
    );
  }

  private stopQueue: () => void = () => undefined;

  private stopMonitoring(): void {
    const wasMonitoring = this.monitor !== null || this.lease !== null;
    this.schedulerHandle?.stop();
    for (const stop of this.monitorStops.splice(0)) stop();
    this.monitor?.stop();
    this.monitor = null;
    // Actions built on the monitor's registry go back to fresh listings.
    void this.rebuildActions();
    if (this.lease?.held) {
      try {
        this.lease.release();
      } catch (err) {
        this.warn(`monitor lease not released: ${(err as Error).message}`);
      }
    }
    this.lease = null;
    if (wasMonitoring && !this.closed) this.emitStatus();
  }

  private onLeaseLost(reason: string): void {
    this.warn(`monitoring stopped: ${reason}`);
    this.lease = null;
    this.stopMonitoring();
  }

  private applySettings(next: Settings): void {
    const prev = this.settingsCache;
    this.settingsCache = next;
    if (prev && this.followsSettings() && serverKey({ host: 'local', ...serverOf(prev.tmux) }) !== serverKey({ host: 'local', ...serverOf(next.tmux) })) {
      void this.rebind(serverOf(next.tmux)).catch((err: unknown) => this.warn(`could not switch tmux server: ${(err as Error).message}`));
      return;
    }
    this.monitor?.updateSettings(next);
    // Actions take quietMs when created: rebuild them when it changed.
    if (prev && prev.quietMs !== next.quietMs && this.actionsHandle) {
      void this.rebuildActions().catch((err: unknown) => this.warn(`actions not rebuilt: ${(err as Error).message}`));
    }
  }

  // ---- status -------------------------------------------------------------------------------

  private leaseHolder(): string | null {
    if (this.lease?.held) {
      const h = this.lease.holder;
      return `${h.app} (pid ${h.pid} on ${h.host}, this process)`;
    }
    try {
      const cur = this.store().lease.current(serverKey({ host: 'local', ...this.server }));
      if (!cur || this.now() - cur.heartbeatAt > DEFAULT_LEASE_TTL_MS) return null;
      return `${cur.app} (pid ${cur.pid} on ${cur.host})`;
    } catch {
      return null;
    }
  }

  private status(): EngineStatus {
    const conn = this.conn;
    return {
      hosts: [
        {
          host: 'local',
          status: conn?.status ?? 'disconnected',
          message: conn?.statusMessage ?? 'closed',
        },
      ],
      monitoring: this.monitor !== null,
      leaseHolder: this.leaseHolder(),
      version: engineVersion(),
      shell: this.shell,
    };
  }

  private emitStatus(): void {
    if (this.closed || this.hub.size === 0) return;
    this.hub.emit({ type: 'status', status: this.status() });
  }

  // ---- the handler table --------------------------------------------------------------------

  private buildHandlers(): ApiHandlers {
    const filterAgents = (list: AgentInfo[], q: { state?: string; team?: string; host?: string }) =>
      list.filter((a) => (!q.state || a.state === q.state) && (!q.team || a.team === q.team) && (!q.host || a.host === q.host));
    return {
      ...storeHandlers({
        store: () => this.store(),
        now: this.now,
        findAgent: (t) => this.findAgent(t),
        onSettings: (s) => this.applySettings(s),
      }),
      getStatus: async () => {
        // A status taken while the connection is still being made would say only "connecting".
        await this.settledConnection(5_000);
        return this.status();
      },
      listAgents: async (q) => filterAgents(await this.agents(), q),
      getAgent: async ({ target }) => {
        await this.requireServer();
        return resolveTarget(await this.agents(), target);
      },
      capturePane: async ({ target, ansi, scrollback }) => {
        await this.requireServer();
        const agent = await this.resolveAny(target);
        const conn = this.connection();
        const [text, size] = await Promise.all([
          conn.capture(agent.paneId, { ansi, scrollback }),
          conn.run(['display-message', '-p', '-t', agent.paneId, '#{pane_width} #{pane_height}']),
        ]);
        const [cols = 0, rows = 0] = (size[0] ?? '').split(' ').map(Number);
        return { agentId: agent.id, text, cols, rows };
      },
      sendMessage: async ({ target, text, now }) => {
        await this.requireServer();
        return (await this.actions()).sendMessage(target, text, { now });
      },
      sendKeys: async ({ target, keys }) => {
        await this.requireServer();
        return (await this.actions()).sendKeys(target, keys);
      },
      broadcast: async (input) => {
        await this.requireServer();
        return (await this.actions()).broadcast(input);
      },
      spawnAgent: async (input) => {
        // An agent that runs `tmux-orc send …` must log to (and queue in) this engine's database.
        const db = this.opts.dbPath;
        const env = db && db !== ':memory:' ? { ORC_DB: resolve(db), ...input.env } : input.env;
        return (await this.actions()).spawnAgent({ ...input, env });
      },
      deployTeam: async (input) => (await this.actions()).deployTeam(input),
      killAgent: async ({ target }) => {
        await this.requireServer();
        return (await this.actions()).killAgent(target);
      },
      restartAgent: async ({ target }) => {
        await this.requireServer();
        return (await this.actions()).restartAgent(target);
      },
      listSchedules: async () => (await this.scheduler()).list(),
      schedule: async (input) => (await this.scheduler()).schedule(input),
      cancelSchedule: async ({ id }) => (await this.scheduler()).cancel(id),
      setMonitoring: async ({ enabled }) => {
        if (enabled) await this.startMonitoring();
        else this.stopMonitoring();
        return { monitoring: this.monitor !== null };
      },
      // The desktop shell overrides it with the native picker; elsewhere the UI shows a text field.
      pickFolder: async () => ({ path: null }),
    };
  }

  /** Every handler's errors come out as ApiError with one clear line. */
  private wrap(h: ApiHandlers): ApiHandlers {
    const out: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [name, fn] of Object.entries(h) as [string, (input: unknown) => Promise<unknown>][]) {
      out[name] = async (input) => {
        try {
          return await fn(input);
        } catch (err) {
          throw toEngineError(err, this.server);
        }
      };
    }
    return out as ApiHandlers;
  }
}
