// The one way core runs a program: tmux one-shots, ssh and git (runProcess, buffered), and the
// long-lived `tmux -C` clients (startProcess, streaming). Node's child_process directly: what we
// need of execa (an exit code instead of a throw, a timeout, the output as text) is a few lines,
// and execa's ~380 KB would be loaded at every CLI start. The CLI bundle, the app and the tests
// all run this same code.
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface RunOptions {
  /** The child's whole environment (default: ours). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Killed (SIGTERM) after this long; the result then has timedOut. */
  timeoutMs?: number;
  /** Killed when this fires. */
  signal?: AbortSignal;
  /** Written to its stdin, which is then closed (it is closed at once without input). */
  input?: string;
}

export interface RunResult {
  /** undefined when it never ran (missing program), was killed, or timed out. */
  exitCode: number | undefined;
  /** stdout and stderr as text, one final newline removed. */
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Node's code when the program could not be started (ENOENT, EACCES…). */
  errorCode: string | undefined;
  /** exitCode is not 0. */
  failed: boolean;
  /** Why it failed, one line naming the command ('' when it did not). */
  message: string;
}

const stripFinalNewline = (s: string) => s.replace(/\r?\n$/, '');

/** Run `file args` to its end; never rejects: a failure is in the result. */
export function runProcess(file: string, args: readonly string[], o: RunOptions = {}): Promise<RunResult> {
  const command = [file, ...args].join(' ');
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      { env: o.env, cwd: o.cwd, timeout: o.timeoutMs, signal: o.signal, maxBuffer: Infinity, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const e = err as (Error & { code?: number | string; killed?: boolean; signal?: NodeJS.Signals | null }) | null;
        const timedOut = Boolean(e?.killed && o.timeoutMs && !o.signal?.aborted);
        const exitCode = !e ? 0 : typeof e.code === 'number' ? e.code : undefined;
        const errorCode = typeof e?.code === 'string' && e.code !== 'ABORT_ERR' ? e.code : undefined;
        const message = !e
          ? ''
          : timedOut
            ? `timed out after ${o.timeoutMs} ms: ${command}`
            : errorCode
              ? `could not run ${command}: ${errorCode}`
              : exitCode !== undefined
                ? `exit code ${exitCode}: ${command}`
                : `killed${e.signal ? ` with ${e.signal}` : ''}: ${command}`;
        resolve({ exitCode, stdout: stripFinalNewline(stdout), stderr: stripFinalNewline(stderr), timedOut, errorCode, failed: exitCode !== 0, message });
      },
    );
    // A child that exits before reading its input closes the pipe: not our error.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(o.input);
  });
}

export interface StartedProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Settles once it is gone and its output has been read: '' when it exited by itself (its
   *  stderr says why, if anything), else why (could not start, killed by a signal). */
  readonly exited: Promise<string>;
}

/** Start `file args` with piped stdin/stdout/stderr, for a conversation (tmux control mode). */
export function startProcess(file: string, args: readonly string[], env?: NodeJS.ProcessEnv): StartedProcess {
  const command = [file, ...args].join(' ');
  const child = spawn(file, args, { env, stdio: 'pipe' });
  // EPIPE after the program died: its exit says what happened.
  child.stdin.on('error', () => undefined);
  const exited = new Promise<string>((resolve) => {
    // A program that never started emits 'error' and no 'close'.
    child.once('error', (e: NodeJS.ErrnoException) => {
      if (child.pid === undefined) resolve(`could not run ${command}: ${e.code ?? e.message}`);
    });
    child.once('close', (_code, signal) => {
      if (child.pid !== undefined) resolve(signal ? `killed with ${signal}: ${command}` : '');
    });
  });
  return { child, exited };
}
