// What every action shares: the connection, the store, the observer, timings and the directory.
import type { HookInstallOptions } from '../agents/index.js';
import type { TmuxConnection } from '../tmux/index.js';
import type { Store } from '../store/index.js';
import type { AgentDirectory } from './directory.js';
import type { Observer } from './observe.js';
import { takePaneLock, type PaneLockOptions, type TmuxRun } from './pane-lock.js';
import type { ProgramType } from '../../shared/settings.js';
import type { NotificationRecord } from '../../shared/domain.js';
import type { DeliveryStatus } from '../../shared/vocabulary.js';

export interface ActionTimings {
  /** How often a waiter looks again when the pane prints nothing. */
  pollMs: number;
  /** Typed text must show in the input box within this. */
  echoMs: number;
  /** Stale text must be gone from the box within this. */
  clearMs: number;
  /** Per Enter press: how long the text may stay in the box before Enter is pressed again. */
  submitWaitMs: number;
  /** Enter presses in all (1 + retries). */
  submitAttempts: number;
  /**
   * After the box emptied: how long to wait for the agent to show it got the message. Only a
   * failure waits this long; a loaded machine (several agents starting at once) took over 3 s.
   */
  confirmMs: number;
  /** spawn/restart: how long an agent may take to become ready. */
  readyMs: number;
  /** Output silence after which a generic (custom) agent counts as idle. */
  quietMs: number;
  /** Queued messages older than this are given up (status failed). */
  queueMaxAgeMs: number;
  /** The monitor looks for rows other processes queued this often (see startQueue). */
  queuePollMs: number;
  /** A prompt must have shown this long before an answer is typed into it. */
  promptSettleMs: number;
}

export const DEFAULT_TIMINGS: ActionTimings = {
  pollMs: 40,
  echoMs: 3_000,
  clearMs: 2_000,
  submitWaitMs: 1_000,
  submitAttempts: 3,
  confirmMs: 6_000,
  readyMs: 60_000,
  quietMs: 2_000,
  queueMaxAgeMs: 24 * 3_600_000,
  queuePollMs: 2_000,
  promptSettleMs: 500,
};

export interface ActionContext {
  conn: TmuxConnection;
  store: Store;
  directory: AgentDirectory;
  observer: Observer;
  host: string;
  /** The tmux server's key (ServerIdentity): what every row written here names. */
  server: string;
  timings: ActionTimings;
  now: () => number;
  env: NodeJS.ProcessEnv;
  /** Settings → Agent commands, read at each spawn (ORC_AGENT_CMD_<TYPE> in env wins). */
  agentCommands: () => Partial<Record<ProgramType, string>>;
  /** Problems that do not fail the action (a log row that could not be written…). */
  warn: (message: string) => void;
  /** A queued message's outcome (id, agent, status; never its text), for the daemon log. */
  delivered?: (d: { messageId: number; agent: string; status: DeliveryStatus }) => void;
  /** What a long action is doing now, for the person waiting (e.g. send waiting for idle). */
  note: (message: string) => void;
  /** A stored notification an action resolved (the UI's inbox replaces it in place). */
  notificationChanged: (n: NotificationRecord) => void;
  /** One typist per pane: keystrokes of two sends must never interleave. */
  locks: PaneLocks;
  /** Names being spawned now (a second concurrent spawn of one name is refused). */
  spawning: Set<string>;
  /** How spawned agents get their hooks (null: none, e.g. on a remote host). */
  hooks: HookInstallOptions | null;
}

/**
 * Per-pane mutual exclusion within this process (sends, queued deliveries, keys, schedules and
 * PM reports may all target one agent at once). Bounded: a pane's entry goes when it is free.
 */
export class PaneLocks {
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * @param run When given, the lock is also taken on the tmux server (takePaneLock), so every
   *   other process and host respects it; this process's own senders queue here first.
   */
  constructor(
    private readonly run?: TmuxRun,
    private readonly opts: PaneLockOptions = {},
  ) {}

  async with<T>(paneId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(paneId) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = prev.then(() => mine);
    this.tails.set(paneId, tail);
    await prev;
    try {
      if (!this.run) return await fn();
      const unlock = await takePaneLock(this.run, paneId, this.opts);
      try {
        return await fn();
      } finally {
        await unlock();
      }
    } finally {
      release();
      if (this.tails.get(paneId) === tail) this.tails.delete(paneId);
    }
  }

  get size(): number {
    return this.tails.size;
  }
}
