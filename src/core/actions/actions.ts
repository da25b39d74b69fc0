// createActions: the one object the orchestrator (and the CLI, in one-shot mode) calls for
// everything done TO agents. It works with a running monitor (pass its registry as the
// directory and its agent changes to startQueue) and without one (a fresh pane listing per
// call; verification polls the screen over the same connection with deadlines).
import type { AGENT_ACTION_METHODS, ApiOutput, ApiParsedInput, HOST_ACTION_METHODS } from '../../shared/api.js';
import type { AgentInfo, NotificationRecord } from '../../shared/domain.js';
import type { ProgramType } from '../../shared/settings.js';
import { DEFAULT_LEASE_TTL_MS, storeForServer, type Store } from '../store/index.js';
import type { HookInstallOptions } from '../agents/index.js';
import { isRemote, ServerIdentity, type TmuxConnection } from '../tmux/index.js';
import { DEFAULT_TIMINGS, PaneLocks, type ActionContext, type ActionTimings } from './context.js';
import { oneShotDirectory, resolveAgent, type AgentChanges, type AgentDirectory, type PlainPanes } from './directory.js';
import { commitWorktree, mergeWorktree, readChanges } from './changes.js';
import { killAgent, restartAgent } from './lifecycle.js';
import { readPane } from './pane.js';
import { answerPrompt } from './answer.js';
import { broadcast, deliverQueued, sendKeys, sendMessage, type QueueState } from './messaging.js';
import { createObserver, OutputTracker, type Look } from './observe.js';
import { restoreFleet } from './restore.js';
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

export type AgentMethod = (typeof AGENT_ACTION_METHODS)[number];
export type HostMethod = (typeof HOST_ACTION_METHODS)[number];

/** The agent methods, typed from the contract table (src/shared/api.ts). */
export type AgentActions = { [M in AgentMethod]: (input: ApiParsedInput<M>, agent: AgentInfo) => Promise<ApiOutput<M>> };
/** The host methods, typed from the contract table. */
export type HostActions = { [M in HostMethod]: (input: ApiParsedInput<M>) => Promise<ApiOutput<M>> };

export interface Actions extends AgentActions, HostActions {
  /** The agent a target names on this host (its directory first, then a fresh pane listing). */
  resolve(target: string, plainPanes: PlainPanes): Promise<AgentInfo>;
  /** One look at an agent through its classifier (null when its pane is gone). */
  look(agent: AgentInfo): Promise<Look | null>;
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
  /** The agent's pane's recorded facts (worktree, start commit, directory). */
  const paneOf = (agent: AgentInfo) => readPane(ctx.conn, agent.paneId, agent.name);
  return {
    resolve: (target, plainPanes) => resolveAgent(ctx.directory, ctx.conn, target, host, plainPanes),
    sendMessage: (input, agent) => sendMessage(ctx, queue, input, agent),
    broadcast: (input) => broadcast(ctx, queue, input),
    sendKeys: (input, agent) => sendKeys(ctx, input, agent),
    answerPrompt: (input, agent) => answerPrompt(ctx, input, agent),
    spawnAgent: (input) => spawnAgent(ctx, queue, input),
    deployTeam: (input) => deployTeam(ctx, queue, input),
    killAgent: (input, agent) => killAgent(ctx, input, agent),
    getChanges: async ({ stat }, agent) => readChanges(ctx.conn.target, agent.id, await paneOf(agent), stat),
    commitWorktree: async ({ message }, agent) => commitWorktree(ctx.conn.target, await paneOf(agent), agent.name, message),
    mergeWorktree: async (_input, agent) => mergeWorktree(ctx.conn.target, await paneOf(agent), agent.name),
    restartAgent: (input, agent) => restartAgent(ctx, input, agent),
    restoreFleet: (input) => restoreFleet(ctx, queue, input),
    look: (agent) => ctx.observer.look(agent.paneId, agent.type),
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
