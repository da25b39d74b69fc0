// createActions: the one object the orchestrator (and the CLI, in one-shot mode) calls for
// everything done TO agents. It works with a running monitor (pass its registry as the
// directory and its agent changes to startQueue) and without one (a fresh pane listing per
// call; verification polls the screen over the same connection with deadlines).
import { parseInput, type SpawnInput } from '../../shared/api.js';
import type { AgentChanges as ChangesReport, AgentInfo, AnswerResult, MessageResult, NotificationRecord, RestoreOutcome, SpawnResult } from '../../shared/domain.js';
import type { ProgramType } from '../../shared/settings.js';
import { DEFAULT_LEASE_TTL_MS, storeForServer, type Store } from '../store/index.js';
import type { HookInstallOptions } from '../agents/index.js';
import { isRemote, ServerIdentity, type TmuxConnection } from '../tmux/index.js';
import { DEFAULT_TIMINGS, PaneLocks, type ActionContext, type ActionTimings } from './context.js';
import { oneShotDirectory, resolveAgent, type AgentChanges, type AgentDirectory } from './directory.js';
import { commitWorktree, mergeWorktree, readChanges } from './changes.js';
import { killAgent, restartAgent, type KillOptions, type KillResult, type RestartOptions } from './lifecycle.js';
import { readPane } from './pane.js';
import { answerPrompt, type AnswerInput } from './answer.js';
import { broadcast, deliverQueued, sendKeys, sendMessage, type QueueState } from './messaging.js';
import { createObserver, OutputTracker, type Look } from './observe.js';
import { restoreFleet, type RestoreInput } from './restore.js';
import { liveServerHolder } from '../monitor/index.js';
import { spawnAgent } from './spawn.js';
import { deployTeam } from './team.js';
import { LOCAL_HOST } from '../../shared/hosts.js';

export interface ActionsOptions {
  conn: TmuxConnection;
  store: Store;
  /** The monitor's registry (`{ list: () => monitor.agents() }`); default: a fresh listing per call. */
  directory?: AgentDirectory;
  /** `local` or the ssh destination `conn` talks to (agent ids are `<host>/<paneId>`). */
  host?: string;
  /** The key of `conn`'s tmux server (ServerIdentity); default: resolved from `conn.target`. */
  server?: string;
  timings?: Partial<ActionTimings>;
  now?: () => number;
  /** Where `ORC_AGENT_CMD_<TYPE>` overrides are read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Settings → Agent commands, read at each spawn (default: none, each type runs its own program). */
  agentCommands?: () => Partial<Record<ProgramType, string>>;
  warn?: (message: string) => void;
  delivered?: ActionContext['delivered'];
  /** Progress of long actions (send waiting for a busy agent); default: dropped. */
  note?: (message: string) => void;
  /** A stored notification an action resolved (a lost agent is back, or forgotten). */
  notificationChanged?: (n: NotificationRecord) => void;
  /**
   * Whether a monitor runs in another process (it then delivers queued messages). Default: a
   * live holder of the server's monitor lease (@orc-monitor) or of this store's lease.
   */
  monitorElsewhere?: () => boolean | Promise<boolean>;
  /** Hooks for spawned agents (see core/agents/hook-install.ts); default none. */
  hooks?: HookInstallOptions | null;
}

/** True while some process holds a live monitor lease for the server (heartbeat within the TTL). */
export function monitorLeaseHeld(store: Store, serverKey: string, now: () => number = Date.now): () => boolean {
  return () => {
    try {
      const l = store.lease.current(serverKey);
      return !!l && now() - l.heartbeatAt < DEFAULT_LEASE_TTL_MS;
    } catch {
      return false;
    }
  };
}

export interface Actions {
  sendMessage(target: string, text: string, opts?: { now?: boolean; waitMs?: number; anyPane?: boolean; replace?: boolean }): Promise<MessageResult>;
  broadcast(input: { team?: string; all?: boolean; text: string; now?: boolean }): Promise<{ target: string; result: MessageResult }[]>;
  sendKeys(target: string, keys: string[], opts?: { anyPane?: boolean }): Promise<{ ok: true }>;
  /** Answer the prompt on screen, only if it is still the one the caller saw (see answer.ts). */
  answerPrompt(target: string, input: AnswerInput): Promise<AnswerResult>;
  spawnAgent(input: SpawnInput): Promise<SpawnResult>;
  deployTeam(input: { template: string; team?: string; cwd?: string }): Promise<SpawnResult[]>;
  killAgent(target: string, opts?: KillOptions): Promise<KillResult>;
  /** What the agent changed in its git repository (files, counts, unified diff). */
  changes(target: string, stat?: boolean): Promise<ChangesReport>;
  commitWorktree(target: string, message: string): Promise<{ commit: string; files: number }>;
  mergeWorktree(target: string): Promise<{ commit: string; baseBranch: string; commits: number }>;
  restartAgent(target: string, opts?: RestartOptions): Promise<AgentInfo>;
  /** This server's lost agents (fleet manifest, not running): restored, planned (dry run) or forgotten. */
  restoreFleet(input: RestoreInput): Promise<RestoreOutcome[]>;
  /** One look at an agent through its classifier (null when its pane is gone). */
  look(target: string): Promise<Look | null>;
  /**
   * Deliver queued messages from now on: at once for agents that are idle, then whenever
   * `changes` reports an agent idle. Call in the process holding the monitor lease. Returns stop.
   */
  startQueue(changes: AgentChanges): () => void;
  /** Deliver what is queued for agents idle right now (also what startQueue does at start). */
  deliverQueued(): Promise<number>;
  /** Stop listening to the connection (does not close it). */
  close(): void;
}

const READY_FOR_QUEUE = new Set(['idle', 'unsubmitted', 'rate_limited', 'error']);

export function createActions(o: ActionsOptions): Actions {
  const now = o.now ?? Date.now;
  const timings: ActionTimings = { ...DEFAULT_TIMINGS, ...o.timings };
  const tracker = new OutputTracker(o.conn, now);
  const host = o.host ?? LOCAL_HOST;
  const server = o.server ?? ServerIdentity.of(o.conn.target).key();
  const ctx: ActionContext = {
    conn: o.conn,
    // Every message row names this server; the queue read is this server's only.
    store: storeForServer(o.store, server),
    server,
    directory: o.directory ?? oneShotDirectory(o.conn, host),
    observer: createObserver(o.conn, tracker, { quietThresholdMs: timings.quietMs, pollMs: timings.pollMs, now }),
    host,
    timings,
    now,
    env: o.env ?? process.env,
    agentCommands: o.agentCommands ?? (() => ({})),
    warn: o.warn ?? (() => undefined),
    delivered: o.delivered,
    note: o.note ?? (() => undefined),
    notificationChanged: o.notificationChanged ?? (() => undefined),
    // One writer per pane across processes: the lock lives on the tmux server (local servers
    // only for now: over ssh a send through it failed in the remote fleet test; not yet found why).
    locks: isRemote(o.conn.target) ? new PaneLocks() : new PaneLocks((args) => o.conn.run(args)),
    spawning: new Set(),
    hooks: host === LOCAL_HOST ? (o.hooks ?? null) : null,
  };
  const storeLease = monitorLeaseHeld(o.store, server, now);
  const elsewhere =
    o.monitorElsewhere ??
    (async () => storeLease() || (!isRemote(o.conn.target) && (await liveServerHolder((args) => o.conn.run(args), now).catch(() => null)) !== null));
  const queue: QueueState = { running: false, delivering: new Set(), elsewhere };
  const kill = (target: string, opts?: KillOptions) => killAgent(ctx, target, opts);
  /** The agent and its pane's recorded facts (worktree, start commit, directory). */
  const paneOf = async (target: string) => {
    const agent = await resolveAgent(ctx.directory, ctx.conn, target, host);
    return { agent, info: await readPane(ctx.conn, agent.paneId, agent.name) };
  };
  return {
    sendMessage: (target, text, opts) => sendMessage(ctx, queue, target, text, opts),
    broadcast: (input) => broadcast(ctx, queue, input),
    sendKeys: (target, keys, opts) => sendKeys(ctx, target, keys, opts),
    answerPrompt: (target, input) => answerPrompt(ctx, target, input),
    spawnAgent: (input) => spawnAgent(ctx, queue, input),
    deployTeam: (input) => deployTeam(ctx, queue, input, kill),
    killAgent: kill,
    async changes(target, stat = false) {
      const { agent, info } = await paneOf(parseInput('getChanges', { target }).target);
      return readChanges(ctx.conn.target, agent.id, info, stat);
    },
    async commitWorktree(target, message) {
      const p = parseInput('commitWorktree', { target, message });
      const { agent, info } = await paneOf(p.target);
      return commitWorktree(ctx.conn.target, info, agent.name, p.message);
    },
    async mergeWorktree(target) {
      const { agent, info } = await paneOf(parseInput('mergeWorktree', { target }).target);
      return mergeWorktree(ctx.conn.target, info, agent.name);
    },
    restartAgent: (target, opts) => restartAgent(ctx, target, opts),
    restoreFleet: (input) => restoreFleet(ctx, queue, input),
    look: async (target) => {
      const agent = await resolveAgent(ctx.directory, ctx.conn, target, host);
      return ctx.observer.look(agent.paneId, agent.type);
    },
    deliverQueued: () => deliverQueued(ctx, queue),
    startQueue(changes) {
      queue.running = true;
      const pump = () => void deliverQueued(ctx, queue).catch((err: unknown) => ctx.warn(`queue: ${(err as Error).message}`));
      pump();
      const off = changes((agent) => {
        if (!READY_FOR_QUEUE.has(agent.state)) return;
        void deliverQueued(ctx, queue, agent).catch((err: unknown) => ctx.warn(`queue: ${(err as Error).message}`));
      });
      // Rows queued by other processes for an agent that is already idle (a quiet generic agent
      // never turns idle again): looked at every queuePollMs (one indexed query when none wait).
      const poll = setInterval(pump, timings.queuePollMs);
      poll.unref?.();
      return () => {
        queue.running = false;
        clearInterval(poll);
        off();
      };
    },
    close: () => tracker.close(),
  };
}
