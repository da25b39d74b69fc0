// `tmux-orc hook SOURCE [EVENT] [JSON]`: what an agent's own hooks run (installed on spawn:
// Claude Code's hooks via --settings, Codex's notify program, Gemini CLI's hooks via a
// system-defaults file). Reads the hook's JSON (stdin for
// Claude Code and Gemini CLI, the last argument for Codex), and hands the event for its pane
// ($TMUX_PANE) to the monitor: one tmux call that records it in the pane's @orc-hook option
// and wakes the monitor (see core/agents/hooks.ts). No database, no engine.
//
// A hook must never get in the agent's way: it prints nothing on stdout (Claude Code adds a
// UserPromptSubmit hook's stdout to the prompt), and it always exits 0 (exit 2 would block
// the tool call); problems go to stderr only with ORC_DEBUG set.
import { runProcess } from '../../core/child-process.js';
import { HOOK_SOURCES, hookEventOf, hookTmuxCommands, type HookSource } from '../../core/agents/index.js';
import type { CliContext } from '../context.js';
import { EXIT_OK } from '../errors.js';
import type { CommandArgs } from '../spec-types.js';

/** Claude Code's PostToolUse payload carries the tool's whole output: enough to know the event. */
const MAX_STDIN_BYTES = 1024 * 1024;
const STDIN_WAIT_MS = 2_000;
const TMUX_WAIT_MS = 5_000;

/** The hook's JSON on stdin (null when there is none, it is too big or not JSON). */
function readStdinJson(): Promise<unknown> {
  if (process.stdin.isTTY) return Promise.resolve(null);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (value: unknown) => {
      clearTimeout(timer);
      process.stdin.removeAllListeners('data');
      process.stdin.pause();
      resolve(value);
    };
    const timer = setTimeout(() => done(null), STDIN_WAIT_MS);
    process.stdin.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_STDIN_BYTES) done(null);
      else chunks.push(c);
    });
    process.stdin.once('end', () => {
      try {
        done(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        done(null);
      }
    });
    process.stdin.once('error', () => done(null));
  });
}

function jsonArg(arg: string | undefined): unknown {
  if (!arg?.trimStart().startsWith('{')) return null;
  try {
    return JSON.parse(arg);
  } catch {
    return null;
  }
}

/** Run the commands in one tmux call on the server this pane lives on ($TMUX), else the one named by -L/-S. */
function runTmux(ctx: CliContext, commands: string[][]): Promise<string> {
  const socket = process.env.TMUX?.split(',')[0];
  const server = socket ? ['-S', socket] : ctx.socketPath ? ['-S', ctx.socketPath] : ctx.socketName ? ['-L', ctx.socketName] : [];
  const args = [...server, ...commands.flatMap((c, i) => (i ? [';', ...c] : c))];
  return runProcess('tmux', args, { timeoutMs: TMUX_WAIT_MS }).then((r) => (r.failed ? r.stderr.trim() || r.message : ''));
}

export async function run(ctx: CliContext, args: CommandArgs): Promise<number> {
  const debug = (m: string) => process.env.ORC_DEBUG && process.stderr.write(`tmux-orc hook: ${m}\n`);
  const [source = '', ...rest] = args.positionals;
  const pane = process.env.TMUX_PANE;
  if (!(HOOK_SOURCES as readonly string[]).includes(source)) {
    debug(`unknown source "${source}"; use one of ${HOOK_SOURCES.join(', ')}`);
    return EXIT_OK;
  }
  if (!pane || !/^%\d+$/.test(pane)) {
    debug('not in a tmux pane ($TMUX_PANE is not set)');
    return EXIT_OK;
  }
  // Codex passes the JSON as the last argument; the others pipe it on stdin.
  const fromArg = jsonArg(rest.at(-1));
  const payload = fromArg ?? (source === 'codex' ? null : await readStdinJson());
  const event = rest.find((r) => !r.trimStart().startsWith('{'));
  const e = hookEventOf(source as HookSource, payload, event, Date.now());
  const failed = await runTmux(ctx, hookTmuxCommands(pane, e));
  if (failed) debug(failed);
  return EXIT_OK;
}
