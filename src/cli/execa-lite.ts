// A small stand-in for `execa`, used only in the CLI bundle (scripts/build-cli.mjs aliases
// 'execa' to this file). execa and its dependencies are ~380 KB of JavaScript that every
// command touching tmux would load and compile at start-up; core uses a narrow part of it:
// `execa(file, args, options)` with `reject: false`, either buffered (awaited for
// { exitCode, stdout, stderr, failed, shortMessage, code }) or streaming (buffer: false, the
// subprocess's stdin/stdout/stderr used directly). That part is implemented here on
// node:child_process with the same result shape. The CLI's subprocess tests run the bundle, so
// they exercise this file against real tmux and git.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface LiteOptions {
  reject?: boolean;
  env?: NodeJS.ProcessEnv;
  extendEnv?: boolean;
  stripFinalNewline?: boolean;
  buffer?: boolean;
  encoding?: 'utf8' | 'buffer';
  input?: string;
  cwd?: string;
  timeout?: number;
  stdin?: 'pipe' | 'ignore' | 'inherit';
  stdout?: 'pipe' | 'ignore' | 'inherit';
  stderr?: 'pipe' | 'ignore' | 'inherit';
}

export interface LiteResult {
  command: string;
  exitCode: number | undefined;
  signal: string | undefined;
  stdout: string;
  stderr: string;
  failed: boolean;
  timedOut: boolean;
  /** Node's error code when the process could not start (ENOENT…). */
  code: string | undefined;
  shortMessage: string;
}

export type LiteSubprocess = ChildProcessWithoutNullStreams & Promise<LiteResult>;

/** execa's rule: env extends process.env unless extendEnv is false. */
function envOf(o: LiteOptions): NodeJS.ProcessEnv {
  if (o.env === undefined) return process.env;
  return o.extendEnv === false ? o.env : { ...process.env, ...o.env };
}

function strip(s: string, on: boolean): string {
  return on ? s.replace(/\r?\n$/, '') : s;
}

export function execa(file: string, args: readonly string[] = [], o: LiteOptions = {}): LiteSubprocess {
  const child = spawn(file, [...args], {
    env: envOf(o),
    cwd: o.cwd,
    stdio: [o.stdin ?? 'pipe', o.stdout ?? 'pipe', o.stderr ?? 'pipe'],
  }) as ChildProcessWithoutNullStreams;
  const command = [file, ...args].join(' ');
  const buffered = o.buffer !== false;
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  if (buffered) {
    child.stdout?.on('data', (c: Buffer) => out.push(c));
    child.stderr?.on('data', (c: Buffer) => err.push(c));
  }
  if (o.input !== undefined) child.stdin?.end(o.input);
  let timedOut = false;
  const timer = o.timeout
    ? setTimeout(() => {
        timedOut = true;
        child.kill('SIGTERM');
      }, o.timeout)
    : null;
  const done = new Promise<LiteResult>((resolve, reject) => {
    let spawnError: NodeJS.ErrnoException | null = null;
    child.once('error', (e: NodeJS.ErrnoException) => {
      spawnError = e;
      // A process that never started emits no 'close'.
      if (child.pid === undefined) finish(null, null);
    });
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null) => {
      if (timer) clearTimeout(timer);
      const stripOn = o.stripFinalNewline !== false;
      const stdout = strip(Buffer.concat(out).toString('utf8'), stripOn);
      const stderr = strip(Buffer.concat(err).toString('utf8'), stripOn);
      const failed = spawnError !== null || exitCode !== 0 || timedOut;
      const why = spawnError
        ? `Command failed with ${spawnError.code ?? 'an error'}: ${command}\n${spawnError.message}`
        : timedOut
          ? `Command timed out after ${o.timeout} milliseconds: ${command}`
          : signal
            ? `Command was killed with ${signal}: ${command}`
            : `Command failed with exit code ${exitCode}: ${command}`;
      const r: LiteResult = {
        command,
        exitCode: exitCode ?? undefined,
        signal: signal ?? undefined,
        stdout,
        stderr,
        failed,
        timedOut,
        code: spawnError?.code,
        shortMessage: failed ? why : '',
      };
      if (failed && o.reject !== false) reject(Object.assign(new Error(why), r));
      else resolve(r);
    };
    child.once('close', (code, signal) => finish(code, signal));
  });
  return Object.assign(child, {
    then: done.then.bind(done),
    catch: done.catch.bind(done),
    finally: done.finally.bind(done),
  }) as unknown as LiteSubprocess;
}
