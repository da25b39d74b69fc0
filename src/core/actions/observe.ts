// Looking at a pane the way the classifier does, and waiting on what it shows. Works with or
// without a running monitor: one pipelined round trip (pane facts + capture) per look, and a
// look is taken whenever the pane prints (%output) or, failing that, every `pollMs`, until a
// deadline. Never a fixed sleep.
import type { AgentType } from '../../shared/vocabulary.js';
import type { Classification } from '../agents/index.js';
import { captureArgs, classifyPane } from '../monitor/index.js';
import { activityLatestMs, type TmuxConnection } from '../tmux/index.js';
import { paneInfoCommands, parsePaneInfo, type PaneInfo } from './pane.js';

export interface Look {
  info: PaneInfo;
  screen: string;
  classification: Classification;
  at: number;
}

const MAX_PANES = 10_000;
/** Least time between two looks at one pane by one waiter. */
const MIN_LOOK_MS = 8;

/**
 * Last output time per pane and wake-ups for waiters, from the connection's output events.
 * One listener per connection, however many sends are in flight.
 */
export class OutputTracker {
  private readonly last = new Map<string, number>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly off: () => void;
  /** When it started listening: a pane silent since has been quiet at least that long. */
  readonly startedAt: number;

  constructor(conn: TmuxConnection, private readonly now: () => number = Date.now) {
    this.startedAt = now();
    const onOutput = ({ paneId }: { paneId: string }) => {
      if (this.last.size >= MAX_PANES && !this.last.has(paneId)) this.last.clear();
      this.last.set(paneId, this.now());
      const ws = this.waiters.get(paneId);
      if (ws) for (const w of ws) w();
    };
    conn.on('output', onOutput);
    this.off = () => conn.off('output', onOutput);
  }

  /** Ms since the pane last printed; `fallback` when it has not printed since we started listening. */
  quietMs(paneId: string, fallback: number): number {
    const t = this.last.get(paneId);
    return t === undefined ? fallback : this.now() - t;
  }

  /** Count the pane as having printed now (a just-started program: quiet is measured from here). */
  mark(paneId: string): void {
    this.last.set(paneId, this.now());
  }

  lastOutputAt(paneId: string): number | undefined {
    return this.last.get(paneId);
  }

  /** Resolves at the pane's next output or after `ms`, whichever is first. */
  next(paneId: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiters.get(paneId);
      if (!set) this.waiters.set(paneId, (set = new Set()));
      const s = set;
      const done = () => {
        clearTimeout(t);
        s.delete(done);
        if (s.size === 0) this.waiters.delete(paneId);
        resolve();
      };
      const t = setTimeout(done, ms);
      s.add(done);
    });
  }

  close(): void {
    this.off();
    this.last.clear();
  }
}

export interface Observer {
  /** One look through `type`'s classifier; null when the pane is gone. */
  look(paneId: string, type: AgentType): Promise<Look | null>;
  /** Look until `test` returns a value (not undefined) or the deadline passes (value undefined). */
  until<T>(
    paneId: string,
    type: AgentType,
    test: (l: Look | null) => T | undefined,
    timeoutMs: number,
  ): Promise<{ value: T | undefined; last: Look | null }>;
  readonly tracker: OutputTracker;
}

/**
 * How long the pane has been silent, never too long (too long calls a printing agent idle).
 * The output we heard is exact to the ms: when we heard the pane in tmux's activity second or
 * later, nothing later went unheard. Otherwise (a fresh process has heard nothing: tmux's time
 * is its history; counting from our own start called every quiet generic agent busy) the
 * latest moment tmux's whole-second `window_activity` can mean. Neither known: since we
 * started listening.
 */
export function quietFor(tracker: Pick<OutputTracker, 'lastOutputAt'>, info: Pick<PaneInfo, 'paneId' | 'activityMs'>, at: number, started: number): number {
  const heard = tracker.lastOutputAt(info.paneId);
  const last = heard !== undefined && info.activityMs > 0 && heard >= info.activityMs ? heard : Math.max(heard ?? 0, activityLatestMs(info.activityMs, at));
  return last > 0 ? Math.max(0, at - last) : at - started;
}

export interface ObserverOptions {
  quietThresholdMs: number;
  pollMs: number;
  now: () => number;
}

export function createObserver(conn: TmuxConnection, tracker: OutputTracker, o: ObserverOptions): Observer {
  const started = o.now();
  const look = async (paneId: string, type: AgentType): Promise<Look | null> => {
    const [rowR, orcR, screenR] = await conn.runSettled([...paneInfoCommands(paneId), captureArgs(paneId)]);
    if (rowR?.status !== 'fulfilled' || orcR?.status !== 'fulfilled') return null;
    const info = parsePaneInfo(paneId, rowR.value, orcR.value);
    if (!info) return null;
    const screen = screenR?.status === 'fulfilled' ? screenR.value.join('\n') : '';
    const at = o.now();
    const c = classifyPane(type, { screen, command: info.command, dead: info.dead, deadStatus: info.deadStatus }, {
      quietMs: quietFor(tracker, info, at, started),
      quietThresholdMs: o.quietThresholdMs,
      now: at,
      startCommand: info.orc.cmd || info.startCommand || undefined,
    });
    return { info, screen, classification: c, at };
  };
  return {
    tracker,
    look,
    async until(paneId, type, test, timeoutMs) {
      const deadline = o.now() + timeoutMs;
      let last: Look | null = null;
      for (;;) {
        const lookedAt = o.now();
        last = await look(paneId, type);
        const value = test(last);
        if (value !== undefined) return { value, last };
        const left = deadline - o.now();
        if (left <= 0) return { value: undefined, last };
        await tracker.next(paneId, Math.min(o.pollMs, left));
        // A flooding pane wakes us per output chunk: at most one look per MIN_LOOK_MS.
        const since = o.now() - lookedAt;
        if (since < MIN_LOOK_MS) await new Promise((r) => setTimeout(r, MIN_LOOK_MS - since));
      }
    },
  };
}
