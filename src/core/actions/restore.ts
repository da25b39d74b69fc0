// restoreFleet: start the lost agents of this tmux server again from the fleet manifest, with
// the same names, tags, types, directories and teams, each resuming its conversation where
// its CLI can (Claude Code by the session id we gave it, Codex and the others by "the last
// conversation in this directory"); re-briefed only when asked. A dry run only says what would
// be done; `forget` drops lost agents from the manifest instead.
import { readdirSync, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { ApiError, type ApiParsedInput } from '../../shared/api.js';
import type { FleetEntry, RestoreOutcome, SpawnResult } from '../../shared/domain.js';
import type { ActionContext } from './context.js';
import type { QueueState } from './messaging.js';
import { finishSpawn, programOf, startAgent, type Started } from './spawn.js';
import { LOCAL_HOST } from '../../shared/hosts.js';

/** A restore on this server (`host` was routed already). */
export type RestoreInput = ApiParsedInput<'restoreFleet'>;

/** Whether Claude Code keeps a conversation of this id on this machine (`<config>/projects/<dir>/<id>.jsonl`). */
export function claudeConversationSaved(id: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const projects = join(env.CLAUDE_CONFIG_DIR || join(env.HOME || homedir(), '.claude'), 'projects');
  try {
    return readdirSync(projects).some((dir) => existsSync(join(projects, dir, `${id}.jsonl`)));
  } catch {
    return false;
  }
}

const word = (re: RegExp, command: string): boolean => re.test(` ${command} `);

/**
 * The command that brings the agent back, and how (or whether) it resumes its conversation.
 * Arguments are added to the recorded command (which already holds its hook arguments); Codex's
 * is a subcommand, so it goes right after the program when the command starts `codex` itself.
 */
export function resumeCommand(e: Pick<FleetEntry, 'type' | 'command' | 'cliSession' | 'host'>, saved: (id: string) => boolean): { command: string; resume: string } {
  const c = e.command;
  switch (e.type) {
    case 'claude': {
      const id = e.cliSession;
      if (id && word(new RegExp(`\\s--session-id\\s+${id}\\s`), c)) {
        // Never talked to (no conversation file here): a new conversation under the same id.
        if (e.host === LOCAL_HOST && !saved(id)) return { command: c, resume: `not resumed: no saved conversation ${id} (never talked to); a new one under the same id` };
        return { command: c.replace(new RegExp(`--session-id\\s+${id}`), `--resume ${id}`), resume: `claude --resume ${id}` };
      }
      return { command: `${c} --continue`, resume: 'claude --continue (the last conversation in its directory)' };
    }
    case 'codex': {
      const program = programOf(c);
      if (!program || basename(program) !== 'codex') return { command: c, resume: 'not resumed: its command does not start codex itself' };
      const at = c.indexOf(program) + program.length;
      return { command: `${c.slice(0, at)} resume --last${c.slice(at)}`, resume: 'codex resume --last (the last conversation in its directory)' };
    }
    case 'gemini':
      return { command: `${c} --resume latest`, resume: 'gemini --resume latest' };
    case 'qwen':
      return { command: `${c} --continue`, resume: 'qwen --continue' };
    case 'opencode':
      return { command: `${c} --continue`, resume: 'opencode --continue' };
    case 'aider':
      return { command: `${c} --restore-chat-history`, resume: 'aider --restore-chat-history' };
    case 'custom':
      return { command: c, resume: 'not resumed: a custom command is started as it was' };
  }
}

const outcome = (e: FleetEntry, command: string, resume: string, status: RestoreOutcome['status'], reason: string, spawned: SpawnResult | null = null): RestoreOutcome => ({
  name: e.name, host: e.host, type: e.type, team: e.team, cwd: e.worktree?.path ?? e.cwd, command, resume, status, reason,
  agent: spawned?.agent ?? null, briefing: spawned?.briefing ?? null,
});

/** The manifest's agents of this server that are not running on it now (by name). */
export async function lostAgents(ctx: ActionContext): Promise<FleetEntry[]> {
  const running = new Set((await ctx.directory.list()).map((a) => a.name));
  return ctx.store.fleet.list(ctx.server).filter((e) => !running.has(e.name));
}

/** Lost agents by the names asked for (all when none); a name that is not a lost agent here is left out. */
function chosen(lost: FleetEntry[], names: readonly string[] | undefined): FleetEntry[] {
  if (!names) return lost;
  const wanted = new Set(names);
  return lost.filter((e) => wanted.has(e.name));
}

export async function restoreFleet(ctx: ActionContext, queue: QueueState, input: RestoreInput): Promise<RestoreOutcome[]> {
  const entries = chosen(await lostAgents(ctx), input.names);
  const saved = (id: string) => claudeConversationSaved(id, ctx.env);
  const plans = entries.map((e) => ({ e, ...resumeCommand(e, saved) }));
  if (input.forget) {
    return plans.map(({ e, command, resume }) => {
      ctx.store.fleet.remove(ctx.server, e.name);
      for (const n of ctx.store.notifications.resolveLost(ctx.server, [e.name], ctx.now())) ctx.notificationChanged(n);
      return outcome(e, command, resume, 'forgotten', 'dropped from the fleet manifest; not started');
    });
  }
  if (input.dryRun) return plans.map(({ e, command, resume }) => outcome(e, command, resume, 'planned', e.lostAt ? `lost at ${new Date(e.lostAt).toISOString()}` : 'not running'));
  // Started one after another (the first may create a session the next ones join), then waited on together.
  const started: ({ s: Started } | { err: unknown })[] = [];
  for (const { e, command } of plans) {
    started.push(
      await startAgent(
        ctx,
        {
          name: e.name, type: e.type, command, role: e.role, team: e.team ?? undefined, cwd: e.cwd, session: e.session,
          env: Object.keys(e.env).length ? e.env : undefined, briefing: input.rebrief && e.briefing ? e.briefing : undefined,
        },
        { entry: e },
      ).then((s) => ({ s }), (err: unknown) => ({ err })),
    );
  }
  return Promise.all(
    plans.map(async ({ e, command, resume }, i) => {
      const st = started[i]!;
      if ('err' in st) return outcome(e, command, resume, 'failed', (st.err as Error).message);
      try {
        const spawned = await finishSpawn(ctx, queue, st.s);
        return outcome(e, command, resume, 'restored', spawned.agent.reason, spawned);
      } catch (err) {
        return outcome(e, command, resume, 'failed', (err as Error).message);
      }
    }),
  );
}

/** The names asked for that are no lost agent anywhere: one clear error, nothing done. */
export function checkNamesLost(names: readonly string[] | undefined, lost: readonly { name: string }[]): void {
  if (!names) return;
  const have = new Set(lost.map((l) => l.name));
  const missing = names.filter((n) => !have.has(n));
  if (!missing.length) return;
  const known = lost.length ? `lost agents: ${[...have].join(', ')}` : 'no agent is lost';
  throw new ApiError('not_found', `not a lost agent: ${missing.join(', ')} (${known}); nothing was done`);
}
