// The fleet: one tmux connection (and one monitor) per host — `local` plus ssh destinations —
// each with its own reconnect and backoff, merged into one list of agents and one event stream.
//
// A remote host that drops off keeps its agents, shown as `unknown` with the reason
// ("host box unreachable: Connection refused"); its monitor is told the link is reconnecting
// (held-view.ts), so when the host is back one reconcile brings every agent back with its real
// state — panes that really went are removed. A remote host whose tmux server is gone loses its
// agents. Nothing here waits on a host without a deadline: listing answers from memory, and
// every per-host call has its own timeout, so one slow or dead host never delays the others.
import { ApiError } from '../../shared/api.js';
import type { AgentInfo, ConnectionStatus, EngineStatus, ServerRef, StateTransition } from '../../shared/domain.js';
import { resolveTarget } from '../agents/index.js';
import { EventHub } from '../event-hub.js';
import { type Monitor, type MonitorConnection, type MonitorEvent, snapshotOnce } from '../monitor/index.js';
import { connectTmux, firstVerdict, type ConnectOptions, type TmuxConnection, type TmuxTarget } from '../tmux/index.js';
import { HeldConnectionView, type ViewableConnection } from './held-view.js';
import { LOCAL_HOST, normalizeHosts, type HostSpec } from './names.js';
import { routeTarget, type Route } from './route.js';

/** What the fleet needs of a monitor; the real one (createMonitor) fits. */
export type FleetMonitor = Pick<Monitor, 'start' | 'stop' | 'agents' | 'onEvent' | 'reconcile'>;

/** What the fleet needs of a connection; TmuxConnection fits (unit tests pass fakes). */
export interface FleetConnection extends ViewableConnection {
  close(): void;
  /** Try now instead of waiting out the backoff. */
  reconnectNow(): void;
}

export type HostStatus = EngineStatus['hosts'][number];

/** The monitors' events, merged, plus each host's connection status as it changes. */
export type FleetEvent = MonitorEvent | { type: 'hostStatus'; host: string; status: ConnectionStatus; message: string };

export type HostResult<T> = { host: string; ok: true; value: T } | { host: string; ok: false; error: string };

export interface FleetOptions<C extends FleetConnection = TmuxConnection> {
  /** `local` and/or ssh destinations (or { host, socketName | socketPath } for a non-default remote server). */
  hosts: readonly HostSpec[];
  /** The local tmux server (-L / -S); default server when absent. */
  local?: Pick<TmuxTarget, 'socketName' | 'socketPath' | 'tmuxPath'>;
  /** ssh for every remote host: a config file instead of ~/.ssh/config (tests), extra arguments. */
  ssh?: { configFile?: string; args?: readonly string[] };
  /** Connection tuning for every host (timeouts, backoff, which sessions are watched). */
  connectOptions?: Pick<ConnectOptions, 'commandTimeoutMs' | 'pauseAfterSec' | 'watchSession' | 'reconnectMinMs' | 'reconnectMaxMs'>;
  /**
   * Build a host's monitor on the connection view given. Omit it (or return null for a host,
   * e.g. one whose monitor lease another process holds) for one-shot use: `snapshot()`.
   */
  makeMonitor?: (conn: MonitorConnection, host: string) => FleetMonitor | null;
  /** Deadline of every per-host call the fleet makes (start, reconcile, snapshot); default 5 s. */
  callTimeoutMs?: number;
  /** How a connection is opened (default connectTmux). */
  connect?: (opts: ConnectOptions) => C;
  now?: () => number;
  onWarning?: (message: string) => void;
}

export interface Fleet<C extends FleetConnection = TmuxConnection> {
  /** Host names, in the order given. */
  hosts(): string[];
  has(host: string): boolean;
  /** Start every monitor; resolves when each has started or hit its deadline. */
  start(): Promise<void>;
  /** Replace the host list (settings changed): new hosts connect, removed ones close and lose their agents. */
  setHosts(hosts: readonly HostSpec[]): Promise<void>;
  close(): void;
  /** A host's connection (for actions); ApiError('not_found') for an unknown host. */
  connection(host: string): C;
  monitor(host: string): FleetMonitor | null;
  /** How the host is reached (host, socket, ssh options): for runOnHost and one-shot tmux calls. */
  targetOf(host: string): ConnectOptions;
  /** Every agent, host by host, from what is known now (never waits); an unreachable remote host's agents are `unknown`. */
  agents(): AgentInfo[];
  agentsOf(host: string): AgentInfo[];
  status(): HostStatus[];
  onEvent(listener: (e: FleetEvent) => void): () => void;
  /** Which host a target lives on, and the target as that host's resolver reads it. */
  route(target: string): Route;
  /** One agent for a target, across hosts. */
  resolve(target: string): AgentInfo;
  /**
   * Run `fn` on one host's connection. An unreachable remote host fails at once
   * (ApiError 'unavailable' with the reason); with `timeoutMs`, so does one that does not answer in time.
   */
  onHost<T>(host: string, fn: (conn: C, host: string) => Promise<T>, timeoutMs?: number): Promise<T>;
  /** `onHost` on every host (or those given) in parallel, each with its own deadline (default callTimeoutMs). */
  eachHost<T>(fn: (conn: C, host: string) => Promise<T>, opts?: { timeoutMs?: number; hosts?: readonly string[] }): Promise<HostResult<T>[]>;
  /** Retry now the hosts that are not connected (a "retry" button; otherwise backoff up to 30 s). */
  reconnectNow(host?: string): void;
  /** Re-list and capture every host now (each within its deadline); ms per host. */
  reconcile(): Promise<HostResult<number>[]>;
  /** One-shot listing without monitors (the CLI): every host in parallel, each within its deadline. */
  snapshot(opts?: { quietMs?: number; now?: number; timeoutMs?: number }): Promise<{ agents: AgentInfo[]; unreachable: { host: string; message: string }[] }>;
}

type Mode = 'live' | 'held' | 'recovering' | 'gone';

interface HostEntry<C> {
  ref: ServerRef;
  host: string;
  remote: boolean;
  conn: C;
  view: HeldConnectionView | null;
  monitor: FleetMonitor | null;
  mode: Mode;
  downSince: number;
  downReason: string;
  everConnected: boolean;
  /** One-shot mode: the last snapshot's agents. */
  snapshot: AgentInfo[];
  recoverSeq: number;
  stops: (() => void)[];
}

const DEFAULT_CALL_TIMEOUT_MS = 5_000;
const REMOTE_RECONNECT_MAX_MS = 30_000;

export function createFleet<C extends FleetConnection = TmuxConnection>(opts: FleetOptions<C>): Fleet<C> {
  return new FleetImpl<C>(opts);
}

class FleetImpl<C extends FleetConnection> implements Fleet<C> {
  private readonly entries = new Map<string, HostEntry<C>>();
  private readonly hub = new EventHub<FleetEvent>((m) => this.warn(`fleet ${m}`));
  private readonly now: () => number;
  private readonly callTimeoutMs: number;
  private started = false;
  private closed = false;

  constructor(private readonly opts: FleetOptions<C>) {
    this.now = opts.now ?? Date.now;
    this.callTimeoutMs = opts.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    for (const ref of normalizeHosts(opts.hosts)) this.add(ref);
  }

  // ---- hosts --------------------------------------------------------------------------------

  hosts(): string[] {
    return [...this.entries.keys()];
  }

  has(host: string): boolean {
    return this.entries.has(host);
  }

  async start(): Promise<void> {
    if (this.closed) throw new ApiError('unavailable', 'the fleet is closed');
    this.started = true;
    await Promise.all([...this.entries.values()].map((e) => this.startMonitor(e)));
  }

  async setHosts(hosts: readonly HostSpec[]): Promise<void> {
    const refs = normalizeHosts(hosts);
    const wanted = new Map(refs.map((r) => [r.host, r]));
    for (const [host, e] of this.entries) {
      const want = wanted.get(host);
      if (!want || want.socketName !== e.ref.socketName || want.socketPath !== e.ref.socketPath) this.remove(host);
    }
    const added = refs.filter((r) => !this.entries.has(r.host)).map((r) => this.add(r));
    // Keep the given order.
    const ordered = refs.map((r) => [r.host, this.entries.get(r.host)!] as const);
    this.entries.clear();
    for (const [h, e] of ordered) this.entries.set(h, e);
    if (this.started) await Promise.all(added.map((e) => this.startMonitor(e)));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const host of [...this.entries.keys()]) this.dispose(this.entries.get(host)!);
    this.entries.clear();
    this.hub.clear();
  }

  connection(host: string): C {
    return this.entry(host).conn;
  }

  monitor(host: string): FleetMonitor | null {
    return this.entry(host).monitor;
  }

  targetOf(host: string): ConnectOptions {
    return this.connectOptions(this.entry(host).ref);
  }

  private entry(host: string): HostEntry<C> {
    const e = this.entries.get(host);
    if (!e) throw new ApiError('not_found', `no host "${host}" (hosts: ${this.hosts().join(', ') || 'none'})`);
    return e;
  }

  private add(ref: ServerRef): HostEntry<C> {
    const remote = ref.host !== LOCAL_HOST;
    const conn = (this.opts.connect ?? (connectTmux as unknown as (o: ConnectOptions) => C))(this.connectOptions(ref));
    const e: HostEntry<C> = {
      ref, host: ref.host, remote, conn, view: null, monitor: null, mode: 'live', downSince: 0, downReason: '',
      everConnected: conn.status === 'connected', snapshot: [], recoverSeq: 0, stops: [],
    };
    const onStatus = (s: { status: ConnectionStatus; message: string }) => this.onStatus(e, s.status, s.message);
    conn.on('status', onStatus);
    e.stops.push(() => conn.off('status', onStatus));
    if (this.opts.makeMonitor) {
      // The view must be subscribed after the fleet: the fleet marks agents unknown before the
      // monitor hears of the drop.
      e.view = remote ? new HeldConnectionView(conn) : null;
      // (Cast: the view's on()/off() return the view, not a TmuxConnection; nobody chains them.)
      e.monitor = this.opts.makeMonitor((e.view ?? conn) as unknown as MonitorConnection, ref.host);
      if (e.monitor) e.stops.push(e.monitor.onEvent((ev) => this.onMonitorEvent(e, ev)));
      else e.view?.detach();
    }
    this.entries.set(ref.host, e);
    return e;
  }

  private connectOptions(ref: ServerRef): ConnectOptions {
    const base = this.opts.connectOptions ?? {};
    if (ref.host === LOCAL_HOST) {
      const socket = ref.socketName || ref.socketPath ? { socketName: ref.socketName, socketPath: ref.socketPath } : {};
      return { ...base, ...this.opts.local, ...socket, host: LOCAL_HOST };
    }
    return {
      reconnectMaxMs: REMOTE_RECONNECT_MAX_MS,
      ...base,
      host: ref.host,
      socketName: ref.socketName,
      socketPath: ref.socketPath,
      sshConfig: this.opts.ssh?.configFile,
      sshArgs: this.opts.ssh?.args,
    };
  }

  private remove(host: string): void {
    const e = this.entries.get(host);
    if (!e) return;
    const shown = this.agentsOf(host);
    this.dispose(e);
    this.entries.delete(host);
    for (const a of shown) this.emit({ type: 'agentRemoved', id: a.id });
  }

  private dispose(e: HostEntry<C>): void {
    e.recoverSeq++;
    for (const stop of e.stops.splice(0)) stop();
    e.monitor?.stop();
    e.view?.detach();
    e.conn.close();
  }

  private async startMonitor(e: HostEntry<C>): Promise<void> {
    if (!e.monitor) return;
    try {
      await withTimeout(e.monitor.start(), this.callTimeoutMs, `host ${e.host}: monitor start`);
    } catch (err) {
      // It goes on in the background (a slow host); the others are not held up.
      this.warn(`${message(err)}`);
    }
  }

  // ---- status and the unknown overlay -------------------------------------------------------

  private onStatus(e: HostEntry<C>, status: ConnectionStatus, msg: string): void {
    if (this.closed || this.entries.get(e.host) !== e) return;
    if (status === 'connected') {
      e.everConnected = true;
      if (e.mode !== 'live') void this.recover(e);
    } else if (e.remote && status === 'no_server') {
      this.gone(e, msg);
    } else if (e.remote && e.everConnected) {
      if (e.mode === 'live') this.hold(e, msg);
      else if (e.mode === 'recovering') {
        e.recoverSeq++;
        e.mode = 'held';
      }
    }
    this.emit({ type: 'hostStatus', host: e.host, status, message: msg });
  }

  /** The link dropped: every agent of the host is shown `unknown`, with the reason. */
  private hold(e: HostEntry<C>, reason: string): void {
    const before = this.rawAgents(e);
    e.mode = 'held';
    e.downSince = this.now();
    e.downReason = reason;
    for (const a of before) {
      const next = this.unknownOf(e, a);
      this.emit({ type: 'agentChanged', agent: next, transition: transitionOf(a, next, e.downSince) });
    }
  }

  /** The remote tmux server is gone (reached the host, no server): its agents are gone too. */
  private gone(e: HostEntry<C>, reason: string): void {
    if (e.mode === 'gone') return;
    const shown = this.agentsOf(e.host);
    e.recoverSeq++;
    e.mode = 'gone';
    e.downSince = this.now();
    e.downReason = reason;
    e.snapshot = [];
    for (const a of shown) this.emit({ type: 'agentRemoved', id: a.id });
  }

  /** Back: one reconcile (within the deadline), then every agent is shown with its real state. */
  private async recover(e: HostEntry<C>): Promise<void> {
    const seq = ++e.recoverSeq;
    const wasGone = e.mode === 'gone';
    e.mode = 'recovering';
    if (e.monitor) {
      try {
        await withTimeout(e.monitor.reconcile(), this.callTimeoutMs, `host ${e.host}: reconcile after reconnect`);
      } catch (err) {
        this.warn(message(err));
      }
    }
    if (seq !== e.recoverSeq || this.closed) return;
    e.mode = 'live';
    const at = this.now();
    for (const a of this.rawAgents(e)) {
      const transition = wasGone ? undefined : transitionOf(this.unknownOf(e, a), a, at);
      this.emit(transition ? { type: 'agentChanged', agent: a, transition } : { type: 'agentChanged', agent: a });
    }
  }

  private unknownOf(e: HostEntry<C>, a: AgentInfo): AgentInfo {
    return { ...a, state: 'unknown', reason: `host ${e.host} unreachable: ${e.downReason}`, since: e.downSince };
  }

  private onMonitorEvent(e: HostEntry<C>, ev: FleetEvent): void {
    if (this.entries.get(e.host) !== e) return;
    // While the host is away its agents are shown by the fleet; their updates wait for recovery.
    if (e.mode !== 'live' && (ev.type === 'agentChanged' || (ev.type === 'agentRemoved' && e.mode !== 'recovering'))) return;
    this.emit(ev);
  }

  // ---- reads --------------------------------------------------------------------------------

  private rawAgents(e: HostEntry<C>): AgentInfo[] {
    return e.monitor ? e.monitor.agents() : e.snapshot;
  }

  agentsOf(host: string): AgentInfo[] {
    const e = this.entry(host);
    if (e.mode === 'gone') return [];
    const raw = this.rawAgents(e);
    return e.mode === 'live' ? raw : raw.map((a) => this.unknownOf(e, a));
  }

  agents(): AgentInfo[] {
    return this.hosts().flatMap((h) => this.agentsOf(h));
  }

  status(): HostStatus[] {
    return [...this.entries.values()].map((e) => ({ host: e.host, status: e.conn.status, message: e.conn.statusMessage }));
  }

  onEvent(listener: (e: FleetEvent) => void): () => void {
    return this.hub.on(listener);
  }

  route(target: string): Route {
    return routeTarget(new Map(this.hosts().map((h) => [h, this.agentsOf(h)])), target);
  }

  resolve(target: string): AgentInfo {
    const r = this.route(target);
    return r.agent ?? resolveTarget(this.agentsOf(r.host), r.target);
  }

  // ---- per-host calls -----------------------------------------------------------------------

  /** Why a host cannot be asked anything now, or null. */
  private unreachable(e: HostEntry<C>): string | null {
    const s = e.conn.status;
    if (!e.remote || s === 'connected') return null;
    if (s === 'disconnected' || s === 'error') return `host ${e.host} unreachable: ${e.conn.statusMessage}`;
    // Between two reconnect attempts of a host known to be away: fail now, not after ssh's timeout.
    if (e.mode === 'held' && s === 'connecting') return `host ${e.host} unreachable: ${e.downReason}`;
    return null;
  }

  async onHost<T>(host: string, fn: (conn: C, host: string) => Promise<T>, timeoutMs?: number): Promise<T> {
    const e = this.entry(host);
    const why = this.unreachable(e);
    if (why) throw new ApiError('unavailable', why);
    const p = fn(e.conn, host);
    return timeoutMs === undefined ? p : withTimeout(p, timeoutMs, `host ${host}`);
  }

  async eachHost<T>(fn: (conn: C, host: string) => Promise<T>, o: { timeoutMs?: number; hosts?: readonly string[] } = {}): Promise<HostResult<T>[]> {
    const hosts = o.hosts ?? this.hosts();
    return Promise.all(
      hosts.map(async (host): Promise<HostResult<T>> => {
        try {
          return { host, ok: true, value: await this.onHost(host, fn, o.timeoutMs ?? this.callTimeoutMs) };
        } catch (err) {
          return { host, ok: false, error: message(err) };
        }
      }),
    );
  }

  reconnectNow(host?: string): void {
    for (const e of host === undefined ? this.entries.values() : [this.entry(host)]) e.conn.reconnectNow();
  }

  reconcile(): Promise<HostResult<number>[]> {
    return this.eachHost(async (_conn, host) => {
      const m = this.entry(host).monitor;
      if (!m) throw new ApiError('unavailable', `host ${host} has no monitor`);
      return m.reconcile();
    });
  }

  async snapshot(o: { quietMs?: number; now?: number; timeoutMs?: number } = {}) {
    const timeoutMs = o.timeoutMs ?? this.callTimeoutMs;
    const results = await this.eachHost(
      async (conn, host) => {
        await firstVerdict(conn, timeoutMs);
        // No server means no agents, not an error.
        if (conn.status === 'no_server') return [];
        if (conn.status !== 'connected') throw new ApiError('unavailable', `host ${host} unreachable: ${conn.statusMessage}`);
        return snapshotOnce(conn, { host, quietMs: o.quietMs, now: o.now });
      },
      { timeoutMs },
    );
    const agents: AgentInfo[] = [];
    const unreachable: { host: string; message: string }[] = [];
    for (const r of results) {
      const e = this.entries.get(r.host);
      if (r.ok) {
        if (e) e.snapshot = r.value;
        agents.push(...r.value);
      } else unreachable.push({ host: r.host, message: r.error });
    }
    return { agents, unreachable };
  }

  // ---- plumbing -----------------------------------------------------------------------------

  private emit(e: FleetEvent): void {
    this.hub.emit(e);
  }

  private warn(m: string): void {
    this.opts.onWarning?.(m);
  }
}

function transitionOf(from: AgentInfo, to: AgentInfo, at: number): StateTransition {
  return { agentId: to.id, agent: to.name, target: to.target, team: to.team, from: from.state, to: to.state, at, reason: to.reason };
}

/** `p`, or ApiError('unavailable') after ms (p goes on; its late outcome is ignored). */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ApiError('unavailable', `${what}: no answer within ${ms} ms`)), ms);
    timer.unref?.();
  });
  p.catch(() => undefined);
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
