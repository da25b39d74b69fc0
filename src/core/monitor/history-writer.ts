// The history writer: what the state machine saw, kept and acted on. Transitions and
// notifications go to the store in batches (one transaction per turn of the event loop; when
// the store fails, monitoring goes on in memory and notifications get local negative ids), the
// notification rules run on every transition and on their own timer, PM reports are queued and
// delivered, and the time each agent spent in each state is written when asked. Open problems:
// an agent leaving a problem state (or going away) resolves its open notifications. Those an
// earlier run left open are brought in line with the agents as they are at the first listing
// (agents gone: resolved) and at each agent's first known state (another state: resolved; the
// same: it stands, and the problem is not notified again). An agent found in a problem state
// with none open gets its notification as if the problem had just begun.
// Lost agents: agents of the fleet manifest that go away without a kill (their server died,
// their pane was closed from outside) are marked lost, and each burst becomes ONE notification
// naming them all; the first listing also catches those lost while nobody watched.
import type { AgentInfo, FleetEntry, NotificationRecord, StateTransition } from '../../shared/domain.js';
import type { Settings } from '../../shared/settings.js';
import { isProblemKind, type AgentState, type ProblemKind } from '../../shared/vocabulary.js';
import type { Store } from '../store/index.js';
import { message } from './capture-scheduler.js';
import type { MonitorEvent } from './monitor.js';
import { PmReporter, type Deliver } from './pm-reports.js';
import { NotificationRules, type RuleEffect, type RuleNotification } from './rules.js';

export interface HistoryWriterOptions {
  store: Store | null;
  settings: () => Settings;
  agents: () => AgentInfo[];
  now: () => number;
  emit: (e: MonitorEvent) => void;
  warn: (message: string) => void;
  /** Press Enter on unsent text (settings.autoSubmitUnsent). */
  submit?: (agentId: string) => Promise<unknown>;
  /** Send a PM its team's report. Without it, no PM reports. */
  deliver?: Deliver;
  /** The tmux server watched (ServerIdentity key): whose fleet manifest rows it marks lost. Without it, none. */
  server?: string;
}

/** Agents that go away within this long of each other are one lost-fleet burst (at least; settings.groupWindowMs when longer). */
const LOST_BURST_MS = 500;
/** Gone panes held for one burst (a registry holds no more agents than this). */
const MAX_GONE = 10_000;

/** Distinct (agent, state) pairs of state time kept between two writes. */
const MAX_STATE_TIME_KEYS = 50_000;

export class HistoryWriter {
  private readonly rules: NotificationRules;
  private readonly pm: PmReporter | null;
  private readonly stateTime = new Map<string, { agent: string; team: string | null; state: AgentState; ms: number }>();
  private pendingTransitions: StateTransition[] = [];
  private pendingNotifications: RuleNotification[] = [];
  /** Agents whose open problems end: by agent id, the state it is in now (null: gone) and when. */
  private pendingResolves = new Map<string, { state: AgentState | null; at: number }>();
  /** Open problems an earlier run left for agents there at the first listing: by agent id, their kinds (until its first known state). */
  private openBefore = new Map<string, Set<ProblemKind>>();
  private storeFlushScheduled = false;
  private pmFlushScheduled = false;
  private rulesTimer: NodeJS.Timeout | null = null;
  private localNotificationId = 0;
  private running = false;
  private startedAt = 0;
  /** Panes of agents that went away in this burst (marked lost together when it ends). */
  private gonePanes: string[] = [];
  private lostTimer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: HistoryWriterOptions) {
    this.rules = new NotificationRules(opts.settings());
    this.pm = opts.deliver
      ? new PmReporter({
          deliver: opts.deliver,
          onError: (m) => opts.warn(m),
          // Reports go to the teams they are on for (deployed teams, or turned on by the person).
          enabledFor: (team) => opts.settings().pmReportTeams.includes(team),
          // The PM working on a report is our doing: its going idle afterwards is no news.
          beforeDeliver: (pmId, at) => this.rules.expectSelfInduced(pmId, at),
        })
      : null;
  }

  private get writable(): Store | null {
    const s = this.opts.store;
    return s && !s.readonly ? s : null;
  }

  /** A transition: stored (batched), rules applied, the PM's report sent when the PM is idle. */
  transition(t: StateTransition, agent: AgentInfo, now: number): void {
    this.settle(t.agentId, t.to, now);
    this.pendingTransitions.push(t);
    if (isProblemKind(t.from)) this.pendingResolves.set(t.agentId, { state: t.to, at: now });
    this.scheduleStoreFlush();
    this.applyEffects(this.rules.onTransition(t, agent, now));
    this.checkRules();
    if (agent.role === 'pm' && agent.state === 'idle') this.schedulePmFlush();
  }

  /** The first look at an agent that was there when monitoring began (its state set without a transition). */
  firstLook(agent: AgentInfo, now: number): void {
    this.settle(agent.id, agent.state, now);
    this.applyEffects(this.rules.onFirstLook(agent, now));
    this.checkRules();
  }

  /**
   * The agent's first known state: the problems an earlier run left open for it end unless it is
   * still in them, and one it is still in is not notified again. A launching agent (starting, or a
   * screen nothing recognises yet) settles at its first transition instead.
   */
  private settle(agentId: string, state: AgentState, now: number): void {
    const kinds = this.openBefore.get(agentId);
    if (!kinds || state === 'starting' || state === 'unknown') return;
    this.openBefore.delete(agentId);
    if (isProblemKind(state) && kinds.has(state)) this.rules.alreadyOpen(agentId, state);
    if ([...kinds].some((k) => k !== state)) {
      this.pendingResolves.set(agentId, { state, at: now });
      this.scheduleStoreFlush();
    }
  }

  /**
   * At the first listing, the problems an earlier run left open: those of agents not there (or a
   * pane now holding another agent) end now; the others wait for their agent's first known state.
   */
  private loadOpenProblems(): void {
    const store = this.opts.store;
    if (!store) return;
    const open = this.guard('reading open problems', () => store.notifications.openProblems()) ?? [];
    const live = new Map(this.opts.agents().map((a) => [a.id, a.name]));
    const now = this.opts.now();
    for (const p of open) {
      if (live.get(p.agentId) !== p.agent) {
        this.pendingResolves.set(p.agentId, { state: null, at: now });
        continue;
      }
      const kinds = this.openBefore.get(p.agentId);
      if (kinds) kinds.add(p.kind);
      else this.openBefore.set(p.agentId, new Set([p.kind]));
    }
    if (this.pendingResolves.size) this.scheduleStoreFlush();
  }

  /** Time an agent spent in its state (written by writeStateTime). */
  addStateTime(a: AgentInfo, ms: number): void {
    if (ms <= 0) return;
    const key = `${a.name}\0${a.team ?? ''}\0${a.state}`;
    const cur = this.stateTime.get(key);
    if (cur) cur.ms += ms;
    else if (this.stateTime.size < MAX_STATE_TIME_KEYS) this.stateTime.set(key, { agent: a.name, team: a.team, state: a.state, ms });
  }

  writeStateTime(): void {
    const entries = [...this.stateTime.values()];
    this.stateTime.clear();
    const store = this.writable;
    if (!store) return;
    const at = this.opts.now();
    this.guard('storing state time', () => {
      for (const e of entries) store.metrics.addStateTime(e.agent, at, e.state, Math.round(e.ms), { team: e.team });
    });
  }

  forget(agentId: string): void {
    this.openBefore.delete(agentId);
    this.rules.forget(agentId);
    this.pm?.forget(agentId);
    this.pendingResolves.set(agentId, { state: null, at: this.opts.now() });
    this.scheduleStoreFlush();
  }

  /** An agent went away (not known yet whether on purpose: a kill has already left the manifest). */
  gone(a: AgentInfo): void {
    if (!this.opts.server || !this.writable) return;
    if (this.gonePanes.length < MAX_GONE) this.gonePanes.push(a.paneId);
    if (this.lostTimer) return;
    this.lostTimer = setTimeout(() => this.flushLost(), Math.max(LOST_BURST_MS, this.opts.settings().groupWindowMs));
    this.lostTimer.unref?.();
  }

  /** The first full listing of the server: manifest agents started before this monitor and not there now were lost meanwhile. */
  listedFirst(livePaneIds: readonly string[]): void {
    this.loadOpenProblems();
    const store = this.writable;
    const server = this.opts.server;
    if (!store || !server) return;
    const lost = this.guard('checking the fleet manifest', () => store.fleet.markMissing(server, livePaneIds, this.startedAt, this.opts.now()));
    this.notifyLost(lost ?? [], 'while nobody watched its tmux server');
  }

  private flushLost(): void {
    if (this.lostTimer) clearTimeout(this.lostTimer);
    this.lostTimer = null;
    const panes = this.gonePanes;
    this.gonePanes = [];
    const store = this.writable;
    const server = this.opts.server;
    if (!store || !server || !panes.length) return;
    const lost = this.guard('marking lost agents', () => store.fleet.markLost(server, panes, this.opts.now()));
    this.notifyLost(lost ?? [], 'without being killed');
  }

  /** ONE notification for a burst of lost agents, naming them all. */
  private notifyLost(lost: readonly FleetEntry[], how: string): void {
    const first = lost[0];
    if (!first) return;
    const names = lost.map((e) => e.name);
    const teams = [...new Set(lost.map((e) => e.team))];
    const shown = names.length > 20 ? `${names.slice(0, 20).join(', ')} and ${names.length - 20} more` : names.join(', ');
    const text = `${names.length === 1 ? '1 agent' : `${names.length} agents`} lost ${how}: ${shown}. \`tmux-orc restore\` (or Restore fleet) starts ${names.length === 1 ? 'it' : 'them'} again, resuming each conversation where its CLI can.`;
    this.pendingNotifications.push({
      kind: 'lost',
      agent: first.name,
      agentId: `${first.host}/${first.paneId}`,
      team: teams.length === 1 ? (teams[0] ?? null) : null,
      text,
      createdAt: this.opts.now(),
      members: lost.map((e) => ({ agentId: `${e.host}/${e.paneId}`, agent: e.name, resolvedAt: null })),
      resolvedAt: null,
    });
    this.scheduleStoreFlush();
  }

  updateSettings(settings: Settings): void {
    this.rules.updateSettings(settings);
  }

  /** The periodic look: time-based rules, and PM reports waiting for their PM. */
  periodicCheck(): void {
    if (!this.running) return;
    this.checkRules();
    this.schedulePmFlush();
  }

  start(): void {
    this.running = true;
    this.startedAt = this.opts.now();
  }

  /** Write everything pending and stop the timers. */
  stop(): void {
    this.running = false;
    if (this.rulesTimer) clearTimeout(this.rulesTimer);
    this.rulesTimer = null;
    this.writeStateTime();
    if (this.lostTimer) this.flushLost();
    this.flushStore();
  }

  private applyEffects(effects: RuleEffect[]): void {
    for (const e of effects) {
      if (e.type === 'submit') {
        const submit = this.opts.submit;
        if (submit) void submit(e.agentId).catch((err: unknown) => this.opts.warn(`auto-submit for ${e.agentId} failed: ${message(err)}`));
        continue;
      }
      this.pendingNotifications.push(e.notification);
      if (this.opts.settings().pmReports && this.pm?.add(e.notification, this.opts.agents(), this.opts.now())) this.schedulePmFlush();
    }
    if (this.pendingNotifications.length) this.scheduleStoreFlush();
  }

  private checkRules(): void {
    this.applyEffects(this.rules.check(this.opts.agents(), this.opts.now()));
    const at = this.rules.nextCheckAt();
    if (this.rulesTimer) clearTimeout(this.rulesTimer);
    this.rulesTimer = null;
    if (at === null || !this.running) return;
    this.rulesTimer = setTimeout(() => {
      this.rulesTimer = null;
      if (this.running) this.checkRules();
    }, Math.max(1, at - this.opts.now()));
    this.rulesTimer.unref?.();
  }

  private schedulePmFlush(): void {
    if (!this.pm || this.pmFlushScheduled) return;
    this.pmFlushScheduled = true;
    setImmediate(() => {
      this.pmFlushScheduled = false;
      if (this.pm && this.running) void this.pm.flush(this.opts.agents(), this.opts.now());
    });
  }

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
    const store = this.writable;
    if (transitions.length && store) this.guard('storing transitions', () => store.transitions.addMany(transitions));
    if (notes.length) {
      let records: NotificationRecord[] | undefined;
      if (store) records = this.guard('storing notifications', () => store.notifications.addMany(notes));
      // Not stored: still shown, with local negative ids (never confused with database rows).
      records ??= notes.map((n) => ({ id: -++this.localNotificationId, readAt: null, ...n }));
      for (const notification of records) this.opts.emit({ type: 'notification', notification });
    }
    // After the new ones are stored: an agent that left its state meanwhile resolves them too.
    this.flushResolves(store);
  }

  private flushResolves(store: Store | null): void {
    if (this.pendingResolves.size === 0) return;
    const resolves = this.pendingResolves;
    this.pendingResolves = new Map();
    if (!store) return;
    const changed = new Map<number, NotificationRecord>();
    this.guard('resolving open problems', () => {
      for (const [agentId, r] of resolves) for (const n of store.notifications.resolveAgent(agentId, r.state, r.at)) changed.set(n.id, n);
    });
    for (const notification of changed.values()) this.opts.emit({ type: 'notificationChanged', notification });
  }

  private guard<T>(what: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      this.opts.warn(`${what} failed (monitoring goes on in memory): ${message(err)}`);
      return undefined;
    }
  }
}
