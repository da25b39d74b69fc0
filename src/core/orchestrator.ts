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
import { hostname } from 'node:os';
import { ApiError, callerOf, type ApiCall, type ApiEvent, type ApiHandlers, type EngineHost } from '../shared/api.js';
import type { EngineStatus } from '../shared/domain.js';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings.js';
import type { Actions, AutoContinuer, AutoRestarter, Scheduler } from './actions/index.js';
import { createFleet, type Fleet, createFleetActions, type FleetActions, LOCAL_HOST } from './hosts/index.js';
import type { Monitor, MonitorConnection } from './monitor/index.js';
import { EventHub } from './event-hub.js';
import { AgentLookup } from './orchestrator/agent-lookup.js';
import { describeServer, toEngineError } from './orchestrator/errors.js';
import { guardHandlers } from './orchestrator/handler-guard.js';
import { startHousekeeping } from './orchestrator/housekeeping.js';
import { LEASE_APPS, serverOf, type Orchestrator, type OrchestratorOptions, type Server, type ShellKind } from './orchestrator/options.js';
import { engineHandlers, type EngineParts } from './orchestrator/handlers.js';
import { ServerClaim } from './orchestrator/server-claim.js';
import { engineStatus } from './orchestrator/status.js';
import { hookInstallFor } from './orchestrator/version.js';
import { defaultDbPath, openStore, serverKey, storeForServer, type LeaseHandle, type Store } from './store/index.js';
import { firstVerdict, runTmuxOnce } from './tmux/index.js';

export type { Orchestrator, OrchestratorOptions, ShellKind } from './orchestrator/options.js';
export { createStoreEngine, type StoreEngineOptions } from './orchestrator/store-engine.js';

const MAX_WARNINGS = 100;
// Loaded on first use: a one-shot `tmux-orc list` needs neither (start-up time is the CLI's
// budget), and the monitor and actions modules are most of the engine's code.
const loadActions = () => import('./actions/index.js');
const loadMonitor = () => import('./monitor/index.js');
type ActionsModule = Awaited<ReturnType<typeof loadActions>>;
type MonitorModule = Awaited<ReturnType<typeof loadMonitor>>;

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
  /** The engine's own calls (schedules, auto-continue, auto-restart, PM reports): through dispatch like any other. */
  private readonly call: ApiCall;
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
  private continuer: AutoContinuer | null = null;
  private readonly monitors = new Map<string, Monitor>();
  private readonly leases = new Map<string, LeaseHandle>();
  /** The local server's monitor lease, kept on the tmux server itself. */
  private readonly serverClaim = new ServerClaim({
    server: () => this.server,
    app: () => this.opts.leaseApp ?? LEASE_APPS[this.shell],
    onLost: (reason) => this.onLeaseLost(LOCAL_HOST, reason),
  });
  private fleetStops: (() => void)[] = [];
  private stopQueue: () => void = () => undefined;
  /** Monitor mode asked for (the local monitor may still be refused). */
  private monitorMode = false;
  /** Serialises fleet rebuilds (settings changes, setMonitoring, a lost lease). */
  private rebuilding: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly lookup = new AgentLookup({
    fleet: () => this.theFleet(),
    monitors: this.monitors,
    quietMs: () => this.settings().quietMs,
    now: () => this.now(),
    warn: (m) => this.warn(m),
    server: () => this.server,
  });

  constructor(private readonly opts: OrchestratorOptions) {
    this.shell = opts.shell;
    this.now = opts.now ?? Date.now;
    this.hub = new EventHub((m) => this.warn(m));
    this.server = serverOf(opts);
    this.handlers = guardHandlers(engineHandlers(this.parts()), { store: () => this.store(), server: () => this.server });
    this.call = callerOf(this.handlers);
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
    await this.serverClaim.release();
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
          delivered: this.opts.onDelivery,
          note: (m) => this.opts.onNotice?.(m),
          notificationChanged: (notification) => this.hub.emit({ type: 'notificationChanged', notification }),
          hooks: hookInstallFor(this.opts.dbPath ?? defaultDbPath(), this.settings().agentHooks),
        });
      });
    }
    return this.fleetActions;
  }

  private async scheduler(): Promise<Scheduler> {
    if (!this.schedulerHandle) {
      const { createScheduler } = await loadActions();
      if (this.schedulerHandle) return this.schedulerHandle;
      this.schedulerHandle = createScheduler({
        store: this.store(),
        server: () => serverKey({ host: LOCAL_HOST, ...this.server }),
        send: (target, text) => this.call('sendMessage', { target, text }),
        resolve: (target) => this.lookup.resolve(target, 'generic'),
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
    // Load and claim first, then swap synchronously: callers never find the engine without a fleet.
    const mods = monitor ? await Promise.all([loadMonitor(), loadActions()]) : null;
    const serverRefusal = await this.serverClaim.claim(monitor);
    this.teardown();
    this.monitorMode = monitor;
    const settings = this.settings();
    const makeMonitor = mods ? this.monitorMaker(mods[0].createMonitor, mods[1].createAutoRestarter, mods[1].createAutoContinuer, serverRefusal) : undefined;
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
    this.serverClaim.useRunner((args) => {
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

  /** One writer of the fleet-wide metrics and of retention: the process monitoring the local server. */
  private startHousekeeping(Sampler: MonitorModule['MetricsSampler']): void {
    const monitor = this.monitors.get(LOCAL_HOST);
    if (!monitor) return;
    this.fleetStops.push(
      startHousekeeping({
        monitor,
        store: this.store(),
        Sampler,
        now: this.now,
        emit: (e) => this.hub.emit(e),
        warn: (m) => this.warn(m),
        metricsIntervalMs: this.opts.metricsIntervalMs,
        retentionIntervalMs: this.opts.retentionIntervalMs,
      }),
    );
  }

  private onHostStatus(e: { host: string }): void {
    if (e.host === LOCAL_HOST && this.fleet?.connection(LOCAL_HOST).status === 'connected') this.serverClaim.onConnected();
    this.emitStatus();
  }

  /** Per host: take its lease, then build its monitor (null when another process monitors it). */
  private monitorMaker(
    createMonitor: MonitorModule['createMonitor'],
    createAutoRestarter: ActionsModule['createAutoRestarter'],
    createAutoContinuer: ActionsModule['createAutoContinuer'],
    serverRefusal: Error | null,
  ): (conn: MonitorConnection, host: string) => Monitor | null {
    const store = this.store();
    this.continuer = createAutoContinuer({
      settings: () => this.settings(),
      send: (agentId, text) => this.call('sendMessage', { target: agentId, text }),
      now: this.now,
      warn: (m) => this.warn(m),
    });
    this.restarter = createAutoRestarter({
      restart: (agentId) => this.call('restartAgent', { target: agentId }),
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
        submit: (agentId) => this.call('sendKeys', { target: agentId, keys: ['Enter'] }),
        deliver: (pmAgentId, text) => this.call('sendMessage', { target: pmAgentId, text }),
        onWarning: (m) => this.warn(host === LOCAL_HOST ? m : `host ${host}: ${m}`),
        // Hooks are installed on local spawns only: their signal comes to the local server.
        hookTarget: local ? { ...this.server } : null,
        server: key,
      });
      this.monitors.set(host, monitor);
      return monitor;
    };
  }

  private onMonitorEvent(e: Parameters<Parameters<Fleet['onEvent']>[0]>[0]): void {
    if (e.type === 'hostStatus') return;
    this.hub.emit(e);
    if (e.type === 'agentChanged') this.continuer?.onAgent(e.agent);
    if (e.type === 'agentRemoved') this.continuer?.forget(e.id);
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
    this.continuer?.dispose();
    this.continuer = null;
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

  /**
   * A spawn may open a new session (on a server that had none, no control client hears of it
   * until the next reconcile sweep): reconcile now, so the monitor knows the agent when the
   * spawn returns. Best effort: the sweep still follows.
   */
  private async seeNewAgents(): Promise<void> {
    if (this.monitoring) await this.fleet?.reconcile().catch(() => undefined);
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

  // ---- status -------------------------------------------------------------------------------

  private status(): EngineStatus {
    return engineStatus({
      fleet: this.fleet,
      monitoring: this.monitoring,
      localLease: this.leases.get(LOCAL_HOST),
      store: () => this.store(),
      server: this.server,
      shell: this.shell,
      now: this.now(),
      env: this.opts.env ?? process.env,
    });
  }

  private emitStatus(): void {
    if (this.closed || this.hub.size === 0) return;
    this.hub.emit({ type: 'status', status: this.status() });
  }

  /** What the handler table routes to. */
  private parts(): EngineParts {
    return {
      lookup: this.lookup,
      fleet: () => this.theFleet(),
      actions: () => this.actions(),
      scheduler: () => this.scheduler(),
      store: () => this.store(),
      now: () => this.now(),
      // A status taken while the local connection is still being made would say only "connecting".
      status: async () => {
        if (this.fleet) await firstVerdict(this.fleet.connection(LOCAL_HOST), 5_000);
        return this.status();
      },
      applySettings: (next) => this.applySettings(next),
      setMonitoring: async (enabled) => {
        if (enabled !== this.monitoring) await this.rebuild(enabled, true);
        return this.monitoring;
      },
      dbPath: this.opts.dbPath,
      seeNewAgents: () => this.seeNewAgents(),
      warn: (m) => this.warn(m),
    };
  }
}
