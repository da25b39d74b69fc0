// The monitor: event-driven state of every agent on one tmux server, in three parts over one
// agent registry:
//
//   capture-scheduler.ts  which panes to capture and when (dirty panes, settle, quiet, reconcile)
//          │ changed screens, listings
//   agent-states.ts       classification → transition (holds, latency, time in each state)
//          │ transitions, state time
//   history-writer.ts     the store (batched), notification rules, PM reports
//
// Metrics sampling (metrics.ts, MetricsSampler) and retention are scheduled by whoever owns
// the fleet (the orchestrator): the monitor only answers sample().
import type { ApiEvent } from '../../shared/api.js';
import { ApiError } from '../../shared/api.js';
import type { AgentInfo } from '../../shared/domain.js';
import type { Settings } from '../../shared/settings.js';
import { AgentRegistry } from '../agents/index.js';
import { EventHub } from '../event-hub.js';
import type { Store } from '../store/index.js';
import { AgentStates, type StateHolds } from './agent-states.js';
import { CaptureScheduler, type CaptureTiming, type MonitorConnection } from './capture-scheduler.js';
import { HistoryWriter } from './history-writer.js';
import type { MonitorSample } from './metrics.js';
import type { Deliver } from './pm-reports.js';
import { startHookFeed, type HookFeed } from './hook-feed.js';
import type { TmuxTarget } from '../tmux/index.js';
import { LOCAL_HOST } from '../../shared/hosts.js';

export type { MonitorConnection } from './capture-scheduler.js';

export type MonitorEvent = Extract<ApiEvent, { type: 'agentChanged' | 'agentRemoved' | 'notification' | 'notificationChanged' | 'metricsTick' }>;

export interface MonitorOptions extends CaptureTiming, StateHolds {
  conn: MonitorConnection;
  settings: Settings;
  /** History; optional, and when it fails the monitor goes on in memory. */
  store?: Store | null;
  host?: string;
  now?: () => number;
  /** Press Enter on unsent text (settings.autoSubmitUnsent); the actions layer provides it. */
  submit?: (agentId: string) => Promise<unknown>;
  /** Send a PM its team's report (the actions layer's sendMessage). Without it, no PM reports. */
  deliver?: Deliver;
  onWarning?: (message: string) => void;
  /**
   * The server agents' hooks signal (`tmux-orc hook`; see hook-feed.ts): the local one. Without
   * it, states come from the screen alone.
   */
  hookTarget?: TmuxTarget | null;
  /** The watched server's key (ServerIdentity): lost agents of its fleet manifest are reported. */
  server?: string;
}

export interface MonitorStats {
  agents: number;
  captures: number;
  unchangedSkipped: number;
  classifications: number;
  transitions: number;
  batches: number;
  reconciles: number;
  lastReconcileMs: number;
  latency: { count: number; p50: number; p95: number; max: number };
  /** Hook event (its own timestamp) to transition. */
  hookLatency: { count: number; p50: number; p95: number; max: number };
}

export interface Monitor {
  /** List panes, classify every agent (silently: no transitions for what was already there), then follow events. */
  start(): Promise<void>;
  stop(): void;
  agents(): AgentInfo[];
  get(id: string): AgentInfo | undefined;
  onEvent(listener: (e: MonitorEvent) => void): () => void;
  /** Resolves the agent as soon as `predicate` holds (checked now and on every update). */
  waitFor(agentId: string, predicate: (a: AgentInfo) => boolean, timeoutMs: number): Promise<AgentInfo>;
  /** Re-list panes and capture every agent (force: classify even unchanged screens); resolves the time it took (ms). */
  reconcile(opts?: { force?: boolean }): Promise<number>;
  updateSettings(settings: Settings): void;
  /** Counters since start (the benchmarks read them). */
  stats(): MonitorStats;
  /** The monitor's figures for a metrics sample; writes the time spent in each state since the last one. */
  sample(now: number): MonitorSample;
}

const MAX_WAITERS = 10_000;

export function createMonitor(opts: MonitorOptions): Monitor {
  return new MonitorImpl(opts);
}

class MonitorImpl implements Monitor {
  private settings: Settings;
  private readonly now: () => number;
  private readonly registry: AgentRegistry;
  private readonly hub = new EventHub<MonitorEvent>((m) => this.warn(m));
  private readonly waiters = new Set<(a: AgentInfo | null, id: string) => void>();
  private readonly scheduler: CaptureScheduler;
  private readonly states: AgentStates;
  private readonly history: HistoryWriter;
  private hookFeed: HookFeed | null = null;

  constructor(private readonly opts: MonitorOptions) {
    this.settings = opts.settings;
    this.now = opts.now ?? Date.now;
    this.registry = new AgentRegistry({ host: opts.host ?? LOCAL_HOST, now: this.now });
    const settings = () => this.settings;
    const emit = (e: MonitorEvent) => this.hub.emit(e);
    const warn = (m: string) => this.warn(m);
    this.history = new HistoryWriter({
      store: opts.store ?? null,
      settings,
      agents: () => this.registry.list(),
      now: this.now,
      emit,
      warn,
      submit: opts.submit,
      deliver: opts.deliver,
      server: opts.server,
    });
    this.states = new AgentStates({
      ...opts,
      registry: this.registry,
      history: this.history,
      settings,
      now: this.now,
      recheck: (paneId) => this.scheduler.recheck(paneId),
      emit,
      updated: (a, id) => {
        for (const w of [...this.waiters]) w(a, id);
      },
    });
    this.scheduler = new CaptureScheduler({
      ...opts,
      registry: this.registry,
      sink: this.states,
      settings,
      now: this.now,
      warn,
      onReconciled: () => this.history.periodicCheck(),
    });
  }

  async start(): Promise<void> {
    if (this.scheduler.active) return;
    this.history.start();
    await this.scheduler.start();
    const target = this.opts.hookTarget;
    if (target && !this.hookFeed) {
      const conn = this.opts.conn;
      this.hookFeed = startHookFeed({
        target,
        run: async (args) => (conn.status === 'connected' ? ((await conn.runAll([args]))[0] ?? []) : null),
        onEvent: (paneId, e) => this.states.hookEvent(paneId, e),
        warn: (m) => this.warn(m),
      });
    }
  }

  stop(): void {
    if (!this.scheduler.active) return;
    this.scheduler.stop();
    this.hookFeed?.stop();
    this.hookFeed = null;
    this.states.stop(this.now());
    this.history.stop();
  }

  updateSettings(settings: Settings): void {
    const prev = this.settings;
    this.settings = settings;
    this.history.updateSettings(settings);
    this.scheduler.settingsChanged(prev);
  }

  agents(): AgentInfo[] {
    return this.registry.list();
  }

  get(id: string): AgentInfo | undefined {
    return this.registry.get(id);
  }

  onEvent(listener: (e: MonitorEvent) => void): () => void {
    return this.hub.on(listener);
  }

  reconcile(opts?: { force?: boolean }): Promise<number> {
    return this.scheduler.reconcile(opts);
  }

  stats(): MonitorStats {
    const latency = this.states.latency;
    const hooks = this.states.hookLatency;
    return {
      agents: this.registry.size,
      ...this.scheduler.counts,
      ...this.states.counts,
      latency: { count: latency.count, p50: latency.percentile(50), p95: latency.percentile(95), max: latency.percentile(100) },
      hookLatency: { count: hooks.count, p50: hooks.percentile(50), p95: hooks.percentile(95), max: hooks.percentile(100) },
    };
  }

  sample(now: number): MonitorSample {
    this.states.accountStateTime(now);
    this.history.writeStateTime();
    return { agents: this.registry.list(), reconcileMs: this.scheduler.counts.lastReconcileMs, transitionLatencyMs: this.states.takeLatencyP95() };
  }

  async waitFor(agentId: string, predicate: (a: AgentInfo) => boolean, timeoutMs: number): Promise<AgentInfo> {
    // A pane spawned a moment ago may not be listed yet: list once before giving up on it.
    if (!this.registry.get(agentId)) await this.scheduler.refreshRegistry();
    const current = this.registry.get(agentId);
    if (!current) throw new ApiError('not_found', `no agent "${agentId}": see tmux-orc list`);
    if (predicate(current)) return current;
    if (this.waiters.size >= MAX_WAITERS) throw new ApiError('unavailable', 'too many waiters on the monitor');
    return new Promise((resolve, reject) => {
      const done = (fn: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        fn();
      };
      const waiter = (a: AgentInfo | null, id: string) => {
        if (id !== agentId) return;
        if (a === null) done(() => reject(new ApiError('not_found', `agent ${agentId} went away`)));
        else if (predicate(a)) done(() => resolve(a));
      };
      const timer = setTimeout(() => {
        const last = this.registry.get(agentId);
        done(() => reject(new ApiError('failed', `timed out after ${timeoutMs} ms waiting for ${last?.name ?? agentId} (state: ${last?.state ?? 'gone'})`)));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private warn(m: string): void {
    this.opts.onWarning?.(m);
  }
}
