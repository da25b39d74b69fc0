// The monitor: event-driven state of every agent on one tmux server.
//
//   %output ─▶ pane dirty ─▶ (setImmediate) one pipelined capture of all dirty panes
//              └▶ quiet timer ─▶ re-classify after settings.quietMs of silence (busy → idle)
//   topology ─▶ registry re-list (serialised, coalesced)   reconcile timer ─▶ re-list + capture all
//   screen hash unchanged ─▶ skip;  changed ─▶ classify ─▶ transition ─▶ events, store, rules
//
// No fixed sleeps and no process per agent: everything goes through the one control-mode
// connection. A pane captured less than minCaptureIntervalMs ago waits for the rest of that
// interval (a trailing capture always follows the last output), and a busy pane is looked at
// when its output pauses (see busySettleMs), which bounds the work spinners and flooding panes
// cause without delaying the first capture after a quiet spell.
import type { ApiEvent } from '../../shared/api.js';
import { ApiError } from '../../shared/api.js';
import type { AgentInfo, MetricsSnapshot, NotificationRecord, StateTransition } from '../../shared/domain.js';
import type { Settings } from '../../shared/settings.js';
import { AGENT_STATES, type AgentState } from '../../shared/vocabulary.js';
import { AgentRegistry, listingCommands, parseListing, type RegistryDiff } from '../agents/registry.js';
import { resolveTarget } from '../agents/targets.js';
import { EventHub } from '../event-hub.js';
import type { Store } from '../store/index.js';
import type { OutputEvent, PaneRow, TmuxConnection } from '../tmux/index.js';
import { captureArgs, captureBatch, lastLineOf, makeSnapshot, type PaneSnapshot } from './capture.js';
import { CpuSampler, Ring, rssMb } from './metrics.js';
import { PmReporter, type Deliver } from './pm-reports.js';
import { NotificationRules, type RuleEffect, type RuleNotification } from './rules.js';
import { classifyPane } from './snapshot.js';
import type { Classification } from '../agents/classify.js';

export type MonitorEvent = Extract<ApiEvent, { type: 'agentChanged' | 'agentRemoved' | 'notification' | 'metricsTick' }>;

export type MonitorConnection = Pick<TmuxConnection, 'runAll' | 'runSettled' | 'on' | 'off' | 'status'>;

export interface MonitorOptions {
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
  /** metricsTick period (default 10 s; 0 = off). */
  metricsIntervalMs?: number;
  /** store.retention.run() period (default 5 min; 0 = off). */
  retentionIntervalMs?: number;
  /** Least time between two captures of one pane (default 50 ms). */
  minCaptureIntervalMs?: number;
  /**
   * A busy pane (its spinner redrawn ~10 times a second) is not captured on every frame: it is
   * captured once its output has paused this long (default 150 ms, longer than a spinner
   * frame: the turn's end or a prompt), or every busyMaxIntervalMs while output keeps flowing.
   * The first output after a quiet spell is still captured at once, and the quiet timer
   * re-checks after settings.quietMs.
   */
  busySettleMs?: number;
  /** See busySettleMs (default 1000 ms). */
  busyMaxIntervalMs?: number;
  /**
   * A new agent's pane passes through its shell while the agent launches (or is typed into a
   * shell): for this long after it appeared, "back at the shell" still counts as starting (default 15 s).
   */
  startGraceMs?: number;
  /**
   * Text typed into an idle agent counts as left unsent only once it has sat in the box this
   * long (default 1 s): a message being typed — by a person or by sendMessage — is not a state.
   */
  unsentHoldMs?: number;
  /** agentChanged events for reason/last-line changes alone, at most this often per agent (default 1 s). */
  minChangeEventMs?: number;
  onWarning?: (message: string) => void;
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
}

export interface Monitor {
  /** List panes, classify every agent (silently: no transitions for what was already there), then follow events. */
  start(): Promise<void>;
  stop(): void;
  readonly running: boolean;
  readonly paused: boolean;
  agents(): AgentInfo[];
  get(id: string): AgentInfo | undefined;
  /** resolveTarget over the current agents. */
  resolve(target: string): AgentInfo;
  /** Every pane of the last listing (agents or not), for resolvePane. */
  panes(): PaneRow[];
  onEvent(listener: (e: MonitorEvent) => void): () => void;
  /** Resolves the agent as soon as `predicate` holds (checked now and on every update). */
  waitFor(agentId: string, predicate: (a: AgentInfo) => boolean, timeoutMs: number): Promise<AgentInfo>;
  /** Capture and classify now: one agent (re-listing panes first when it is not known yet), or all. */
  refreshNow(agentId?: string): Promise<AgentInfo | undefined>;
  /** Re-list panes and capture every agent (force: classify even unchanged screens); resolves the time it took (ms). */
  reconcile(opts?: { force?: boolean }): Promise<number>;
  setPaused(paused: boolean): void;
  updateSettings(settings: Settings): void;
  /** Recent transitions kept in memory (newest last), e.g. when no store is available. */
  recentTransitions(agentId?: string): StateTransition[];
  stats(): MonitorStats;
  /** Take one metrics sample now (also done every metricsIntervalMs): emitted and stored. */
  metricsTick(): MetricsSnapshot;
}

interface Watch {
  paneId: string;
  hash: string;
  lastOutputAt: number;
  /** First output since the last capture (for output-to-transition latency). */
  dirtySince: number | null;
  force: boolean;
  lastCaptureAt: number;
  quietTimer: NodeJS.Timeout | null;
  /** When text first showed in the box of this idle agent (see unsentHoldMs), and the re-check. */
  unsentSince: number | null;
  unsentTimer: NodeJS.Timeout | null;
  /** Classified at least once. */
  classified: boolean;
  /** The first classification sets the state without a transition (agents found at start). */
  silentFirst: boolean;
  lastEventAt: number;
  accountedAt: number;
  /** When the agent appeared (for the start grace). */
  addedAt: number;
}

const MAX_RECENT = 2_000;
const BATCH_SLACK_MS = 20;
const MAX_WAITERS = 10_000;

export function createMonitor(opts: MonitorOptions): Monitor {
  return new MonitorImpl(opts);
}

class MonitorImpl implements Monitor {
  private settings: Settings;
  private readonly conn: MonitorConnection;
  private readonly store: Store | null;
  private readonly now: () => number;
  private readonly registry: AgentRegistry;
  private readonly watches = new Map<string, Watch>();
  private readonly dirty = new Set<string>();
  private readonly hub = new EventHub<MonitorEvent>((m) => this.warn(m));
  private readonly updateWaiters = new Set<(a: AgentInfo | null, id: string) => void>();
  private readonly rules: NotificationRules;
  private readonly pm: PmReporter | null;
  private readonly cpu = new CpuSampler();
  private readonly latency = new Ring(1024);
  private readonly tickLatency = new Ring(1024);
  private readonly recent: StateTransition[] = [];
  private readonly stateTime = new Map<string, { agent: string; state: AgentState; ms: number }>();
  private pendingTransitions: StateTransition[] = [];
  private pendingNotifications: RuleNotification[] = [];
  private storeFlushScheduled = false;
  private flushScheduled = false;
  private flushing = false;
  private deferTimer: NodeJS.Timeout | null = null;
  private deferAt = 0;
  private refreshing: Promise<RegistryDiff | null> | null = null;
  private refreshAgain = false;
  private reconcileTimer: NodeJS.Timeout | null = null;
  private metricsTimer: NodeJS.Timeout | null = null;
  private retentionTimer: NodeJS.Timeout | null = null;
  private rulesTimer: NodeJS.Timeout | null = null;
  private pmFlushScheduled = false;
  private localNotificationId = 0;
  private isRunning = false;
  private isPaused = false;
  private wasConnected = false;
  private listedOnce = false;
  private readonly counts = { captures: 0, unchangedSkipped: 0, classifications: 0, transitions: 0, batches: 0, reconciles: 0, lastReconcileMs: 0 };

  constructor(private readonly opts: MonitorOptions) {
    this.settings = opts.settings;
    this.conn = opts.conn;
    this.store = opts.store ?? null;
    this.now = opts.now ?? Date.now;
    this.registry = new AgentRegistry({ host: opts.host ?? 'local', now: this.now });
    this.rules = new NotificationRules(this.settings);
    this.pm = opts.deliver ? new PmReporter({ deliver: opts.deliver, onError: (m) => this.warn(m) }) : null;
  }

  get running(): boolean {
    return this.isRunning;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  async start(): Promise<void> {
    if (this.isRunning) return;
    this.isRunning = true;
    this.conn.on('output', this.onOutput);
    this.conn.on('topology', this.onTopology);
    this.conn.on('pane-continued', this.onContinued);
    this.conn.on('status', this.onStatus);
    this.wasConnected = this.conn.status === 'connected';
    if (this.wasConnected) await this.sweep();
    this.scheduleReconcile();
    this.startTimers();
  }

  stop(): void {
    if (!this.isRunning) return;
    this.isRunning = false;
    this.conn.off('output', this.onOutput);
    this.conn.off('topology', this.onTopology);
    this.conn.off('pane-continued', this.onContinued);
    this.conn.off('status', this.onStatus);
    this.clearTimers();
    for (const w of this.watches.values()) this.clearWatch(w);
    this.accountStateTime(this.now());
    this.flushStateTime();
    this.flushStore();
  }

  setPaused(paused: boolean): void {
    if (paused === this.isPaused) return;
    this.isPaused = paused;
    if (paused) {
      this.clearTimers();
      for (const w of this.watches.values()) this.clearWatch(w);
      this.dirty.clear();
      return;
    }
    if (!this.isRunning) return;
    this.startTimers();
    void this.reconcile().catch((err: unknown) => this.warn(`reconcile failed: ${message(err)}`));
  }

  updateSettings(settings: Settings): void {
    const intervalChanged = settings.reconcileIntervalMs !== this.settings.reconcileIntervalMs;
    this.settings = settings;
    this.rules.updateSettings(settings);
    if (intervalChanged && this.isRunning && !this.isPaused) this.scheduleReconcile();
  }

  private startTimers(): void {
    const every = this.opts.metricsIntervalMs ?? 10_000;
    if (every > 0 && !this.metricsTimer) {
      this.metricsTimer = setInterval(() => this.metricsTick(), every);
      this.metricsTimer.unref?.();
    }
    const retention = this.opts.retentionIntervalMs ?? 300_000;
    if (retention > 0 && this.store && !this.store.readonly && !this.retentionTimer) {
      this.retentionTimer = setInterval(() => this.runRetention(), retention);
      this.retentionTimer.unref?.();
    }
    this.scheduleReconcile();
  }

  private clearTimers(): void {
    for (const t of [this.reconcileTimer, this.deferTimer, this.rulesTimer]) if (t) clearTimeout(t);
    for (const t of [this.metricsTimer, this.retentionTimer]) if (t) clearInterval(t);
    this.reconcileTimer = this.deferTimer = this.rulesTimer = this.metricsTimer = this.retentionTimer = null;
  }

  private clearWatch(w: Watch): void {
    if (w.quietTimer) clearTimeout(w.quietTimer);
    if (w.unsentTimer) clearTimeout(w.unsentTimer);
    w.quietTimer = w.unsentTimer = null;
  }

  private get active(): boolean {
    return this.isRunning && !this.isPaused;
  }

  // ---- public reads -------------------------------------------------------------------------

  agents(): AgentInfo[] {
    return this.registry.list();
  }

  get(id: string): AgentInfo | undefined {
    return this.registry.get(id);
  }

  resolve(target: string): AgentInfo {
    return resolveTarget(this.registry.list(), target);
  }

  panes(): PaneRow[] {
    return this.registry.panes();
  }

  onEvent(listener: (e: MonitorEvent) => void): () => void {
    return this.hub.on(listener);
  }

  recentTransitions(agentId?: string): StateTransition[] {
    return agentId ? this.recent.filter((t) => t.agentId === agentId) : [...this.recent];
  }

  stats(): MonitorStats {
    return {
      agents: this.registry.size,
      ...this.counts,
      latency: { count: this.latency.count, p50: this.latency.percentile(50), p95: this.latency.percentile(95), max: this.latency.percentile(100) },
    };
  }

  async waitFor(agentId: string, predicate: (a: AgentInfo) => boolean, timeoutMs: number): Promise<AgentInfo> {
    // A pane spawned a moment ago may not be listed yet: list once before giving up on it.
    if (!this.registry.get(agentId)) await this.refreshRegistry();
    const current = this.registry.get(agentId);
    if (!current) throw new ApiError('not_found', `no agent "${agentId}": see tmux-orc list`);
    if (predicate(current)) return current;
    if (this.updateWaiters.size >= MAX_WAITERS) throw new ApiError('unavailable', 'too many waiters on the monitor');
    return new Promise((resolve, reject) => {
      const done = (fn: () => void) => {
        clearTimeout(timer);
        this.updateWaiters.delete(waiter);
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
      this.updateWaiters.add(waiter);
    });
  }

  async refreshNow(agentId?: string): Promise<AgentInfo | undefined> {
    if (agentId === undefined) {
      await this.reconcile();
      return undefined;
    }
    let agent = this.registry.get(agentId);
    if (!agent) {
      await this.refreshRegistry();
      agent = this.registry.get(agentId);
    }
    if (!agent) throw new ApiError('not_found', `no agent "${agentId}": see tmux-orc list`);
    const w = this.watches.get(agent.paneId);
    if (w) w.force = true;
    await this.captureAndProcess([agent.paneId]);
    return this.registry.get(agentId);
  }

  async reconcile(opts: { force?: boolean } = {}): Promise<number> {
    const t0 = performance.now();
    if (opts.force) for (const w of this.watches.values()) w.force = true;
    await this.sweep();
    const ms = performance.now() - t0;
    this.counts.reconciles++;
    this.counts.lastReconcileMs = ms;
    return ms;
  }

  // ---- events from tmux ---------------------------------------------------------------------

  private readonly onOutput = (e: OutputEvent): void => {
    if (!this.active) return;
    const w = this.watches.get(e.paneId);
    if (!w) return; // not an agent (a new pane is picked up from the topology event)
    const now = this.now();
    w.lastOutputAt = now;
    if (w.dirtySince === null) w.dirtySince = now;
    this.armQuiet(w);
    this.markDirty(w.paneId, false);
  };

  private readonly onTopology = (e: { reasons: string[] }): void => {
    if (!this.active || e.reasons.every((r) => r === 'disconnected')) return;
    void this.refreshRegistry();
  };

  private readonly onContinued = (e: { paneId: string }): void => {
    // Output was dropped while the pane was paused: the screen must be looked at again.
    const w = this.watches.get(e.paneId);
    if (!w || !this.active) return;
    w.force = true;
    this.markDirty(w.paneId);
  };

  private readonly onStatus = (e: { status: string }): void => {
    const connected = e.status === 'connected';
    if (connected && !this.wasConnected && this.active) {
      void this.reconcile().catch((err: unknown) => this.warn(`reconcile failed: ${message(err)}`));
    }
    if (!connected && this.wasConnected && (e.status === 'disconnected' || e.status === 'no_server')) {
      // The server is gone, and with it every pane: a new server has new pane ids.
      for (const a of this.registry.clear()) this.removeAgent(a);
    }
    this.wasConnected = connected;
  };

  // ---- registry -----------------------------------------------------------------------------

  /** Re-list panes; serialised, and a request during a listing runs one more after it. */
  private refreshRegistry(): Promise<RegistryDiff | null> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    const run = async (): Promise<RegistryDiff | null> => {
      let diff: RegistryDiff | null = null;
      do {
        this.refreshAgain = false;
        try {
          diff = await this.registry.refresh(this.conn);
          // Agents already there when monitoring begins get their state silently.
          this.applyDiff(diff, !this.listedOnce);
          this.listedOnce = true;
        } catch (err) {
          this.warn(`listing panes failed: ${message(err)}`);
        }
      } while (this.refreshAgain && this.isRunning);
      return diff;
    };
    this.refreshing = run().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private applyDiff(diff: RegistryDiff, initial: boolean): void {
    const now = this.now();
    for (const a of diff.added) {
      const activity = this.registry.extrasOf(a.paneId)?.activityMs ?? 0;
      this.watches.set(a.paneId, {
        paneId: a.paneId,
        hash: '',
        lastOutputAt: activity > 0 ? Math.min(activity, now) : 0,
        dirtySince: null,
        force: true,
        lastCaptureAt: 0,
        quietTimer: null,
        unsentSince: null,
        unsentTimer: null,
        classified: false,
        silentFirst: initial,
        lastEventAt: now,
        accountedAt: now,
        addedAt: now,
      });
      this.emitAgent(a);
      if (!initial) this.markDirty(a.paneId);
    }
    for (const a of diff.changed) {
      this.emitAgent(a);
      const w = this.watches.get(a.paneId);
      if (w) {
        w.force = true;
        this.markDirty(a.paneId);
      }
    }
    for (const a of diff.removed) this.removeAgent(a);
  }

  private removeAgent(a: AgentInfo): void {
    const w = this.watches.get(a.paneId);
    if (w) {
      this.addStateTime(a, this.now() - w.accountedAt);
      this.clearWatch(w);
    }
    this.watches.delete(a.paneId);
    this.dirty.delete(a.paneId);
    this.rules.forget(a.id);
    this.pm?.forget(a.id);
    this.emit({ type: 'agentRemoved', id: a.id });
    for (const wt of [...this.updateWaiters]) wt(null, a.id);
  }

  // ---- dirty panes, batches -----------------------------------------------------------------

  /** `urgent`: capture even when the pane is already waiting for its throttled capture. */
  private markDirty(paneId: string, urgent = true): void {
    // A dirty pane is always covered by a scheduled flush or the defer timer: nothing to add.
    if (!urgent && this.dirty.has(paneId)) return;
    this.dirty.add(paneId);
    if (this.flushScheduled || this.flushing) return;
    this.flushScheduled = true;
    setImmediate(() => void this.flush());
  }

  private armQuiet(w: Watch): void {
    if (w.quietTimer) return; // it re-checks the last output time when it fires
    const wait = Math.max(0, w.lastOutputAt + this.settings.quietMs - this.now()) + 1;
    w.quietTimer = setTimeout(() => this.onQuiet(w), wait);
    w.quietTimer.unref?.();
  }

  /** An idle agent with fresh text in its box stays idle until the text has sat unsentHoldMs. */
  private holdUnsent(w: Watch, agent: AgentInfo, c: Classification, now: number): Classification {
    if (c.state !== 'unsubmitted' || agent.state !== 'idle') {
      w.unsentSince = null;
      return c;
    }
    w.unsentSince ??= now;
    const left = w.unsentSince + (this.opts.unsentHoldMs ?? 1000) - now;
    if (left <= 0) return c;
    if (!w.unsentTimer) {
      w.unsentTimer = setTimeout(() => {
        w.unsentTimer = null;
        if (!this.active || this.watches.get(w.paneId) !== w) return;
        w.force = true;
        this.markDirty(w.paneId);
      }, left + 1);
      w.unsentTimer.unref?.();
    }
    return { ...c, state: 'idle', reason: agent.reason };
  }

  private onQuiet(w: Watch): void {
    w.quietTimer = null;
    if (!this.active || this.watches.get(w.paneId) !== w) return;
    const remaining = w.lastOutputAt + this.settings.quietMs - this.now();
    if (remaining > 0) return this.armQuiet(w);
    w.force = true;
    if (w.dirtySince === null) w.dirtySince = w.lastOutputAt + this.settings.quietMs;
    this.markDirty(w.paneId);
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    if (this.flushing || !this.active) return;
    this.flushing = true;
    try {
      while (this.dirty.size > 0 && this.active) {
        const now = this.now();
        const minGap = this.opts.minCaptureIntervalMs ?? 50;
        const settle = this.opts.busySettleMs ?? 150;
        const busyMax = Math.max(minGap, this.opts.busyMaxIntervalMs ?? 1000);
        const batch: string[] = [];
        let nextAt = Infinity;
        for (const id of this.dirty) {
          const w = this.watches.get(id);
          if (!w) {
            this.dirty.delete(id);
            continue;
          }
          const busy = this.registry.byPane(id)?.state === 'busy';
          const at = busy
            ? Math.max(w.lastCaptureAt + minGap, Math.min(w.lastOutputAt + settle, w.lastCaptureAt + busyMax))
            : w.lastCaptureAt + minGap;
          // Panes due within BATCH_SLACK_MS ride along: fewer, fuller batches.
          if (w.force || at <= now + BATCH_SLACK_MS) batch.push(id);
          else nextAt = Math.min(nextAt, at);
        }
        if (nextAt !== Infinity) this.deferUntil(nextAt);
        if (batch.length === 0) break;
        for (const id of batch) this.dirty.delete(id);
        await this.captureAndProcess(batch);
      }
    } catch (err) {
      this.warn(`capture failed: ${message(err)}`);
    } finally {
      this.flushing = false;
      // Whatever is still dirty (a failed batch) is looked at again shortly.
      if (this.dirty.size > 0 && !this.deferTimer && this.active) this.deferUntil(this.now() + 100);
    }
  }

  /** One timer for the earliest deferred pane (throttled by minCaptureIntervalMs). */
  private deferUntil(at: number): void {
    if (this.deferTimer && this.deferAt <= at) return;
    if (this.deferTimer) clearTimeout(this.deferTimer);
    this.deferAt = at;
    this.deferTimer = setTimeout(() => {
      this.deferTimer = null;
      if (this.dirty.size > 0 && !this.flushScheduled && !this.flushing) {
        this.flushScheduled = true;
        void this.flush();
      }
    }, Math.max(1, at - this.now()));
    this.deferTimer.unref?.();
  }

  /**
   * The sweep in one write: the pane listing and a capture of every known agent, facts taken
   * from the listing. Agents the listing reveals are captured in a second batch.
   */
  private async sweep(): Promise<void> {
    const known = [...this.watches.keys()];
    for (const id of known) this.dirty.delete(id);
    const started = this.now();
    const results = await this.conn.runSettled([...listingCommands(), ...known.map(captureArgs)]);
    const [rowsR, extrasR] = results;
    if (rowsR?.status !== 'fulfilled' || extrasR?.status !== 'fulfilled') {
      const why = rowsR?.status === 'rejected' ? rowsR.reason : extrasR?.status === 'rejected' ? extrasR.reason : 'no reply';
      throw new Error(`listing panes failed: ${message(why)}`);
    }
    const listing = parseListing(rowsR.value, extrasR.value);
    const diff = this.registry.apply(listing.rows, listing.extras);
    this.applyDiff(diff, !this.listedOnce);
    this.listedOnce = true;
    this.counts.batches++;
    const now = this.now();
    known.forEach((id, i) => {
      const r = results[i + 2];
      const w = this.watches.get(id);
      const row = this.registry.row(id);
      if (!w || !row || r?.status !== 'fulfilled') return;
      w.lastCaptureAt = started;
      this.counts.captures++;
      this.process(w, makeSnapshot(r.value.join('\n'), row.command, row.dead, row.deadStatus), now);
    });
    const added = diff.added.map((a) => a.paneId);
    for (const id of added) this.dirty.delete(id);
    await this.captureAndProcess(added);
  }

  private async captureAndProcess(paneIds: string[]): Promise<void> {
    if (paneIds.length === 0) return;
    const started = this.now();
    for (const id of paneIds) {
      const w = this.watches.get(id);
      if (w) w.lastCaptureAt = started;
    }
    const snaps = await captureBatch(this.conn, paneIds);
    this.counts.batches++;
    const now = this.now();
    let gone = false;
    for (const [id, snap] of snaps) {
      const w = this.watches.get(id);
      if (!w) continue;
      if (!snap) {
        gone = true;
        continue;
      }
      this.counts.captures++;
      this.process(w, snap, now);
    }
    if (gone) void this.refreshRegistry();
  }

  private process(w: Watch, snap: PaneSnapshot, now: number): void {
    const agent = this.registry.byPane(w.paneId);
    if (!agent) return;
    const latencyFrom = w.dirtySince;
    w.dirtySince = null;
    if (snap.hash === w.hash && !w.force) {
      this.counts.unchangedSkipped++;
      return;
    }
    w.hash = snap.hash;
    w.force = false;
    const extras = this.registry.extrasOf(w.paneId);
    const quietMs = w.lastOutputAt > 0 ? now - w.lastOutputAt : Number.MAX_SAFE_INTEGER;
    let c = classifyPane(agent.type, snap, { quietMs, quietThresholdMs: this.settings.quietMs, now, startCommand: extras?.startCommand });
    this.counts.classifications++;
    if (!w.silentFirst && agent.state === 'starting' && c.state === 'crashed' && !snap.dead && now - w.addedAt < (this.opts.startGraceMs ?? 15_000)) {
      c = { ...c, state: 'starting', reason: `starting: the agent is launching (${snap.command || 'shell'} in front)` };
    }
    c = this.holdUnsent(w, agent, c, now);
    // Output-driven profiles turn idle only after the quiet time: make sure a timer will look again.
    if (c.state === 'busy' && quietMs < this.settings.quietMs) this.armQuiet(w);
    const lastLine = lastLineOf(snap.screen);
    const command = snap.command || agent.command;
    const first = !w.classified;
    w.classified = true;
    if (c.state !== agent.state && !(first && w.silentFirst)) {
      this.transition(w, agent, { state: c.state, reason: c.reason, resetAt: c.resetAt, lastLine, command }, now, latencyFrom);
      return;
    }
    const changedState = c.state !== agent.state;
    if (!changedState && c.reason === agent.reason && lastLine === agent.lastLine && c.resetAt === agent.resetAt && command === agent.command) return;
    const next = this.registry.update(w.paneId, {
      state: c.state,
      reason: c.reason,
      resetAt: c.resetAt,
      lastLine,
      command,
      ...(changedState ? { since: now } : {}),
    });
    if (!next) return;
    this.notifyWaiters(next);
    if (changedState || first || now - w.lastEventAt >= (this.opts.minChangeEventMs ?? 1000)) {
      w.lastEventAt = now;
      this.emitAgent(next);
    }
  }

  private transition(
    w: Watch,
    prev: AgentInfo,
    c: Pick<AgentInfo, 'state' | 'reason' | 'resetAt' | 'lastLine' | 'command'>,
    now: number,
    latencyFrom: number | null,
  ): void {
    this.addStateTime(prev, now - w.accountedAt);
    w.accountedAt = now;
    const next = this.registry.update(w.paneId, { ...c, since: now });
    if (!next) return;
    const t: StateTransition = {
      agentId: next.id,
      agent: next.name,
      target: next.target,
      team: next.team,
      from: prev.state,
      to: next.state,
      at: now,
      reason: next.reason,
    };
    this.counts.transitions++;
    if (latencyFrom !== null) {
      const ms = Math.max(0, now - latencyFrom);
      this.latency.push(ms);
      this.tickLatency.push(ms);
    }
    this.recent.push(t);
    if (this.recent.length > MAX_RECENT) this.recent.splice(0, this.recent.length - MAX_RECENT);
    this.pendingTransitions.push(t);
    this.scheduleStoreFlush();
    w.lastEventAt = now;
    this.emit({ type: 'agentChanged', agent: next, transition: t });
    this.notifyWaiters(next);
    this.applyEffects(this.rules.onTransition(t, next, now));
    this.scheduleRulesCheck();
    if (next.role === 'pm' && next.state === 'idle') this.schedulePmFlush();
  }

  // ---- rules, notifications, PM reports -----------------------------------------------------

  private applyEffects(effects: RuleEffect[]): void {
    for (const e of effects) {
      if (e.type === 'submit') {
        const submit = this.opts.submit;
        if (submit) void submit(e.agentId).catch((err: unknown) => this.warn(`auto-submit for ${e.agentId} failed: ${message(err)}`));
        continue;
      }
      this.pendingNotifications.push(e.notification);
      if (this.settings.pmReports && this.pm?.add(e.notification, this.registry.list(), this.now())) this.schedulePmFlush();
    }
    if (this.pendingNotifications.length) this.scheduleStoreFlush();
  }

  private scheduleRulesCheck(): void {
    this.applyEffects(this.rules.check(this.registry.list(), this.now()));
    const at = this.rules.nextCheckAt();
    if (this.rulesTimer) clearTimeout(this.rulesTimer);
    this.rulesTimer = null;
    if (at === null || !this.active) return;
    this.rulesTimer = setTimeout(() => {
      this.rulesTimer = null;
      if (this.active) this.scheduleRulesCheck();
    }, Math.max(1, at - this.now()));
    this.rulesTimer.unref?.();
  }

  private schedulePmFlush(): void {
    if (!this.pm || this.pmFlushScheduled) return;
    this.pmFlushScheduled = true;
    setImmediate(() => {
      this.pmFlushScheduled = false;
      if (this.pm && this.isRunning) void this.pm.flush(this.registry.list(), this.now());
    });
  }

  // ---- store (batched; failures keep monitoring in memory) ----------------------------------

  private scheduleStoreFlush(): void {
    if (this.storeFlushScheduled) return;
    this.storeFlushScheduled = true;
    setImmediate(() => this.flushStore());
  }

  private flushStore(): void {
    this.storeFlushScheduled = false;
    const transitions = this.pendingTransitions;
    const notes = this.pendingNotifications;
    this.pendingTransitions = [];
    this.pendingNotifications = [];
    if (transitions.length && this.store && !this.store.readonly) {
      this.guard('storing transitions', () => this.store!.transitions.addMany(transitions));
    }
    if (notes.length === 0) return;
    let records: NotificationRecord[] | undefined;
    if (this.store && !this.store.readonly) records = this.guard('storing notifications', () => this.store!.notifications.addMany(notes));
    // Not stored: still shown, with local negative ids (never confused with database rows).
    records ??= notes.map((n) => ({ id: -++this.localNotificationId, readAt: null, ...n }));
    for (const notification of records) this.emit({ type: 'notification', notification });
  }

  private guard<T>(what: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      this.warn(`${what} failed (monitoring goes on in memory): ${message(err)}`);
      return undefined;
    }
  }

  private runRetention(): void {
    if (this.store && !this.store.readonly) this.guard('retention', () => this.store!.retention.run());
  }

  // ---- metrics ------------------------------------------------------------------------------

  private addStateTime(a: AgentInfo, ms: number): void {
    if (ms <= 0) return;
    const key = `${a.name}\0${a.state}`;
    const cur = this.stateTime.get(key);
    if (cur) cur.ms += ms;
    else if (this.stateTime.size < 50_000) this.stateTime.set(key, { agent: a.name, state: a.state, ms });
  }

  private accountStateTime(now: number): void {
    for (const a of this.registry.list()) {
      const w = this.watches.get(a.paneId);
      if (!w) continue;
      this.addStateTime(a, now - w.accountedAt);
      w.accountedAt = now;
    }
  }

  private flushStateTime(): void {
    const entries = [...this.stateTime.values()];
    this.stateTime.clear();
    if (!this.store || this.store.readonly) return;
    const at = this.now();
    this.guard('storing state time', () => {
      for (const e of entries) this.store!.metrics.addStateTime(e.agent, at, e.state, Math.round(e.ms));
    });
  }

  /** One metrics sample: emitted, and recorded in the store. */
  metricsTick(): MetricsSnapshot {
    const now = this.now();
    const byState: Partial<Record<AgentState, number>> = {};
    const agents = this.registry.list();
    for (const a of agents) byState[a.state] = (byState[a.state] ?? 0) + 1;
    const metrics: MetricsSnapshot = {
      at: now,
      agents: agents.length,
      byState,
      reconcileMs: round(this.counts.lastReconcileMs),
      transitionLatencyMs: round(this.tickLatency.percentile(95)),
      cpuPercent: round(this.cpu.sample()),
      rssMb: round(rssMb()),
    };
    this.tickLatency.clear();
    this.accountStateTime(now);
    if (this.store && !this.store.readonly) {
      const values: Record<string, number> = {
        agents: metrics.agents,
        reconcileMs: metrics.reconcileMs,
        transitionLatencyMs: metrics.transitionLatencyMs,
        cpuPercent: metrics.cpuPercent,
        rssMb: metrics.rssMb,
      };
      for (const s of AGENT_STATES) values[`state.${s}`] = byState[s] ?? 0;
      this.guard('storing metrics', () => this.store!.metrics.record(now, values));
    }
    this.flushStateTime();
    this.emit({ type: 'metricsTick', metrics });
    if (this.active) {
      this.scheduleRulesCheck();
      this.schedulePmFlush();
    }
    return metrics;
  }

  // ---- reconcile ----------------------------------------------------------------------------

  private scheduleReconcile(): void {
    if (this.reconcileTimer) clearTimeout(this.reconcileTimer);
    this.reconcileTimer = null;
    if (!this.active) return;
    this.reconcileTimer = setTimeout(() => {
      this.reconcileTimer = null;
      if (!this.active) return;
      if (this.conn.status !== 'connected') return this.scheduleReconcile();
      this.reconcile()
        .catch((err: unknown) => this.warn(`reconcile failed: ${message(err)}`))
        .finally(() => this.scheduleReconcile());
    }, this.settings.reconcileIntervalMs);
    this.reconcileTimer.unref?.();
  }

  // ---- emit ---------------------------------------------------------------------------------

  private emitAgent(agent: AgentInfo): void {
    this.emit({ type: 'agentChanged', agent });
  }

  private notifyWaiters(a: AgentInfo): void {
    for (const w of [...this.updateWaiters]) w(a, a.id);
  }

  private emit(e: MonitorEvent): void {
    this.hub.emit(e);
  }

  private warn(m: string): void {
    this.opts.onWarning?.(m);
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
