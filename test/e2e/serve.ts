// `tmux-orc serve` as users run it, for the browser suite: the renderer built the way serve
// builds it, the CLI started as a subprocess on a private tmux server and database, its URL
// line read from stdout, and the contract called over its HTTP API (`POST /api/<method>`).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { ApiInput, ApiMethodName, ApiOutput } from '../../src/shared/api.js';
import { uiNeedsBuild } from '../../src/cli/ui-build.js';

const ROOT = resolve('.');
export const RENDERER_OUT = join(ROOT, 'out', 'renderer');

/**
 * Build the renderer with electron-vite (the build `serve` runs when there is none) when
 * out/renderer is missing or older than its sources, so the suite always tests the current UI.
 */
export function ensureRendererBuild(): void {
  if (!uiNeedsBuild(ROOT, RENDERER_OUT)) return;
  const bin = join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const r = spawnSync(process.execPath, [bin, 'build', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) throw new Error(`electron-vite build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

export interface Serve {
  /** The printed URL, with its token. */
  url: string;
  token: string;
  child: ChildProcess;
  /** Everything serve wrote to stderr so far (for failure messages). */
  stderr(): string;
  /** Call one contract method over the HTTP API; throws with the error reply. */
  call<M extends ApiMethodName>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>>;
  /** Ctrl-C, then SIGKILL if it has not exited within the deadline; resolves the exit code. */
  stop(): Promise<number | null>;
}

export interface ServeOptions {
  socketName: string;
  dbPath: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** A fixed port (default 0: any free one). */
  port?: number;
  /** More `serve` options (e.g. --new-token). */
  args?: string[];
}

const URL_LINE = /^http:\/\/127\.0\.0\.1:\d+\/\?token=([A-Za-z0-9_-]+)$/m;

export async function startServe(o: ServeOptions): Promise<Serve> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'tmux-orc.js'), '-L', o.socketName, '--db', o.dbPath, 'serve', '--port', String(o.port ?? 0), ...(o.args ?? [])],
    { cwd: ROOT, env: { ...process.env, ...o.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-20_000)));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));

  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  let match: RegExpMatchArray | null = null;
  while (!(match = out.match(URL_LINE))) {
    if (child.exitCode !== null) throw new Error(`tmux-orc serve exited (${child.exitCode}) before printing its URL:\n${out}${err}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`tmux-orc serve printed no URL within ${o.timeoutMs ?? 60_000} ms:\n${out}${err}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = match[0];
  const token = match[1]!;
  const base = new URL(url).origin;

  return {
    url,
    token,
    child,
    stderr: () => err,
    async call(method, input) {
      const res = await fetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
      });
      const body = (await res.json()) as { ok: true; result: unknown } | { ok: false; error: { message: string } };
      if (!body.ok) throw new Error(`${method}: ${body.error.message}`);
      return body.result as ApiOutput<typeof method>;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
