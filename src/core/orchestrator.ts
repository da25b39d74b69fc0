// The orchestrator: the one object that implements the API (what IPC, the CLI and the web
// server call). It owns the fleet's life cycle — leases, rebuilds when settings move the
// server or the hosts, metrics and retention housekeeping — and otherwise delegates to the
// fleet of tmux servers (local plus the ssh hosts in settings), the store, the monitors or the
// actions; events are forwarded.
//
// Two modes. With `monitor: true` (the app, `serve`, `tmux-orc monitor`) it takes the store's
// single-writer lease of each tmux server, runs a monitor per host, the message queue, the
// schedules runner and the optional auto-restart. With `monitor: false` (CLI one-shots) it
// opens nothing it does not need: listAgents is one snapshot per host (one pane listing,
// pipelined captures, classify), the store opens on first use, and close() is quick.
import { hostname, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ApiError, type ApiEvent, type ApiHandlers, type EngineHost } from '../shared/api.js';
import type { AgentInfo, EngineStatus } from '../shared/domain.js';
import { agentCommandVar, DEFAULT_SETTINGS, PROGRAM_TYPES, type Settings } from '../shared/settings.js';
import type { Actions, ActionTimings, AutoRestarter, Scheduler } from './actions/index.js';
import { oneShotDirectory, resolveAgent } from './actions/directory.js';
import { createFleet, type Fleet } from './hosts/fleet.js';
import { createFleetActions, type FleetActions } from './hosts/fleet-actions.js';
import { LOCAL_HOST } from './hosts/names.js';
import type { Monitor, MonitorConnection } from './monitor/index.js';
import { EventHub } from './event-hub.js';
import { describeServer, toEngineError } from './orchestrator/errors.js';
import { storeHandlers } from './orchestrator/store-handlers.js';
import { engineVersion, ourPackage } from './orchestrator/version.js';
import { tmuxOrcArgv, type HookInstallOptions } from './agents/hook-install.js';
import { DEFAULT_LEASE_TTL_MS, defaultDbPath, openStore, serverKey, StoreError, storeForServer, type LeaseHandle, type Store } from './store/index.js';
import { firstVerdict, runTmuxOnce, ServerIdentity } from './tmux/index.js';
import { ServerLease } from './monitor/server-lease.js';

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

type Server = { socketName?: string; socketPath?: string };

const MAX_WARNINGS = 100;
/** Longest stretch one retention slice may hold the event loop (one batch may overrun it a little). */
const RETENTION_SLICE_MS = 20;
/** Calls whose whole point is to be kept: with the database unwritable they fail, saying what was lost. */
const DURABLE_WRITES: Partial<Record<keyof ApiHandlers, string>> = {
  schedule: 'the schedule was not saved',
  cancelSchedule: 'the schedule was not cancelled',
  updateSettings: 'the settings were not saved',
  saveTeamTemplate: 'the team template was not saved',
  markRead: 'nothing was marked read',
};
const LEASE_APPS: Record<ShellKind, string> = {
  desktop: 'tmux-orchestrator app',
  web: 'tmux-orc serve',
  cli: 'tmux-orc monitor',
};

// Loaded on first use: a one-shot `tmux-orc list` needs neither (start-up time is the CLI's
// budget), and the monitor and actions modules are most of the engine's code.
const loadActions = () => import('./actions/index.js');
const loadMonitor = () => import('./monitor/index.js');
type ActionsModule = Awaited<ReturnType<typeof loadActions>>;
type MonitorModule = Awaited<ReturnType<typeof loadMonitor>>;

/**
 * The server named by options or settings: -S wins over -L; neither is the server tmux itself
 * would pick: $TMUX's when we run inside tmux, else the default (ServerIdentity's rule, so the
 * server we act on is the one every stored key names).
 */
function serverOf(t: { socketName?: string | null; socketPath?: string | null }): Server {
  if (t.socketPath) return { socketPath: t.socketPath };
  if (t.socketName) return { socketName: t.socketName };
  return process.env.TMUX ? { socketPath: ServerIdentity.of({}).socketPath } : {};
}

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
  server: Server;
  private readonly now: () => number;
  private readonly hub: EventHub<ApiEvent>;
  private readonly warningList: string[] = [];
  private storeHandle: Store | null = null;
  private settingsCache: Settings | null = null;
  private fleet: Fleet | null = null;
  private fleetActions: FleetActions | null = null;
  private schedulerHandle: Scheduler | null = null;
  private restarter: AutoRestarter | null = null;
  private readonly monitors = new Map<string, Monitor>();
  private readonly leases = new Map<string, LeaseHandle>();
  /** The local server's monitor lease, kept on the tmux server itself (see monitor/server-lease.ts). */
  private serverLease: { key: string; lease: ServerLease } | null = null;
  private fleetStops: (() => void)[] = [];
  private stopQueue: () => void = () => undefined;
  /** Monitor mode asked for (the local monitor may still be refused). */
  private monitorMode = false;
  /** Serialises fleet rebuilds (settings changes, setMonitoring, a lost lease). */
  private rebuilding: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly opts: OrchestratorOptions) {
    this.shell = opts.shell;
    this.now = opts.now ?? Date.now;
    this.hub = new EventHub((m) => this.warn(m));
    this.server = serverOf(opts);
    this.handlers = this.wrap(this.buildHandlers());
  }

  get monitoring(): boolean {
    return this.monitors.has(LOCAL_HOST);
  }

  async init(monitor: boolean): Promise<void> {
    if (this.followsSettings()) this.server = serverOf(this.settings().tmux);
    await this.buildFleet(monitor);
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
    // Released while the connection is still up (release never throws).
    const serverLease = this.serverLease;
    this.serverLease = null;
    await serverLease?.lease.release();
    this.teardown();
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

  private theFleet(): Fleet {
    if (!this.fleet || this.closed) throw new ApiError('unavailable', 'the engine is closed');
    return this.fleet;
  }

  private async actions(): Promise<FleetActions> {
    if (!this.fleetActions) {
      const { createActions } = await loadActions();
      if (this.fleetActions) return this.fleetActions;
      const store = this.store();
      const timings = { quietMs: this.settings().quietMs, ...this.opts.timings };
      this.fleetActions = createFleetActions(this.theFleet(), (conn, host): Actions => {
        const monitor = this.monitors.get(host);
        return createActions({
          conn,
          store,
          directory: monitor ? { list: () => monitor.agents() } : undefined,
          host,
          timings,
          env: this.opts.env,
          agentCommands: () => this.settings().agentCommands,
          now: this.now,
          warn: (m) => this.warn(m),
          hooks: this.hookInstall(),
        });
      });
    }
    return this.fleetActions;
  }

  /** How spawned agents get their hooks: `tmux-orc hook` from our package, per settings.agentHooks. */
  private hookInstall(): HookInstallOptions | null {
    const pkg = ourPackage();
    if (!pkg) return null;
    const db = this.opts.dbPath ?? defaultDbPath();
    const dir = db === ':memory:' ? join(tmpdir(), `tmux-orc-hooks-${process.getuid?.() ?? 0}`) : join(dirname(resolve(db)), 'hooks');
    return { tmuxOrc: tmuxOrcArgv(pkg.root), dir, types: this.settings().agentHooks };
  }

  private async scheduler(): Promise<Scheduler> {
    if (!this.schedulerHandle) {
      const { createScheduler } = await loadActions();
      if (this.schedulerHandle) return this.schedulerHandle;
      this.schedulerHandle = createScheduler({
        store: this.store(),
        server: () => serverKey({ host: LOCAL_HOST, ...this.server }),
        send: async (target, text) => (await this.actions()).sendMessage(target, text),
        resolve: (target) => this.resolveAny(target),
        now: this.now,
        warn: (m) => this.warn(m),
      });
    }
    return this.schedulerHandle;
  }

  // ---- the fleet ----------------------------------------------------------------------------

  /** The app and the web shell follow the tmux server chosen in settings, unless told one. */
  private followsSettings(): boolean {
    return this.opts.socketPath === undefined && this.opts.socketName === undefined && this.shell !== 'cli';
  }

  /** (Re)build the fleet: local plus settings.hosts, with monitors and leases when `monitor`. */
  private async buildFleet(monitor: boolean): Promise<void> {
    // Load first, then swap synchronously: callers never find the engine without a fleet.
    const mods = monitor ? await Promise.all([loadMonitor(), loadActions()]) : null;
    this.teardown();
    this.monitorMode = monitor;
    const settings = this.settings();
    const serverRefusal = await this.claimServer(monitor);
    const makeMonitor = mods ? this.monitorMaker(mods[0].createMonitor, mods[1].createAutoRestarter, serverRefusal) : undefined;
    let refused: unknown = null;
    const fleet = createFleet({
      hosts: [LOCAL_HOST, ...settings.hosts],
      local: this.server,
      ssh: this.opts.ssh,
      // A one-shot needs no output events from every session: one client per host is enough.
      connectOptions: monitor ? {} : { watchSession: () => false },
      makeMonitor: makeMonitor
        ? (conn, host) => {
            try {
              return makeMonitor(conn, host);
            } catch (err) {
              refused = err;
              return null;
            }
          }
        : undefined,
      now: this.now,
      onWarning: (m) => this.warn(m),
    });
    this.fleet = fleet;
    if (refused) throw refused;
    this.fleetStops.push(fleet.onEvent((e) => (e.type === 'hostStatus' ? this.onHostStatus(e) : this.onMonitorEvent(e))));
    if (!monitor) return;
    // Beats go through the control connection while this fleet is up (no process per beat).
    this.serverLease?.lease.useRunner((args) => {
      const conn = this.fleet === fleet ? fleet.connection(LOCAL_HOST) : null;
      return conn?.status === 'connected' ? conn.run(args) : runTmuxOnce(this.server, args);
    });
    // Start from a full listing when the local server is there (a missing one is followed as it comes).
    await firstVerdict(fleet.connection(LOCAL_HOST), 5_000);
    await fleet.start();
    if (mods) this.startHousekeeping(mods[0].MetricsSampler);
    await this.startQueue();
    const scheduler = await this.scheduler();
    void scheduler.start().catch((err: unknown) => this.warn(`schedules: ${(err as Error).message}`));
    this.emitStatus();
  }

  /**
   * One writer of the fleet-wide metrics and of retention: the process monitoring the local
   * server. Stopped with the fleet (teardown).
   */
  private startHousekeeping(Sampler: MonitorModule['MetricsSampler']): void {
    const monitor = this.monitors.get(LOCAL_HOST);
    if (!monitor) return;
    const store = this.store();
    const sampler = new Sampler({
      sample: (now) => monitor.sample(now),
      store,
      now: this.now,
      emit: (e) => this.hub.emit(e),
      warn: (m) => this.warn(m),
    });
    sampler.start(this.opts.metricsIntervalMs ?? 10_000);
    this.fleetStops.push(() => sampler.stop());
    const retentionMs = this.opts.retentionIntervalMs ?? 300_000;
    if (retentionMs <= 0 || store.readonly) return;
    // One pass in slices of RETENTION_SLICE_MS, the event loop free in between: a pass over a
    // big backlog blocked the server for about a second.
    let slice: NodeJS.Timeout | null = null;
    const runSlice = () => {
      slice = null;
      try {
        if (store.retention.run({ budgetMs: RETENTION_SLICE_MS }).complete) return;
        slice = setTimeout(runSlice, RETENTION_SLICE_MS);
        slice.unref?.();
      } catch (err) {
        this.warn(`retention failed: ${(err as Error).message}`);
      }
    };
    const retention = setInterval(() => {
      if (!slice) runSlice();
    }, retentionMs);
    retention.unref?.();
    this.fleetStops.push(() => {
      clearInterval(retention);
      if (slice) clearTimeout(slice);
    });
  }

  /**
   * Take (monitor) or give up (!monitor) the local server's monitor lease on the tmux server.
   * Returns the refusal when another live monitor holds it (whatever database it uses); a
   * server not running yet is claimed by the lease's heartbeat once it is there.
   */
  private async claimServer(monitor: boolean): Promise<Error | null> {
    const key = serverKey({ host: LOCAL_HOST, ...this.server });
    if (this.serverLease && (!monitor || this.serverLease.key !== key || !this.serverLease.lease.held)) {
      await this.serverLease.lease.release();
      this.serverLease = null;
    }
    if (!monitor || this.serverLease) return null;
    const lease = new ServerLease((args) => runTmuxOnce(this.server, args), {
      app: this.opts.leaseApp ?? LEASE_APPS[this.shell],
      server: key,
      onLost: (reason) => this.onLeaseLost(LOCAL_HOST, reason),
    });
    try {
      await lease.acquire();
    } catch (err) {
      if ((err as { code?: unknown }).code === 'conflict') return err as Error;
      // No server yet (or not reachable): the heartbeat takes the lease when it comes.
    }
    this.serverLease = { key, lease };
    lease.start();
    return null;
  }

  private onHostStatus(e: { host: string }): void {
    // The local server came (back): claim its monitor lease now rather than at the next beat.
    const lease = this.serverLease?.lease;
    if (e.host === LOCAL_HOST && lease && !lease.held && this.fleet?.connection(LOCAL_HOST).status === 'connected') void lease.beat();
    this.emitStatus();
  }

  /** Per host: take its lease, then build its monitor (null when another process monitors it). */
  private monitorMaker(
    createMonitor: MonitorModule['createMonitor'],
    createAutoRestarter: ActionsModule['createAutoRestarter'],
    serverRefusal: Error | null,
  ): (conn: MonitorConnection, host: string) => Monitor | null {
    const store = this.store();
    this.restarter = createAutoRestarter({
      restart: async (agentId) => (await this.actions()).restartAgent(agentId),
      now: this.now,
      onGiveUp: (agentId, reason) => this.warn(`auto-restart of ${agentId}: ${reason}`),
    });
    return (conn, host) => {
      const local = host === LOCAL_HOST;
      const key = serverKey(local ? { host, ...this.server } : { host });
      try {
        if (local && serverRefusal) throw serverRefusal;
        const lease = store.lease.acquire(
          key,
          { pid: process.pid, host: hostname(), app: this.opts.leaseApp ?? LEASE_APPS[this.shell] },
          { onLost: (reason) => this.onLeaseLost(host, reason), now: this.now },
        );
        this.leases.set(host, lease);
      } catch (err) {
        const held = (err as { code?: unknown }).code === 'conflict';
        if (!held || (local && this.opts.onLeaseHeld !== 'read-only')) throw err;
        this.warn(`${(err as Error).message}; this process shows its agents without monitoring them`);
        return null;
      }
      const monitor = createMonitor({
        conn,
        settings: this.settings(),
        // Its transitions, notifications and screens name this server.
        store: storeForServer(store, key),
        host,
        now: this.now,
        submit: async (agentId) => (await this.actions()).sendKeys(agentId, ['Enter']),
        deliver: async (pmAgentId, text) => (await this.actions()).sendMessage(pmAgentId, text),
        onWarning: (m) => this.warn(host === LOCAL_HOST ? m : `host ${host}: ${m}`),
        // Hooks are installed on local spawns only: their signal comes to the local server.
        hookTarget: local ? { ...this.server } : null,
      });
      this.monitors.set(host, monitor);
      return monitor;
    };
  }

  private onMonitorEvent(e: Parameters<Parameters<Fleet['onEvent']>[0]>[0]): void {
    if (e.type === 'hostStatus') return;
    this.hub.emit(e);
    const r = this.restarter;
    if (!r) return;
    if (e.type === 'agentChanged' && e.transition?.to === 'crashed' && this.settings().autoRestart) r.onCrash(e.agent.id);
    if (e.type === 'agentRemoved') r.forget(e.id);
  }

  /** Queued messages are delivered by the monitoring process, as agents turn idle. */
  private async startQueue(): Promise<void> {
    const fleet = this.theFleet();
    const actions = await this.actions();
    this.stopQueue = actions.startQueue((listener) =>
      fleet.onEvent((e) => {
        if (e.type === 'agentChanged') listener(e.agent);
      }),
    );
  }

  /** Stop everything the fleet runs; the store and the event listeners stay. */
  private teardown(): void {
    this.schedulerHandle?.stop();
    const stopQueue = this.stopQueue;
    this.stopQueue = () => undefined;
    stopQueue();
    this.restarter?.dispose();
    this.restarter = null;
    for (const stop of this.fleetStops.splice(0)) stop();
    this.fleetActions?.close();
    this.fleetActions = null;
    this.fleet?.close();
    this.fleet = null;
    this.monitors.clear();
    for (const [host, lease] of this.leases) {
      try {
        if (lease.held) lease.release();
      } catch (err) {
        this.warn(`monitor lease of ${host} not released: ${(err as Error).message}`);
      }
    }
    this.leases.clear();
  }

  /**
   * Rebuild in order (one at a time). A failure leaves a fleet without monitors (the engine
   * keeps answering) and is a warning, or, with `rethrow`, the caller's error.
   */
  private rebuild(monitor: boolean, rethrow = false): Promise<void> {
    const next = this.rebuilding.then(async () => {
      if (this.closed) return;
      try {
        await this.buildFleet(monitor);
      } catch (err) {
        if (!rethrow) this.warn(`monitoring not started: ${toEngineError(err, this.server).message}`);
        if (monitor) await this.buildFleet(false).catch(() => undefined);
        if (rethrow) throw err;
      } finally {
        this.emitStatus();
      }
    });
    this.rebuilding = next.catch(() => undefined);
    return next;
  }

  private onLeaseLost(host: string, reason: string): void {
    this.warn(`monitoring of ${host === LOCAL_HOST ? describeServer(this.server) : host} stopped: ${reason}`);
    this.leases.delete(host);
    // Without the local lease this process must not write as the monitor: stop monitoring.
    void this.rebuild(host === LOCAL_HOST ? false : this.monitorMode);
  }

  /** A team deployed with a PM gets PM reports (ad-hoc agents' teams only when the person says so). */
  /**
   * A spawn may open a new session (on a server that had none, no control client hears of it
   * until the next reconcile sweep): reconcile now, so the monitor knows the agent when the
   * spawn returns. Best effort: the sweep still follows.
   */
  private async seeNewAgents(): Promise<void> {
    if (this.monitoring) await this.fleet?.reconcile().catch(() => undefined);
  }

  private turnOnPmReports(team: string | null): void {
    if (team === null) return;
    try {
      const teams = this.store().settings.get().pmReportTeams;
      if (teams.includes(team)) return;
      this.applySettings(this.store().settings.update({ pmReportTeams: [...teams, team].slice(-1_000) }));
    } catch (err) {
      this.warn(`PM reports not turned on for team ${team}: ${(err as Error).message}`);
    }
  }

  private applySettings(next: Settings): void {
    const prev = this.settingsCache;
    this.settingsCache = next;
    if (!prev) return;
    const localMoved = this.followsSettings() && serverKey({ host: LOCAL_HOST, ...serverOf(prev.tmux) }) !== serverKey({ host: LOCAL_HOST, ...serverOf(next.tmux) });
    if (localMoved || prev.hosts.join('\n') !== next.hosts.join('\n')) {
      if (localMoved) this.server = serverOf(next.tmux);
      void this.rebuild(this.monitorMode);
      return;
    }
    for (const m of this.monitors.values()) m.updateSettings(next);
    // Actions take quietMs when created: rebuild them (and the queue they run) when it changed.
    if (prev.quietMs !== next.quietMs && this.fleetActions) {
      const stopQueue = this.stopQueue;
      this.stopQueue = () => undefined;
      stopQueue();
      this.fleetActions.close();
      this.fleetActions = null;
      if (this.monitors.size) void this.startQueue().catch((err: unknown) => this.warn(`queue not restarted: ${(err as Error).message}`));
    }
  }

  // ---- agents -------------------------------------------------------------------------------

  private async agents(): Promise<AgentInfo[]> {
    const fleet = this.theFleet();
    if (this.monitors.size === fleet.hosts().length) return fleet.agents();
    // Some host has no monitor here (one-shot, or monitored by another process): snapshot it.
    // Read settings (opening the store) while tmux is still attaching: the two overlap.
    const quietMs = this.settings().quietMs;
    const snap = await fleet.snapshot({ quietMs, now: this.now() });
    // The local tmux unusable (not installed, socket not ours to open) is the answer, not a warning.
    const local = fleet.connection(LOCAL_HOST);
    if (!this.monitors.size && local.unusable) throw new ApiError('unavailable', local.unusable);
    for (const u of snap.unreachable) this.warn(u.message);
    return this.monitors.size ? fleet.agents() : snap.agents;
  }

  /** For actions on agents: with only the local server and none running, say so. */
  private async requireServer(): Promise<void> {
    const fleet = this.theFleet();
    if (fleet.hosts().length > 1) return;
    const conn = fleet.connection(LOCAL_HOST);
    await firstVerdict(conn, 10_000);
    if (conn.status === 'no_server') {
      throw new ApiError('unavailable', `no tmux server is running (${describeServer(this.server)}): start one, or pass -L NAME / -S PATH`);
    }
    if (conn.unusable) throw new ApiError('unavailable', conn.unusable);
  }

  /** One agent for a target, across hosts. */
  private async getAgent(target: string): Promise<AgentInfo> {
    await this.requireServer();
    // Hosts without a monitor here: a fresh snapshot is what routing and resolving read.
    if (this.monitors.size < this.theFleet().hosts().length) await this.agents();
    return this.theFleet().resolve(target);
  }

  /** An agent or a plain pane (as a generic agent) for a target, on whichever host it lives. */
  private async resolveAny(target: string): Promise<AgentInfo> {
    const fleet = this.theFleet();
    if (this.monitors.size < fleet.hosts().length && fleet.hosts().length > 1) await this.agents();
    const r = fleet.route(target);
    const monitor = this.monitors.get(r.host);
    return fleet.onHost(r.host, (conn, host) =>
      resolveAgent(monitor ? { list: () => monitor.agents() } : oneShotDirectory(conn, host), conn, r.target, host),
    );
  }

  private async findAgent(target: string): Promise<AgentInfo | null> {
    try {
      return await this.resolveAny(target);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 'not_found' || code === 'ambiguous' || code === 'bad_input' || code === 'unavailable') return null;
      if (this.fleet?.connection(LOCAL_HOST).status !== 'connected') return null;
      throw err;
    }
  }

  // ---- status -------------------------------------------------------------------------------

  private leaseHolder(): string | null {
    const mine = this.leases.get(LOCAL_HOST);
    if (mine?.held) return `${mine.holder.app} (pid ${mine.holder.pid} on ${mine.holder.host}, this process)`;
    try {
      const cur = this.store().lease.current(serverKey({ host: LOCAL_HOST, ...this.server }));
      if (!cur || this.now() - cur.heartbeatAt > DEFAULT_LEASE_TTL_MS) return null;
      return `${cur.app} (pid ${cur.pid} on ${cur.host})`;
    } catch {
      return null;
    }
  }

  private status(): EngineStatus {
    return {
      hosts: this.fleet?.status() ?? [{ host: LOCAL_HOST, status: 'disconnected', message: 'closed' }],
      monitoring: this.monitoring,
      leaseHolder: this.leaseHolder(),
      version: engineVersion(),
      shell: this.shell,
      server: { socketName: this.server.socketName ?? null, socketPath: this.server.socketPath ?? null },
      agentCommandOverrides: this.agentCommandOverrides(),
    };
  }

  /** `ORC_AGENT_CMD_<TYPE>` set in the engine's environment: these win over Settings → Agent commands. */
  private agentCommandOverrides(): EngineStatus['agentCommandOverrides'] {
    const env = this.opts.env ?? process.env;
    return Object.fromEntries(PROGRAM_TYPES.flatMap((t) => (env[agentCommandVar(t)]?.trim() ? [[t, env[agentCommandVar(t)]!.trim()]] : [])));
  }

  private emitStatus(): void {
    if (this.closed || this.hub.size === 0) return;
    this.hub.emit({ type: 'status', status: this.status() });
  }

  // ---- the handler table --------------------------------------------------------------------

  private buildHandlers(): ApiHandlers {
    const filterAgents = (list: AgentInfo[], q: { state?: string; team?: string; host?: string }) =>
      list.filter((a) => (!q.state || a.state === q.state) && (!q.team || a.team === q.team) && (!q.host || a.host === q.host));
    const act = async () => {
      await this.requireServer();
      return this.actions();
    };
    return {
      ...storeHandlers({
        store: () => this.store(),
        now: this.now,
        findAgent: (t) => this.findAgent(t),
        onSettings: (s) => this.applySettings(s),
      }),
      getStatus: async () => {
        // A status taken while the local connection is still being made would say only "connecting".
        if (this.fleet) await firstVerdict(this.fleet.connection(LOCAL_HOST), 5_000);
        return this.status();
      },
      listAgents: async (q) => filterAgents(await this.agents(), q),
      getAgent: async ({ target }) => this.getAgent(target),
      capturePane: async ({ target, ansi, scrollback }) => {
        await this.requireServer();
        const agent = await this.resolveAny(target);
        return this.theFleet().onHost(agent.host, async (conn) => {
          const [text, size] = await Promise.all([
            conn.capture(agent.paneId, { ansi, scrollback }),
            conn.run(['display-message', '-p', '-t', agent.paneId, '#{pane_width} #{pane_height} #{history_size}']),
          ]);
          const [cols = 0, rows = 0, historySize = 0] = (size[0] ?? '').split(' ').map(Number);
          return { agentId: agent.id, text, cols, rows, historySize };
        });
      },
      sendMessage: async ({ target, text, now }) => (await act()).sendMessage(target, text, { now }),
      sendKeys: async ({ target, keys }) => (await act()).sendKeys(target, keys),
      broadcast: async (input) => (await act()).broadcast(input),
      spawnAgent: async (input) => {
        // A local agent that runs `tmux-orc send …` must log to (and queue in) this engine's database.
        const db = this.opts.dbPath;
        const local = !input.host || input.host === LOCAL_HOST;
        const env = local && db && db !== ':memory:' ? { ORC_DB: resolve(db), ...input.env } : input.env;
        const spawned = await (await this.actions()).spawnAgent({ ...input, env });
        await this.seeNewAgents();
        return spawned;
      },
      deployTeam: async (input) => {
        const members = await (await this.actions()).deployTeam(input);
        this.turnOnPmReports(members[0]?.agent.team ?? null);
        await this.seeNewAgents();
        return members;
      },
      killAgent: async ({ target, worktree }) => (await act()).killAgent(target, { worktree }),
      getChanges: async ({ target, stat }) => (await act()).changes(target, stat),
      commitWorktree: async ({ target, message }) => (await act()).commitWorktree(target, message),
      mergeWorktree: async ({ target }) => (await act()).mergeWorktree(target),
      restartAgent: async ({ target }) => (await act()).restartAgent(target),
      listSchedules: async () => (await this.scheduler()).list(),
      schedule: async (input) => (await this.scheduler()).schedule(input),
      cancelSchedule: async ({ id }) => (await this.scheduler()).cancel(id),
      setMonitoring: async ({ enabled }) => {
        if (enabled !== this.monitoring) await this.rebuild(enabled, true);
        return { monitoring: this.monitoring };
      },
      // The desktop shell overrides it with the native picker; elsewhere the UI shows a text field.
      pickFolder: async () => ({ path: null }),
    };
  }

  /**
   * A store that will keep what is written. A degraded one (file unwritable at open: history in
   * memory) would take the write and lose it at exit, so the action fails instead.
   */
  private requireDurableStore(what: string): void {
    const degraded = this.store().degraded;
    if (degraded) throw new StoreError('read_only', `${degraded.replace(/; keeping history in memory only until restart$/, '')}: ${what}`);
  }

  /** Every handler's errors come out as ApiError with one clear line. */
  private wrap(h: ApiHandlers): ApiHandlers {
    const out: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [name, fn] of Object.entries(h) as [string, (input: unknown) => Promise<unknown>][]) {
      const durable = DURABLE_WRITES[name as keyof ApiHandlers];
      out[name] = async (input) => {
        try {
          if (durable) this.requireDurableStore(durable);
          return await fn(input);
        } catch (err) {
          throw toEngineError(err, this.server);
        }
      };
    }
    return out as ApiHandlers;
  }
}
