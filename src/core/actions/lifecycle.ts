// killAgent (the last screen and scrollback are saved first), restartAgent (respawn the pane
// in place with the recorded command, directory and environment), and an optional automatic
// restart of crashed agents with backoff (off by default; the orchestrator calls it on crash
// transitions when the setting is on).
import { existsSync } from 'node:fs';
import { ApiError, type ApiParsedInput } from '../../shared/api.js';
import { backoffDelay } from '../../shared/backoff.js';
import { RESUME_ARGS } from '../../shared/vocabulary.js';
import type { AgentInfo, FleetEntry } from '../../shared/domain.js';
import type { ActionContext } from './context.js';
import { agentInfoOf } from './agent-info.js';
import { readPane, recordedEnv, type PaneInfo } from './pane.js';
import { respawnArgs, saveScreen, waitReady } from './spawn.js';
import { claudeConversationSaved, resumeCommand } from './restore.js';
import { discardWorktree, unsavedWork, worktreeStatus } from './changes.js';
import { endProcesses, processTree } from '../agents/index.js';
import { isLocalHost } from '../../shared/hosts.js';

/** Lines of scrollback kept with a killed agent's screen (the store bounds the text too). */
const SAVED_SCROLLBACK = 2_000;

export interface KillResult {
  ok: true;
  savedScreen: boolean;
  /** Set when the agent had a worktree that was kept, saying why. */
  worktreeKept?: string;
}

export async function killAgent(ctx: ActionContext, p: ApiParsedInput<'killAgent'>, agent: AgentInfo): Promise<KillResult> {
  const info = await readPane(ctx.conn, agent.paneId, agent.name);
  // Asked first: work that only lives in the worktree is never deleted without being told to.
  const wt = info.orc.worktree && existsSync(info.orc.worktree) && p.worktree !== 'keep'
    ? await worktreeStatus(ctx.conn.target, info.orc)
    : null;
  const unsaved = wt && unsavedWork(wt);
  if (wt && unsaved && p.worktree !== 'discard') {
    throw new ApiError('conflict', `${agent.name}'s worktree ${wt.path} has ${unsaved}: kill it with worktree "keep" (--keep-worktree) or "discard" (--discard-worktree); nothing was done`);
  }
  const text = await ctx.conn.capture(agent.paneId, { scrollback: SAVED_SCROLLBACK }).catch(() => null);
  const savedScreen = text !== null && saveScreen(ctx, agent.paneId, agent.name, info.target, text, 'killed');
  // Out of the fleet manifest BEFORE the pane goes: a monitor seeing it go must not call it lost.
  const kept = forgetInFleet(ctx, agent);
  const processes = localProcesses(ctx, info);
  await ctx.conn.run(['kill-pane', '-t', agent.paneId]).catch((err: unknown) => {
    if (kept) ctx.store.fleet.record(kept);
    throw new ApiError('failed', `could not kill ${agent.name}: ${(err as Error).message}`);
  });
  await endProcesses(processes);
  failQueued(ctx, agent, 'not delivered: the agent was killed');
  if (!info.orc.worktree) return { ok: true, savedScreen };
  if (!wt) return { ok: true, savedScreen, worktreeKept: `${info.orc.worktree} kept${p.worktree === 'keep' ? ' (as asked)' : ': it no longer exists'}` };
  const failed = await discardWorktree(ctx.conn.target, wt).then(
    () => null,
    (e: unknown) => (e as Error).message,
  );
  return failed ? { ok: true, savedScreen, worktreeKept: `${wt.path} kept: ${failed}` } : { ok: true, savedScreen };
}

/** The pane's processes, read before tmux closes it (after, the orphans can no longer be found). Local panes only. */
function localProcesses(ctx: ActionContext, info: PaneInfo): ReturnType<typeof processTree> {
  return isLocalHost(ctx.host) ? processTree(info.pid) : [];
}

/** Remove the agent's manifest row (when it is this pane's); returns it, to put back if the kill fails. */
function forgetInFleet(ctx: ActionContext, agent: AgentInfo): FleetEntry | null {
  const row = ctx.store.fleet.get(ctx.server, agent.name);
  if (!row || row.paneId !== agent.paneId) return null;
  return ctx.store.fleet.remove(ctx.server, agent.name);
}

function failQueued(ctx: ActionContext, agent: AgentInfo, reason: string): void {
  try {
    for (const row of ctx.store.messages.list({ target: agent.id, status: 'queued', limit: 1000 })) {
      ctx.store.messages.updateStatus(row.id, 'failed', reason, ctx.now());
    }
  } catch (err) {
    ctx.warn(`queued messages of ${agent.name} not closed: ${(err as Error).message}`);
  }
}

/** `resume`: its last conversation (shared/vocabulary.ts RESUME_ARGS). */
export async function restartAgent(ctx: ActionContext, p: ApiParsedInput<'restartAgent'>, agent: AgentInfo): Promise<AgentInfo> {
  const info = await readPane(ctx.conn, agent.paneId, agent.name);
  const recorded = info.orc.cmd || info.startCommand;
  if (!recorded) throw new ApiError('failed', `${agent.name}: no start command recorded (it was not spawned by tmux-orc); restart it by hand`);
  // The same way restore resumes a lost agent: Claude Code by its own conversation id, others by their flag.
  const plan = p.resume
    ? resumeCommand(
        { type: agent.type === 'generic' ? 'custom' : agent.type, command: recorded, cliSession: /\s--session-id\s+([0-9A-Za-z-]+)/.exec(recorded)?.[1] ?? null, host: ctx.host },
        (id) => claudeConversationSaved(id, ctx.env),
      )
    : null;
  if (plan && (plan.resume.startsWith('not resumed') || !RESUME_ARGS[agent.type]))
    throw new ApiError('conflict', `${agent.name} (${agent.type}) cannot resume its conversation: ${plan.resume.replace(/^not resumed: /, '')}; restart it without resume (a fresh conversation)`);
  const command = plan ? plan.command : recorded;
  const cwd = info.orc.cwd || info.cwd;
  const processes = localProcesses(ctx, info);
  await ctx.conn
    .runAll([['set-option', '-p', '-t', agent.paneId, 'remain-on-exit', 'on'], respawnArgs(agent.paneId, cwd, recordedEnv(info), command), ['clear-history', '-t', agent.paneId]])
    .catch((err: unknown) => {
      throw new ApiError('failed', `could not restart ${agent.name}: ${(err as Error).message}`);
    });
  await endProcesses(processes);
  const look = await waitReady(ctx, agent.paneId, agent.type);
  return agentInfoOf(ctx, agent.paneId, look);
}

export interface AutoRestartOptions {
  restart: (agentId: string) => Promise<unknown>;
  /** First delay; doubles per consecutive crash up to maxMs. */
  baseMs?: number;
  maxMs?: number;
  /** Give up after this many restarts without a stable run. */
  maxAttempts?: number;
  /** A run this long counts as stable and resets the backoff. */
  stableMs?: number;
  now?: () => number;
  onGiveUp?: (agentId: string, reason: string) => void;
}

export interface AutoRestarter {
  /** Call on a transition into `crashed`. */
  onCrash(agentId: string): void;
  /** Call when an agent is removed or killed on purpose: forget it. */
  forget(agentId: string): void;
  /** Restarts waiting to run. */
  pending(): string[];
  dispose(): void;
}

export function createAutoRestarter(o: AutoRestartOptions): AutoRestarter {
  const base = o.baseMs ?? 2_000;
  const max = o.maxMs ?? 300_000;
  const maxAttempts = o.maxAttempts ?? 5;
  const stable = o.stableMs ?? 600_000;
  const now = o.now ?? Date.now;
  const tries = new Map<string, { n: number; lastRestart: number }>();
  const timers = new Map<string, NodeJS.Timeout>();
  return {
    onCrash(agentId) {
      if (timers.has(agentId)) return;
      const prev = tries.get(agentId);
      const n = prev && now() - prev.lastRestart < stable ? prev.n : 0;
      if (n >= maxAttempts) {
        o.onGiveUp?.(agentId, `crashed ${n} times within ${Math.round(stable / 1000)} s of a restart; not restarting again`);
        return;
      }
      const delay = backoffDelay(n, { minMs: base, maxMs: max });
      const t = setTimeout(() => {
        timers.delete(agentId);
        tries.set(agentId, { n: n + 1, lastRestart: now() });
        o.restart(agentId).catch((err: unknown) => o.onGiveUp?.(agentId, `restart failed: ${(err as Error).message}`));
      }, delay);
      t.unref?.();
      timers.set(agentId, t);
    },
    forget(agentId) {
      const t = timers.get(agentId);
      if (t) clearTimeout(t);
      timers.delete(agentId);
      tries.delete(agentId);
    },
    pending: () => [...timers.keys()],
    dispose() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      tries.clear();
    },
  };
}
