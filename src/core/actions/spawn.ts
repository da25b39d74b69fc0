// spawnAgent: a window running the agent's command, tagged with `@orc-*` pane options (also the
// start command, directory and environment, so restart can repeat them), then wait until the
// classifier calls it ready, then the briefing. Nothing is answered on the agent's behalf: a
// trust dialog is reported (state waiting) and the briefing waits in the queue.
// Every check that can fail on bad input runs before anything is created; a later failure
// undoes what was created (window, session, worktree), so nothing is left half-made.
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { ApiError } from '../../shared/api.js';
import type { FleetEntry, MessageResult, SpawnResult } from '../../shared/domain.js';
import type { ApiParsedInput } from '../../shared/api.js';
import type { AgentType, SpawnType } from '../../shared/vocabulary.js';
import { agentCommandVar, type ProgramType } from '../../shared/settings.js';
import { ORC_OPTION, TmuxCommandError, type SpawnTagKey } from '../tmux/index.js';
import { dirExistsOnHost, runOnHost, type HostTarget } from '../hosts/index.js';
import { hookLaunch, type HookLaunch } from '../agents/index.js';
import { agentInfoOf } from './agent-info.js';
import type { ActionContext } from './context.js';
import { listAgentsNow } from './directory.js';
import { messageTo, sendMessage, type QueueState } from './messaging.js';
import type { Look } from './observe.js';
import { checkWorktree, createWorktree, removeWorktreeIfClean, type Worktree } from './worktree.js';
import { LOCAL_HOST } from '../../shared/hosts.js';

/** Where a spawn's command came from (its error names the place to fix it). */
export type CommandSource = 'given' | 'env' | 'settings' | 'default';

/**
 * The command a spawn runs: the one given (`--cmd`, required for custom), else the engine's
 * `ORC_AGENT_CMD_<TYPE>` (tests and benchmarks use a fake agent), else Settings → Agent
 * commands, else the type's own program (`claude`, `codex`, `gemini`, `aider`).
 */
export function resolveAgentCommand(
  type: SpawnType,
  command: string | undefined,
  env: NodeJS.ProcessEnv,
  configured: Partial<Record<ProgramType, string>> = {},
): { command: string; source: CommandSource } {
  if (command) return { command, source: 'given' };
  if (type === 'custom') throw new ApiError('bad_input', 'spawnAgent: command: a custom agent needs a command');
  const fromEnv = env[agentCommandVar(type)]?.trim();
  if (fromEnv) return { command: fromEnv, source: 'env' };
  const fromSettings = configured[type]?.trim();
  if (fromSettings) return { command: fromSettings, source: 'settings' };
  return { command: type, source: 'default' };
}

export function agentCommand(type: SpawnType, command: string | undefined, env: NodeJS.ProcessEnv, configured?: Partial<Record<ProgramType, string>>): string {
  return resolveAgentCommand(type, command, env, configured).command;
}

/**
 * The program a shell command line starts: its first word after `VAR=value` assignments (and
 * `exec`/`env`). Null when the shell would decide (quotes, `$`, substitutions, compound
 * commands): then nothing is checked beforehand and start-up reports what happened.
 */
export function programOf(command: string): string | null {
  const words = command.trim().split(/\s+/);
  let i = 0;
  while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=\S*$/.test(words[i]!)) i++;
  while (i < words.length && (words[i] === 'exec' || words[i] === 'env')) i++;
  const word = words[i];
  if (!word || !/^[\w./+@%:,-]+$/.test(word) || word.startsWith('-')) return null;
  return word;
}

/** What to do about a missing program, by where its command came from. */
function fixFor(type: SpawnType, source: CommandSource): string {
  if (source === 'env') return `set by ${agentCommandVar(type as ProgramType)} in the engine's environment; install it or change that variable`;
  if (source === 'given') return 'install it, or give a command that exists';
  return 'install it, or set its command in Settings → Agent commands';
}

/**
 * The agent's program must exist where the agent will run, before anything is created. The
 * pane gets the tmux server's environment, so the search uses that server's PATH (or the spawn's
 * own PATH) on that host, through the hosts layer (ssh for a remote host).
 */
async function checkProgram(ctx: ActionContext, type: SpawnType, command: string, source: CommandSource, env: Record<string, string> | undefined): Promise<void> {
  const program = programOf(command);
  if (!program) return;
  const path = env?.PATH ?? (await tmuxServerPath(ctx));
  const script = path === null ? 'command -v "$1" >/dev/null' : 'PATH=$2; command -v "$1" >/dev/null';
  const r = await runOnHost(ctx.conn.target, ['sh', '-c', script, 'sh', program, ...(path === null ? [] : [path])], { timeoutMs: 15_000 });
  if (r.exitCode === 0) return;
  const where = ctx.host === LOCAL_HOST ? '' : ` on ${ctx.host}`;
  throw new ApiError('failed', `\`${program}\` not found on PATH${where} (${fixFor(type, source)})`);
}

/** PATH in the tmux server's global environment (what a new pane gets); null when it has none. */
async function tmuxServerPath(ctx: ActionContext): Promise<string | null> {
  try {
    const [line = ''] = await ctx.conn.run(['show-environment', '-g', 'PATH']);
    return line.startsWith('PATH=') ? line.slice('PATH='.length) : null;
  } catch {
    return null; // no such variable: the program is looked up with the host's own PATH
  }
}

/** How the type gets its hooks (`env`: the agent's); a settings file that cannot be written means no hooks (the screen still tells). */
function withHooks(ctx: ActionContext, type: SpawnType, env: NodeJS.ProcessEnv): HookLaunch {
  try {
    return hookLaunch(type, ctx.hooks, env);
  } catch (err) {
    ctx.warn(`${type} hooks not installed: ${(err as Error).message}`);
    return { prefix: '', args: '' };
  }
}

export function profileOf(type: SpawnType): AgentType {
  return type === 'custom' ? 'generic' : type;
}

/** States in which a starting agent has settled (ready, or needs the person). */
const SETTLED = new Set(['idle', 'waiting', 'unsubmitted', 'rate_limited', 'error']);

/**
 * How long a settled screen must stand still before the agent counts as ready: a share of the
 * time it took to get there, within bounds. A CLI keeps setting up after it first draws its box,
 * for longer the longer its start-up: measured here (scripts/measure-startup.ts, 2 loaded
 * cores), Claude Code 2.1.332 drew its box 2.4–12 s after start and its auto-mode offer
 * 0.14–1.8 s after that (at most 39 % of its start-up); Codex redraws its composer hints up to
 * 2.7 s after (start-up 1.2–2 s; its state stays idle); Gemini CLI (12–18 s) flickers once up to
 * 3 s after. The fake agent draws its box within about 200 ms and then nothing: it stays quick.
 */
export const READY_SETTLE = { share: 0.75, minMs: 150, maxMs: 3_000 } as const;

export function readySettleMs(startupMs: number): number {
  return Math.round(Math.min(READY_SETTLE.maxMs, Math.max(READY_SETTLE.minMs, startupMs * READY_SETTLE.share)));
}

/**
 * Wait until the agent has settled: a settled state (ready, or a question for the person) on a
 * screen that then stands still for readySettleMs (a first message must not land in a dialog
 * drawn a moment after the box). A screen that keeps redrawing (a clock, a rotating hint) is
 * settled once its classification stood still twice that long. A custom agent's idle already
 * means its pane was quiet for a while. A shell seen between fork and exec is not a crash.
 */
export async function waitReady(ctx: ActionContext, paneId: string, type: AgentType): Promise<Look | null> {
  ctx.observer.tracker.mark(paneId);
  const started = ctx.now();
  let firstSettledAt: number | null = null;
  const screen = { key: '', since: 0 };
  const verdict = { key: '', since: 0 };
  const still = (seen: { key: string; since: number }, key: string, at: number): number => {
    if (seen.key !== key) Object.assign(seen, { key, since: at });
    return at - seen.since;
  };
  const r = await ctx.observer.until(
    paneId,
    type,
    (l) => {
      if (!l) return null;
      if (l.info.dead) return l;
      if (!SETTLED.has(l.classification.state)) {
        firstSettledAt = null;
        return undefined;
      }
      if (type === 'generic') return l;
      firstSettledAt ??= l.at;
      const settle = readySettleMs(firstSettledAt - started);
      const screenStill = still(screen, l.screen, l.at);
      const verdictStill = still(verdict, `${l.classification.state}\t${l.classification.reason}\t${l.classification.input ?? ''}`, l.at);
      return screenStill >= settle || verdictStill >= 2 * settle ? l : undefined;
    },
    ctx.timings.readyMs,
  );
  return r.value ?? r.last;
}

/**
 * The agent's directory must exist where the agent runs: on this machine stat it; on a remote
 * host ask the host (over ssh, with the connection's own options), defaulting to its $HOME.
 */
async function checkCwd(ctx: ActionContext, cwd: string | undefined): Promise<string> {
  if (ctx.host === LOCAL_HOST) return checkLocalCwd(cwd ?? process.cwd());
  const host = ctx.conn.target;
  if (cwd !== undefined) {
    if (await dirExistsOnHost(host, cwd)) return cwd;
    throw new ApiError('bad_input', `cwd: ${cwd} does not exist on ${ctx.host}`);
  }
  const home = (await runOnHost(host, ['sh', '-c', 'printf "%s" "$HOME"'], { timeoutMs: 15_000 })).stdout;
  if (!home) throw new ApiError('bad_input', `cwd: no $HOME on ${ctx.host}; give a directory`);
  return home;
}

function checkLocalCwd(cwd: string): string {
  const abs = resolvePath(cwd);
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    throw new ApiError('bad_input', `cwd: ${abs} does not exist`);
  }
  if (!isDir) throw new ApiError('bad_input', `cwd: ${abs} is not a directory`);
  return abs;
}

export interface Started {
  paneId: string;
  /** The tmux server's key and the agent's name: its row in the fleet manifest. */
  server: string;
  name: string;
  type: AgentType;
  briefing: string | undefined;
  /** Undo everything start created (window or session, worktree). */
  rollback: () => Promise<void>;
}

/** A spawn as the contract parsed it (or as team and restore build it from checked parts). */
export type SpawnSpec = ApiParsedInput<'spawnAgent'>;

/**
 * An agent started again by restore: the manifest row it comes from. Its worktree is there
 * already (tagged, not made), and the manifest keeps the row's own command and session id
 * (the command run now carries the CLI's resume arguments).
 */
export interface Restoring {
  entry: FleetEntry;
}

/**
 * Claude Code is started with a conversation id of ours (`--session-id`), so that restore can
 * resume exactly that conversation (`--resume ID`).
 */
function cliSessionArgs(type: SpawnType): { args: string; id: string | null } {
  if (type !== 'claude') return { args: '', id: null };
  const id = randomUUID();
  return { args: `--session-id ${id}`, id };
}

/** Check everything, then create the pane running the agent's command. Fast: no waiting on the agent. */
export async function startAgent(ctx: ActionContext, input: SpawnSpec, restoring?: Restoring): Promise<Started> {
  const { command: base, source } = resolveAgentCommand(input.type, input.command, ctx.env, ctx.agentCommands());
  if (input.worktree && ctx.host !== LOCAL_HOST) {
    throw new ApiError('bad_input', `worktree: worktrees are made on this machine only, not on ${ctx.host}`);
  }
  await checkProgram(ctx, input.type, base, source, input.env);
  // The type's own program gets its hooks (and a conversation id); a command given for the spawn is run as given.
  const cliSession = input.command ? { args: '', id: null } : cliSessionArgs(input.type);
  const hooks = input.command ? { prefix: '', args: '' } : withHooks(ctx, input.type, { ...ctx.env, ...input.env });
  const extra = [hooks.args, cliSession.args].filter(Boolean).join(' ');
  const command = `${hooks.prefix ? `${hooks.prefix} ` : ''}${base}${extra ? ` ${extra}` : ''}`;
  const cwd = await checkCwd(ctx, input.cwd);
  if (input.session?.includes('.')) throw new ApiError('bad_input', `session: "${input.session}" may not hold "." (tmux reads it as window.pane)`);
  // tmux session names cannot hold '.': a team "web.v2" lives in session "web_v2".
  const session = input.session ?? input.team?.replace(/\./g, '_') ?? 'orc';
  if (ctx.spawning.has(input.name)) throw new ApiError('conflict', `an agent named "${input.name}" is being spawned right now`);
  ctx.spawning.add(input.name);
  try {
    const taken = (await listAgentsNow(ctx.conn, ctx.host)).find((a) => a.name === input.name);
    if (taken) throw new ApiError('conflict', `an agent named "${input.name}" already exists (${taken.target})`);
    if (input.worktree) await checkWorktree(cwd, input.worktree, input.name);
    const kept: Kept = restoring
      ? { command: restoring.entry.command, cliSession: restoring.entry.cliSession, worktree: restoring.entry.worktree, briefing: restoring.entry.briefing }
      : { command, cliSession: cliSession.id, worktree: null, briefing: input.briefing ?? null };
    return await create(ctx, input, command, cwd, session, kept);
  } finally {
    // Once tagged, the pane itself carries the name: later checks see it in the listing.
    ctx.spawning.delete(input.name);
  }
}

/** What the manifest keeps beyond the spawn's input: the command and session id to restore from, an existing worktree. */
interface Kept {
  command: string;
  cliSession: string | null;
  worktree: FleetEntry['worktree'];
  briefing: string | null;
}

async function create(ctx: ActionContext, input: SpawnSpec, command: string, startCwd: string, session: string, kept: Kept): Promise<Started> {
  let cwd = startCwd;

  const undo: (() => Promise<unknown>)[] = [];
  const rollback = async () => {
    for (const u of undo.splice(0).reverse()) await u().catch(() => undefined);
  };
  try {
    let wt: Omit<Worktree, 'repo'> | null = kept.worktree;
    if (wt) cwd = wt.path; // restored: its worktree is there already
    if (input.worktree) {
      wt = await createWorktree(cwd, input.worktree, input.name);
      const made = wt;
      undo.push(() => removeWorktreeIfClean(made.path, made.branch, made.base));
      cwd = wt.path;
    }
    const paneId = await createPane(ctx, session, input.name, cwd, undo);
    await ctx.conn.runAll([
      ...tagArgs(paneId, {
        name: input.name, type: profileOf(input.type), role: input.role, team: input.team ?? '', cmd: command, cwd,
        env: input.env && Object.keys(input.env).length ? JSON.stringify(input.env) : '',
        worktree: wt?.path ?? '', branch: wt?.branch ?? '', baseBranch: wt?.baseBranch ?? '',
        // Where its changes start (the Changes view and `tmux-orc diff` compare against it); on this
        // machine only: an extra ssh round trip here made a remote spawn miss its deadlines.
        base: wt?.base ?? (ctx.host === LOCAL_HOST ? await headCommit(ctx.conn.target, cwd) : ''),
      }),
      ['set-option', '-p', '-t', paneId, 'remain-on-exit', 'on'],
      respawnArgs(paneId, cwd, input.env ?? {}, command),
      ['clear-history', '-t', paneId],
    ]);
    recordInFleet(ctx, undo, {
      server: ctx.server, host: ctx.host, name: input.name, type: input.type, command: kept.command, cwd: startCwd, role: input.role,
      team: input.team ?? null, session, env: input.env ?? {}, worktree: wt && { path: wt.path, branch: wt.branch, baseBranch: wt.baseBranch, base: wt.base },
      briefing: kept.briefing, cliSession: kept.cliSession, paneId,
    });
    return { paneId, server: ctx.server, name: input.name, type: profileOf(input.type), briefing: input.briefing, rollback };
  } catch (err) {
    await rollback();
    if (err instanceof ApiError) throw err;
    throw new ApiError('failed', `spawnAgent ${input.name}: ${(err as Error).message}`);
  }
}

/**
 * Keep the agent in the fleet manifest (undone with the spawn). A manifest that cannot be
 * written does not fail the spawn (the agent runs), but is said: it could not be restored.
 */
function recordInFleet(ctx: ActionContext, undo: (() => Promise<unknown>)[], e: Parameters<ActionContext['store']['fleet']['record']>[0]): void {
  try {
    // A restore replaces the lost agent's row: undone, the row is put back as it was (still lost).
    const before = ctx.store.fleet.get(e.server, e.name);
    ctx.store.fleet.record({ ...e, spawnedAt: ctx.now() });
    undo.push(async () => (before ? ctx.store.fleet.record(before) : ctx.store.fleet.remove(e.server, e.name)));
  } catch (err) {
    ctx.warn(`${e.name} is not in the fleet manifest (it cannot be restored if lost): ${(err as Error).message}`);
  }
}

/** Wait until the started agent is ready, then brief it. An agent that exits at start is undone. */
export async function finishSpawn(ctx: ActionContext, queue: QueueState, s: Started): Promise<SpawnResult> {
  const look = await waitReady(ctx, s.paneId, s.type);
  if (!look || look.info.dead) {
    const last = look?.screen.split('\n').filter((l) => l.trim() !== '').slice(-3).join(' | ') ?? '';
    if (look) saveScreen(ctx, s.paneId, s.name, look.info.target, look.screen, 'exited during start-up');
    await s.rollback();
    const status = look?.info.deadStatus != null ? ` (exit ${look.info.deadStatus})` : '';
    throw new ApiError('failed', `${s.name} exited during start-up${status}${last ? `: ${last}` : ''}`);
  }
  const agent = await agentInfoOf(ctx, s.paneId, look);
  if (look.classification.state === 'starting' || look.classification.state === 'busy') {
    agent.reason = `${look.classification.reason}; not ready after ${ctx.timings.readyMs} ms${s.briefing ? ', briefing not sent' : ''}`;
    return { agent, briefing: null };
  }
  try {
    // Running under its name again (spawned again, or restored): a lost-fleet notification naming it is done with it.
    for (const n of ctx.store.notifications.resolveLost(s.server, [s.name], ctx.now())) ctx.notificationChanged(n);
  } catch (err) {
    ctx.warn(`lost-agent notice of ${s.name} not resolved: ${(err as Error).message}`);
  }
  let briefing: MessageResult | null = null;
  if (s.briefing) briefing = await sendMessage(ctx, queue, messageTo(agent, s.briefing), agent);
  if (look.classification.state === 'waiting') {
    agent.reason = `${look.classification.reason}: answer it yourself (tmux-orc answer ${s.name} N); nothing was answered on its behalf${briefing ? ', the briefing waits in the queue' : ''}`;
  }
  return { agent, briefing };
}

export async function spawnAgent(ctx: ActionContext, queue: QueueState, input: SpawnSpec): Promise<SpawnResult> {
  return finishSpawn(ctx, queue, await startAgent(ctx, input));
}

/** A pane for the agent: a new window, or the first window of a session created just now. */
async function createPane(ctx: ActionContext, session: string, name: string, cwd: string, undo: (() => Promise<unknown>)[]): Promise<string> {
  const { created } = await ctx.conn.ensureSession(session, { cwd });
  if (created) {
    undo.push(() => ctx.conn.run(['kill-session', '-t', `=${session}`]));
    const [paneId = ''] = await ctx.conn.run(['list-panes', '-t', `=${session}:`, '-F', '#{pane_id}']);
    await ctx.conn.run(['rename-window', '-t', paneId, name]);
    return paneId;
  }
  // An inert placeholder until respawn-pane puts the agent in: no shell rc runs, nothing prints.
  const [paneId = ''] = await ctx.conn.run(['new-window', '-d', '-t', `=${session}:`, '-n', name, '-c', cwd, '-P', '-F', '#{pane_id}', 'exec cat']);
  if (!/^%\d+$/.test(paneId)) throw new TmuxCommandError(`new-window gave no pane id (${paneId})`, 'new-window');
  undo.push(() => ctx.conn.run(['kill-pane', '-t', paneId]));
  return paneId;
}

/** The commit checked out in `dir`, or '' when it is not in a git repository with commits. */
async function headCommit(host: HostTarget, dir: string): Promise<string> {
  const r = await runOnHost(host, ['git', '-C', dir, 'rev-parse', '--verify', '-q', 'HEAD'], { timeoutMs: 15_000 }).catch(() => null);
  return r?.exitCode === 0 ? r.stdout.trim() : '';
}

type Tags = Record<SpawnTagKey, string>;

function tagArgs(paneId: string, tags: Tags): string[][] {
  return (Object.entries(tags) as [SpawnTagKey, string][]).map(([k, v]) => ['set-option', '-p', '-t', paneId, ORC_OPTION[k], v]);
}

export function respawnArgs(paneId: string, cwd: string, env: Record<string, string>, command: string): string[] {
  const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  return ['respawn-pane', '-k', '-t', paneId, '-c', cwd, ...envArgs, command];
}

export function saveScreen(ctx: ActionContext, paneId: string, agent: string, target: string, text: string, reason: string): boolean {
  try {
    ctx.store.screens.save({ agentId: `${ctx.host}/${paneId}`, agent, target, text, reason, savedAt: ctx.now() });
    return true;
  } catch (err) {
    ctx.warn(`screen of ${agent} not saved: ${(err as Error).message}`);
    return false;
  }
}
