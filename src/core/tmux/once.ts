// How tmux is invoked (local socket or over ssh), the one-shot path for CLI one-offs, and the
// version check. One-shot commands pass argv directly; the only parsing tmux does there is
// splitting on an argument that ends in `;`, which argvArg escapes.

import { execa } from 'execa';
import { shellQuote } from './quote.js';
import { TmuxCommandError, TmuxConnectionError, TmuxVersionError } from './errors.js';

export interface TmuxTarget {
  /** `-L name`; ignored when socketPath is set. */
  socketName?: string;
  /** `-S path`. */
  socketPath?: string;
  /** 'local' (default) or an ssh destination: tmux then runs as `ssh -T host tmux …`. */
  host?: string;
  /** The tmux program (default 'tmux'). */
  tmuxPath?: string;
}

export const MIN_TMUX_VERSION = 3.2;

export function isRemote(t: TmuxTarget): boolean {
  return t.host !== undefined && t.host !== '' && t.host !== 'local';
}

/** One argv element as tmux's argument splitter must see it (a trailing `;` separates commands). */
export function argvArg(arg: string): string {
  return arg.endsWith(';') ? `${arg.slice(0, -1)}\\;` : arg;
}

/** The full argv (program first) for `tmux [-L|-S] <args>`, local or via ssh. */
export function tmuxArgv(t: TmuxTarget, args: readonly string[]): string[] {
  const socket = t.socketPath ? ['-S', t.socketPath] : t.socketName ? ['-L', t.socketName] : [];
  const tmux = [t.tmuxPath ?? 'tmux', ...socket, ...args];
  if (!isRemote(t)) return tmux;
  // ssh joins its arguments into one remote shell command: quote each for the shell.
  return ['ssh', '-T', '-o', 'BatchMode=yes', t.host!, tmux.map(shellQuote).join(' ')];
}

/** Environment for tmux children: without $TMUX, so attaching from inside tmux is allowed. */
export function tmuxEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.TMUX;
  delete env.TMUX_PANE;
  return env;
}

/** Counts processes spawned by the one-shot path (for counters). */
export const oneShotStats = { processesSpawned: 0 };

/**
 * Run one tmux command in its own process. Resolves stdout as lines; rejects with tmux's own
 * message (TmuxCommandError), or TmuxConnectionError when there is no server.
 */
export async function runTmuxOnce(t: TmuxTarget, args: readonly string[]): Promise<string[]> {
  if (args.length === 0) throw new TmuxCommandError('empty tmux command', '');
  const [file, ...rest] = tmuxArgv(t, args.map(argvArg));
  oneShotStats.processesSpawned++;
  const r = await execa(file!, rest, { reject: false, env: tmuxEnv(), extendEnv: false, stripFinalNewline: true });
  if (r.failed || r.exitCode !== 0) {
    const msg = (r.stderr || r.shortMessage || 'tmux failed').trim();
    if (r.exitCode === undefined || /no server running|error connecting to|failed to connect/.test(msg)) {
      throw new TmuxConnectionError(msg);
    }
    throw new TmuxCommandError(msg, args.join(' '));
  }
  return r.stdout === '' ? [] : r.stdout.split('\n');
}

/** Parse `tmux 3.3a`, `tmux next-3.4`, `tmux master` into a comparable number (NaN if unknown). */
export function parseTmuxVersion(text: string): number {
  const m = /(\d+)\.(\d+)/.exec(text);
  return m ? Number(m[1]) + Number(m[2]) / 10 : NaN;
}

/** Check that tmux exists and is at least 3.2; one clear error otherwise. */
export async function checkTmux(t: TmuxTarget = {}): Promise<{ version: string }> {
  const [file, ...rest] = tmuxArgv({ ...t, socketName: undefined, socketPath: undefined }, ['-V']);
  oneShotStats.processesSpawned++;
  const r = await execa(file!, rest, { reject: false });
  if (r.failed && (r.code === 'ENOENT' || r.exitCode === 127)) {
    throw new TmuxVersionError(`tmux is not installed (looked for '${file}' on PATH); tmux ${MIN_TMUX_VERSION} or newer is required`);
  }
  const version = r.stdout.trim().replace(/^tmux\s+/, '');
  if (r.exitCode !== 0 || version === '') {
    throw new TmuxVersionError(`could not run '${file} -V': ${(r.stderr || r.shortMessage || '').trim()}`);
  }
  const n = parseTmuxVersion(version);
  // Development builds ('master', 'next-…') are assumed new enough.
  if (!Number.isNaN(n) && n < MIN_TMUX_VERSION && !/^(master|next)/.test(version)) {
    throw new TmuxVersionError(`tmux ${version} is too old: ${MIN_TMUX_VERSION} or newer is required (for attach -f ignore-size)`);
  }
  return { version };
}
