// A private tmux server per test file: `tmux -L orc-test-<random>`, fixed window size,
// killed after the file's tests even when they fail or time out (and on process exit).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll } from 'vitest';
import { execa } from 'execa';
import { localSocketPath } from '../../src/core/tmux/server-identity';
import { endProcesses, processTree } from '../../src/core/agents/process-tree';

export const TEST_COLS = 120;
export const TEST_ROWS = 40;

export interface TmuxServer {
  /** The socket name, for `tmux -L`. */
  readonly name: string;
  /** Run a tmux command on this server; resolves stdout (trailing newline trimmed). */
  tmux(...args: string[]): Promise<string>;
  /** Start a detached session running `command` (a shell when omitted); resolves its first pane id. */
  newSession(session: string, command?: string[], env?: Record<string, string>): Promise<string>;
  /** The visible screen of a pane, lines with trailing spaces trimmed. */
  capture(target: string): Promise<string>;
  /** Poll the screen until `predicate` holds (deadline, not a fixed sleep). */
  waitForScreen(target: string, predicate: (screen: string) => boolean, timeoutMs?: number): Promise<string>;
  kill(): Promise<void>;
}

const live = new Set<string>();
/** Every name handed out, so its socket file goes too: tmux 3.3 leaves it behind on kill-server. */
const named = new Set<string>();
process.on('exit', () => {
  for (const name of live) {
    try {
      execFileSync('tmux', ['-L', name, 'kill-server'], { stdio: 'ignore' });
    } catch {
      /* already gone */
    }
  }
  for (const name of named) removeSocketFile(name);
});

function removeSocketFile(name: string): void {
  rmSync(localSocketPath({ socketName: name }), { force: true });
}

export function newServerName(): string {
  const name = `orc-test-${randomBytes(5).toString('hex')}`;
  named.add(name);
  return name;
}

/** A server handle without hooks (for benchmarks or manual lifetimes). */
export function createTmuxServer(name = newServerName()): TmuxServer {
  if (!name.startsWith('orc-test-')) throw new Error(`test servers must be named orc-test-*: ${name}`);
  live.add(name);
  const tmux = async (...args: string[]) => {
    const r = await execa('tmux', ['-L', name, '-f', '/dev/null', ...args]);
    return r.stdout;
  };
  const capture = async (target: string) => {
    const out = await tmux('capture-pane', '-p', '-t', target);
    return out
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n');
  };
  return {
    name,
    tmux,
    capture,
    async newSession(session, command, env) {
      const envArgs = Object.entries(env ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
      const out = await tmux(
        'new-session', '-d', '-s', session, '-x', String(TEST_COLS), '-y', String(TEST_ROWS),
        '-P', '-F', '#{pane_id}', ...envArgs, ...(command ?? []),
      );
      await tmux('set-option', '-g', 'default-size', `${TEST_COLS}x${TEST_ROWS}`).catch(() => '');
      return out.trim();
    },
    async waitForScreen(target, predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      let screen = '';
      while (Date.now() < deadline) {
        screen = await capture(target);
        if (predicate(screen)) return screen;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`screen of ${target} did not match within ${timeoutMs} ms; last screen:\n${screen}`);
    },
    async kill() {
      live.delete(name);
      // Agents that outlive tmux's SIGHUP (Gemini CLI) would be orphaned: end them as kill does.
      const pids = await execa('tmux', ['-L', name, 'list-panes', '-a', '-F', '#{pane_pid}'], { reject: false });
      const processes = pids.stdout.split('\n').filter(Boolean).flatMap((pid) => processTree(Number(pid)));
      await execa('tmux', ['-L', name, 'kill-server'], { reject: false });
      await endProcesses(processes);
      removeSocketFile(name);
    },
  };
}

/** A private server for the calling test file, killed in afterAll. */
export function useTmuxServer(): TmuxServer {
  const server = createTmuxServer();
  afterAll(() => server.kill());
  return server;
}
