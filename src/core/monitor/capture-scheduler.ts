// The capture scheduler: which panes to look at, and when.
//
//   %output ─▶ pane dirty ─▶ (setImmediate) one pipelined capture of all dirty panes
//              └▶ quiet timer ─▶ look again after settings.quietMs of silence (busy → idle)
//   topology ─▶ registry re-list (serialised, coalesced)   reconcile timer ─▶ re-list + capture all
//   pane facts (format subscription: tags, current command, dead) differ ─▶ re-list + capture
//   screen hash unchanged ─▶ skip;  changed ─▶ the agent state machine (agent-states.ts)
//
// No fixed sleeps and no process per agent: everything goes through the one control-mode
// connection. A pane captured less than minCaptureIntervalMs ago waits for the rest of that
// interval (a trailing capture always follows the last output), and a busy pane is looked at
// when its output pauses (see busySettleMs), which bounds the work spinners and flooding panes
// cause without delaying the first capture after a quiet spell.
import type { Settings } from '../../shared/settings.js';
import type { AgentState } from '../../shared/vocabulary.js';
import { listingCommands, parseListing, type AgentRegistry, type RegistryDiff } from '../agents/index.js';
import { activityLatestMs, type OutputEvent, type PaneFactsEvent, type TmuxConnection } from '../tmux/index.js';
import { captureArgs, captureBatch, makeSnapshot, type PaneSnapshot } from './capture.js';

export type MonitorConnection = Pick<TmuxConnection, 'runAll' | 'runSettled' | 'on' | 'off' | 'status'>;

export interface CaptureTiming {
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
}

/** What the scheduler knows of a capture, for classifying it. */
export interface CaptureFacts {
  now: number;
  /** Time since the pane's last output (Number.MAX_SAFE_INTEGER when none was seen). */
  sinceOutputMs: number;
  /** When the first output since the previous capture came (output-to-transition latency). */
  outputSince: number | null;
}

/** Where captures and listings go: the agent state machine. */
export interface CaptureSink {
  /** A pane's screen changed (or a look was forced); returns the agent's state after it. */
  screenChanged(paneId: string, snap: PaneSnapshot, facts: CaptureFacts): AgentState | undefined;
  /** Agents appeared, changed identity or went away; `initial`: the first listing. */
  listed(diff: RegistryDiff, initial: boolean): void;
}

export interface CaptureSchedulerOptions extends CaptureTiming {
  conn: MonitorConnection;
  registry: AgentRegistry;
  sink: CaptureSink;
  settings: () => Settings;
  now: () => number;
  warn: (message: string) => void;
  /** After every timed reconcile (the monitor's periodic checks). */
  onReconciled?: () => void;
}

/** The scheduling state of one agent's pane. */
interface PaneWatch {
  paneId: string;
  hash: string;
  lastOutputAt: number;
  /** First output since the last capture (for output-to-transition latency). */
  dirtySince: number | null;
  /** Classify at the next capture even when the screen is unchanged. */
  force: boolean;
  lastCaptureAt: number;
  quietTimer: NodeJS.Timeout | null;
}

const BATCH_SLACK_MS = 20;

export class CaptureScheduler {
  readonly counts = { captures: 0, unchangedSkipped: 0, batches: 0, reconciles: 0, lastReconcileMs: 0 };
  private readonly conn: MonitorConnection;
  private readonly registry: AgentRegistry;
  private readonly now: () => number;
  private readonly watches = new Map<string, PaneWatch>();
  private readonly dirty = new Set<string>();
  private flushScheduled = false;
  private flushing = false;
  private deferTimer: NodeJS.Timeout | null = null;
  private deferAt = 0;
  private refreshing: Promise<RegistryDiff | null> | null = null;
  private refreshAgain = false;
  private reconcileTimer: NodeJS.Timeout | null = null;
  private running = false;
  private wasConnected = false;
  private listedOnce = false;

  constructor(private readonly opts: CaptureSchedulerOptions) {
    this.conn = opts.conn;
    this.registry = opts.registry;
    this.now = opts.now;
  }

  get active(): boolean {
    return this.running;
  }

  /** Follow the connection's events, after one sweep when the server is there. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.conn.on('output', this.onOutput);
    this.conn.on('topology', this.onTopology);
    this.conn.on('pane-facts', this.onPaneFacts);
    this.conn.on('pane-continued', this.onContinued);
    this.conn.on('status', this.onStatus);
    this.wasConnected = this.conn.status === 'connected';
    if (this.wasConnected) await this.sweep();
    this.scheduleReconcile();
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.conn.off('output', this.onOutput);
    this.conn.off('topology', this.onTopology);
    this.conn.off('pane-facts', this.onPaneFacts);
    this.conn.off('pane-continued', this.onContinued);
    this.conn.off('status', this.onStatus);
    for (const t of [this.reconcileTimer, this.deferTimer]) if (t) clearTimeout(t);
    this.reconcileTimer = this.deferTimer = null;
    for (const w of this.watches.values()) this.clearQuiet(w);
  }

  /** The reconcile period may have changed. */
  settingsChanged(prev: Settings): void {
    if (prev.reconcileIntervalMs !== this.opts.settings().reconcileIntervalMs && this.running) this.scheduleReconcile();
  }

  /** Re-list panes and capture every agent (force: classify even unchanged screens); resolves the time it took (ms). */
  async reconcile(opts: { force?: boolean } = {}): Promise<number> {
    const t0 = performance.now();
    if (opts.force) for (const w of this.watches.values()) w.force = true;
    await this.sweep();
    const ms = performance.now() - t0;
    this.counts.reconciles++;
    this.counts.lastReconcileMs = ms;
    return ms;
  }

  /** Capture a pane again soon and classify it even if its screen is unchanged. */
  recheck(paneId: string): void {
    const w = this.watches.get(paneId);
    if (!w || !this.running) return;
    w.force = true;
    this.markDirty(paneId);
  }

  /** Re-list panes; serialised, and a request during a listing runs one more after it. */
  refreshRegistry(): Promise<RegistryDiff | null> {
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
          this.applyDiff(diff);
        } catch (err) {
          this.opts.warn(`listing panes failed: ${message(err)}`);
        }
      } while (this.refreshAgain && this.running);
      return diff;
    };
    this.refreshing = run().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  // ---- events from tmux ---------------------------------------------------------------------

  private readonly onOutput = (e: OutputEvent): void => {
    if (!this.running) return;
    const w = this.watches.get(e.paneId);
    if (!w) return; // not an agent (a new pane is picked up from the topology event)
    const now = this.now();
    w.lastOutputAt = now;
    if (w.dirtySince === null) w.dirtySince = now;
    this.armQuiet(w);
    this.markDirty(w.paneId, false);
  };

  private readonly onTopology = (e: { reasons: string[] }): void => {
    if (!this.running || e.reasons.every((r) => r === 'disconnected')) return;
    void this.refreshRegistry();
  };

  /**
   * tmux reported a pane's facts (once a second at most, only on change): when they differ from
   * the last listing's — a pane tagged or retagged, an agent exited without printing, a pane
   * died — the pane is captured now (the capture reads command and dead flag itself) and the
   * panes are listed again (identity and tags). Facts equal to the listing's cost nothing.
   */
  private readonly onPaneFacts = (e: PaneFactsEvent): void => {
    // Before the first listing, the sweep is about to see every pane anyway.
    if (!this.running || !this.listedOnce) return;
    const row = this.registry.row(e.paneId);
    if (row && row.command === e.command && row.dead === e.dead && row.orcName === e.orcName && row.orcType === e.orcType && row.orcRole === e.orcRole && row.orcTeam === e.orcTeam) return;
    this.recheck(e.paneId);
    void this.refreshRegistry();
  };

  /** Output was dropped while the pane was paused: the screen must be looked at again. */
  private readonly onContinued = (e: { paneId: string }): void => this.recheck(e.paneId);

  private readonly onStatus = (e: { status: string }): void => {
    const connected = e.status === 'connected';
    if (connected && !this.wasConnected && this.running) {
      void this.reconcile().catch((err: unknown) => this.opts.warn(`reconcile failed: ${message(err)}`));
    }
    // The server is gone, and with it every pane: a new server has new pane ids. `no_server`
    // says so whatever came before (a remote host's view reports the drop before it as
    // `connecting`: the link may come back to the same server).
    if (!connected && ((this.wasConnected && e.status === 'disconnected') || e.status === 'no_server')) {
      this.applyDiff({ added: [], changed: [], removed: this.registry.clear() }, false);
    }
    this.wasConnected = connected;
  };

  // ---- the registry's changes ---------------------------------------------------------------

  /** Agents already there when monitoring begins get their state silently (no transition). */
  private applyDiff(diff: RegistryDiff, listing = true): void {
    const initial = listing && !this.listedOnce;
    if (listing) this.listedOnce = true;
    const now = this.now();
    for (const a of diff.added) {
      const activity = this.registry.extrasOf(a.paneId)?.activityMs ?? 0;
      this.watches.set(a.paneId, {
        paneId: a.paneId,
        hash: '',
        lastOutputAt: activityLatestMs(activity, now),
        dirtySince: null,
        force: true,
        lastCaptureAt: 0,
        quietTimer: null,
      });
    }
    for (const a of diff.removed) {
      const w = this.watches.get(a.paneId);
      if (w) this.clearQuiet(w);
      this.watches.delete(a.paneId);
      this.dirty.delete(a.paneId);
    }
    this.opts.sink.listed(diff, initial);
    if (!initial) for (const a of diff.added) this.markDirty(a.paneId);
    for (const a of diff.changed) this.recheck(a.paneId);
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

  private armQuiet(w: PaneWatch): void {
    if (w.quietTimer) return; // it re-checks the last output time when it fires
    const wait = Math.max(0, w.lastOutputAt + this.opts.settings().quietMs - this.now()) + 1;
    w.quietTimer = setTimeout(() => this.onQuiet(w), wait);
    w.quietTimer.unref?.();
  }

  private clearQuiet(w: PaneWatch): void {
    if (w.quietTimer) clearTimeout(w.quietTimer);
    w.quietTimer = null;
  }

  private onQuiet(w: PaneWatch): void {
    w.quietTimer = null;
    if (!this.running || this.watches.get(w.paneId) !== w) return;
    const quietMs = this.opts.settings().quietMs;
    const remaining = w.lastOutputAt + quietMs - this.now();
    if (remaining > 0) return this.armQuiet(w);
    w.force = true;
    if (w.dirtySince === null) w.dirtySince = w.lastOutputAt + quietMs;
    this.markDirty(w.paneId);
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    if (this.flushing || !this.running) return;
    this.flushing = true;
    try {
      while (this.dirty.size > 0 && this.running) {
        const batch = this.dueBatch(this.now());
        if (batch.length === 0) break;
        for (const id of batch) this.dirty.delete(id);
        await this.captureAndProcess(batch);
      }
    } catch (err) {
      this.opts.warn(`capture failed: ${message(err)}`);
    } finally {
      this.flushing = false;
      // Whatever is still dirty (a failed batch) is looked at again shortly.
      if (this.dirty.size > 0 && !this.deferTimer && this.running) this.deferUntil(this.now() + 100);
    }
  }

  /** The dirty panes due now; the defer timer is set for the earliest of the others. */
  private dueBatch(now: number): string[] {
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
      const at = busy ? Math.max(w.lastCaptureAt + minGap, Math.min(w.lastOutputAt + settle, w.lastCaptureAt + busyMax)) : w.lastCaptureAt + minGap;
      // Panes due within BATCH_SLACK_MS ride along: fewer, fuller batches.
      if (w.force || at <= now + BATCH_SLACK_MS) batch.push(id);
      else nextAt = Math.min(nextAt, at);
    }
    if (nextAt !== Infinity) this.deferUntil(nextAt);
    return batch;
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
    this.applyDiff(diff);
    this.counts.batches++;
    const now = this.now();
    known.forEach((id, i) => {
      const r = results[i + 2];
      const w = this.watches.get(id);
      const row = this.registry.row(id);
      if (!w || !row || r?.status !== 'fulfilled') return;
      w.lastCaptureAt = started;
      this.counts.captures++;
      this.process(w, makeSnapshot(r.value.join('\n'), row.command, row.dead, row.deadStatus, this.registry.extrasOf(id)?.locked), now);
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

  /** Unchanged screens are skipped; changed (or forced) ones go to the state machine. */
  private process(w: PaneWatch, snap: PaneSnapshot, now: number): void {
    if (!this.registry.byPane(w.paneId)) return;
    const outputSince = w.dirtySince;
    w.dirtySince = null;
    if (snap.hash === w.hash && !w.force) {
      this.counts.unchangedSkipped++;
      return;
    }
    w.hash = snap.hash;
    w.force = false;
    const sinceOutputMs = w.lastOutputAt > 0 ? now - w.lastOutputAt : Number.MAX_SAFE_INTEGER;
    const state = this.opts.sink.screenChanged(w.paneId, snap, { now, sinceOutputMs, outputSince });
    // Output-driven profiles turn idle only after the quiet time: make sure a timer will look again.
    if (state === 'busy' && sinceOutputMs < this.opts.settings().quietMs) this.armQuiet(w);
  }

  private scheduleReconcile(): void {
    if (this.reconcileTimer) clearTimeout(this.reconcileTimer);
    this.reconcileTimer = null;
    if (!this.running) return;
    this.reconcileTimer = setTimeout(() => {
      this.reconcileTimer = null;
      if (!this.running) return;
      if (this.conn.status !== 'connected') return this.scheduleReconcile();
      this.reconcile()
        .catch((err: unknown) => this.opts.warn(`reconcile failed: ${message(err)}`))
        .finally(() => {
          this.opts.onReconciled?.();
          this.scheduleReconcile();
        });
    }, this.opts.settings().reconcileIntervalMs);
    this.reconcileTimer.unref?.();
  }
}

export function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
