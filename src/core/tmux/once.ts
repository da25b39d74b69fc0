// How tmux is invoked (local socket or over ssh), the one-shot path for CLI one-offs, and the
// version check. One-shot commands pass argv directly; the only parsing tmux does there is
// splitting on an argument that ends in `;`, which argvArg escapes.

import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { runProcess } from '../child-process.js';
import { hostNameProblem, isLocalHost } from '../../shared/hosts.js';
import { shellQuote, TmuxArgumentError } from './quote.js';
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
  /**
   * Remote hosts only: an ssh client config file (`ssh -F file`) used instead of the user's
   * ~/.ssh/config. Default: the user's own config, keys and agent.
   */
  sshConfig?: string;
  /** Remote hosts only: extra ssh arguments (e.g. ['-o', 'Port=2222']); they win over our defaults. */
  sshArgs?: readonly string[];
}

/**
 * Defaults for every ssh we start. BatchMode: never prompt (no passwords, no host keys accepted
 * silently: an unknown or changed host key is an error with ssh's own message). The keepalive
 * notices a host that vanished without closing the connection within ~45 s; the connect
 * timeout bounds a reconnect attempt to a dead host.
 */
export const SSH_DEFAULT_OPTIONS: readonly string[] = [
  '-o', 'ConnectTimeout=10',
  '-o', 'ServerAliveInterval=15',
  '-o', 'ServerAliveCountMax=3',
];

/** A destination ssh accepts as a host, not as an option (`-oProxyCommand=…` is refused). */
export function assertSshHost(host: string): void {
  if (hostNameProblem(host) !== null) {
    throw new TmuxArgumentError(`not an ssh destination: ${JSON.stringify(host)} (expected host or user@host)`);
  }
}

export const MIN_TMUX_VERSION = 3.2;

export function isRemote(t: TmuxTarget): boolean {
  return !isLocalHost(t.host);
}

/** One argv element as tmux's argument splitter must see it (a trailing `;` separates commands). */
export function argvArg(arg: string): string {
  return arg.endsWith(';') ? `${arg.slice(0, -1)}\\;` : arg;
}

/** The full argv (program first) for `tmux [-L|-S] <args>`, local or via ssh. */
export function tmuxArgv(t: TmuxTarget, args: readonly string[]): string[] {
  const socket = t.socketPath ? ['-S', t.socketPath] : t.socketName ? ['-L', t.socketName] : [];
  if (!isRemote(t)) return [t.tmuxPath ?? 'tmux', ...socket, ...args];
  // An ssh session often has no locale (LANG is not sent with -F or without SendEnv): tmux would
  // then print '_' for the \x1f field separator and for every non-ASCII character. -u: UTF-8.
  return sshArgv(t, [t.tmuxPath ?? 'tmux', '-u', ...socket, ...args]);
}

/** The argv that runs `remote` (program first) on a remote host's shell over ssh. */
export function sshArgv(t: Pick<TmuxTarget, 'host' | 'sshConfig' | 'sshArgs'>, remote: readonly string[]): string[] {
  assertSshHost(t.host ?? '');
  // ssh joins its arguments into one remote shell command: quote each for the shell. For each
  // option ssh keeps the first value it sees: BatchMode first (forced), then the caller's
  // arguments, then our defaults, then the config file.
  const config = t.sshConfig ? ['-F', t.sshConfig] : [];
  const ssh = ['ssh', '-T', ...config, '-o', 'BatchMode=yes', ...(t.sshArgs ?? []), ...SSH_DEFAULT_OPTIONS];
  return [...ssh, '--', t.host!, remote.map(shellQuote).join(' ')];
}

/**
 * Whether `program` can be run: a path is checked as given, a bare name on $PATH. Cheap (no
 * process), so a missing tmux is told apart from a server that is not running.
 */
export function programExists(program: string): boolean {
  const runnable = (file: string) => {
    try {
      accessSync(file, constants.X_OK);
      return statSync(file).isFile();
    } catch {
      return false;
    }
  };
  if (program.includes('/')) return runnable(program);
  return (process.env.PATH ?? '').split(delimiter).some((d) => d !== '' && runnable(join(d, program)));
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
  const r = await runProcess(file!, rest, { env: tmuxEnv() });
  if (r.failed) {
    const msg = (r.stderr || r.message || 'tmux failed').trim();
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
  const r = await runProcess(file!, rest);
  if (r.errorCode === 'ENOENT' || r.exitCode === 127) {
    throw new TmuxVersionError(`tmux is not installed (looked for '${file}' on PATH); tmux ${MIN_TMUX_VERSION} or newer is required`);
  }
  const version = r.stdout.trim().replace(/^tmux\s+/, '');
  if (r.exitCode !== 0 || version === '') {
    throw new TmuxVersionError(`could not run '${file} -V': ${(r.stderr || r.message).trim()}`);
  }
  const n = parseTmuxVersion(version);
  // Development builds ('master', 'next-…') are assumed new enough.
  if (!Number.isNaN(n) && n < MIN_TMUX_VERSION && !/^(master|next)/.test(version)) {
    throw new TmuxVersionError(`tmux ${version} is too old: ${MIN_TMUX_VERSION} or newer is required (for attach -f ignore-size)`);
  }
  return { version };
}
