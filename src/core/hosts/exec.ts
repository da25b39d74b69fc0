// Run a program on a host: locally without a shell, or on a remote host over ssh with the
// engine's own ssh options (BatchMode, keepalive, the fleet's config file). For what tmux cannot
// do for us on a remote host: checking that a directory exists there, running git for a worktree.
import { runProcess } from '../child-process.js';
import { ApiError } from '../../shared/api.js';
import { isRemote, sshArgv, type TmuxTarget } from '../tmux/index.js';

export type HostTarget = Pick<TmuxTarget, 'host' | 'sshConfig' | 'sshArgs'>;

export interface HostCommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** ssh's own exit status when it could not connect or lost the connection. */
const SSH_FAILED = 255;

/**
 * Run `argv` (program first) on the host; resolves its exit code and output (a non-zero exit is
 * not an error). An unreachable host → ApiError('unavailable') with ssh's message; no answer
 * within timeoutMs (default 30 s) → ApiError('unavailable') too.
 */
export async function runOnHost(t: HostTarget, argv: readonly string[], opts: { timeoutMs?: number } = {}): Promise<HostCommandResult> {
  if (argv.length === 0 || argv[0] === '') throw new ApiError('bad_input', 'no program to run');
  const remote = isRemote(t);
  const [file, ...args] = remote ? sshArgv(t, argv) : argv;
  const r = await runProcess(file!, args, { timeoutMs: opts.timeoutMs ?? 30_000 });
  if (r.timedOut) throw new ApiError('unavailable', `${where(t)}: no answer within ${opts.timeoutMs ?? 30_000} ms: ${argv[0]}`);
  if (r.exitCode === undefined) throw new ApiError('unavailable', `${where(t)}: ${r.message}`);
  if (remote && r.exitCode === SSH_FAILED) throw new ApiError('unavailable', `host ${t.host} unreachable: ${r.stderr.trim() || 'ssh failed'}`);
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

/** Whether `path` is a directory on the host. */
export async function dirExistsOnHost(t: HostTarget, path: string): Promise<boolean> {
  if (path === '' || path.includes('\0')) return false;
  return (await runOnHost(t, ['test', '-d', path], { timeoutMs: 15_000 })).exitCode === 0;
}

function where(t: HostTarget): string {
  return isRemote(t) ? `host ${t.host}` : 'this machine';
}
