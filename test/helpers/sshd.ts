// A throwaway OpenSSH server for remote-host tests: the system's sshd (required-tools finds it) on 127.0.0.1 on a
// free port, in the foreground (-D -e) as our child, with a throwaway host key, client key,
// authorized_keys and sshd_config in a temp dir. The client side gets its own ssh config file
// (Host alias, port, key, a known_hosts file holding the host key: nothing is accepted
// silently, BatchMode yes), passed to the engine as `ssh -F <file>`; the user's ~/.ssh is never
// read or written. Killed in afterAll and on process exit.
//
// `stop()` kills the daemon AND its per-connection children (a host going away drops every
// session); `start()` brings it back on the same port with the same keys.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { findSshd, toolProblem } from './required-tools.js';

const execFileAsync = promisify(execFile);

export interface TestSshd {
  /** The Host alias in `configFile` (use it as the engine's host). */
  readonly host: string;
  readonly port: number;
  /** ssh client config: pass as `ssh -F configFile` (the engine's `sshConfig` option). */
  readonly configFile: string;
  readonly dir: string;
  readonly running: boolean;
  /** Start (or restart, same port and keys); resolves once a login works. */
  start(): Promise<void>;
  /** Kill the daemon and every session it forked (a host dropping off the network). */
  stop(): Promise<void>;
  /** stop() and remove the temp dir. */
  dispose(): Promise<void>;
  /** Run a command on the "remote" host through ssh (for assertions). */
  exec(command: string): Promise<string>;
}

/** Why sshd cannot run here, or null when it can. */
export function sshdUnavailable(): string | null {
  return toolProblem('sshd');
}

const live = new Set<TestSshd>();
process.on('exit', () => {
  for (const s of live) killTree(s);
});

/** Create (not start) a throwaway sshd. */
export async function createSshd(opts: { alias?: string } = {}): Promise<TestSshd> {
  const why = sshdUnavailable();
  if (why) throw new Error(`sshd cannot run: ${why}`);
  const dir = mkdtempSync(join(tmpdir(), 'orc-sshd-'));
  const port = await freePort();
  const user = userInfo().username;
  const host = opts.alias ?? 'orc-test-remote';
  keygen(join(dir, 'host_ed25519'));
  keygen(join(dir, 'client_ed25519'));
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_ed25519.pub')), { mode: 0o600 });
  const hostPub = readFileSync(join(dir, 'host_ed25519.pub'), 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  writeFileSync(join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${hostPub}\n`);
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `ListenAddress 127.0.0.1:${port}`,
      `HostKey ${join(dir, 'host_ed25519')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      // Tests (and CI) run as root: keys only, never passwords.
      'PermitRootLogin prohibit-password',
      `AllowUsers ${user}`,
      'X11Forwarding no',
      'AllowTcpForwarding no',
      'PrintMotd no',
      'PrintLastLog no',
      'LogLevel ERROR',
      // Many control clients (one per watched session) may log in at once.
      'MaxStartups 100',
      'MaxSessions 100',
      // Keep the machine's shell start-up files out of the test: bash sources ~/.bashrc for an
      // ssh command only at shell level 1, and a slow rc file (here: pyenv waiting 60 s on a
      // stale lock) would stall every login. The remote PATH is sshd's default.
      'SetEnv SHLVL=1',
      '',
    ].join('\n'),
  );
  const configFile = join(dir, 'ssh_config');
  writeFileSync(
    configFile,
    [
      `Host ${host}`,
      '  HostName 127.0.0.1',
      `  Port ${port}`,
      `  User ${user}`,
      `  IdentityFile ${join(dir, 'client_ed25519')}`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${join(dir, 'known_hosts')}`,
      '  GlobalKnownHostsFile /dev/null',
      '  StrictHostKeyChecking yes',
      '  BatchMode yes',
      '  LogLevel ERROR',
      '',
    ].join('\n'),
  );
  return new Sshd(dir, port, host, configFile);
}

/** A started sshd for the calling test file, disposed in afterAll. */
export async function useSshd(): Promise<TestSshd> {
  const s = await createSshd();
  afterAll(() => s.dispose());
  await s.start();
  return s;
}

class Sshd implements TestSshd {
  proc: ChildProcess | null = null;
  private log = '';

  constructor(
    readonly dir: string,
    readonly port: number,
    readonly host: string,
    readonly configFile: string,
  ) {}

  get running(): boolean {
    return this.proc !== null && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  async start(): Promise<void> {
    if (this.running) return;
    // sshd running as root insists on its privilege-separation directory (made by the
    // service's start script, absent in containers and fresh CI machines).
    if (process.getuid?.() === 0 && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    live.add(this);
    this.log = '';
    // Through a watchdog shell: when this process dies without cleaning up (a worker killed on
    // timeout), its end of the stdin pipe closes and the shell kills sshd, so no daemon outlives
    // the tests. The shell exits with sshd.
    const script = 'exec 3<&0; "$0" -D -e -f "$1" & pid=$!; (read _ <&3; kill $pid 2>/dev/null) & wait $pid';
    const proc = spawn('sh', ['-c', script, findSshd()!, join(this.dir, 'sshd_config')], { stdio: ['pipe', 'ignore', 'pipe'] });
    this.proc = proc;
    proc.stderr?.on('data', (c: Buffer) => {
      if (this.log.length < 8192) this.log += c.toString('utf8');
    });
    const deadline = Date.now() + 10_000;
    let last = '';
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`sshd exited at start (code ${proc.exitCode}): ${this.log.trim()}`);
      try {
        await this.exec('true');
        return;
      } catch (err) {
        last = String((err as { stderr?: unknown }).stderr ?? err).trim();
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await this.stop();
    throw new Error(`sshd on port ${this.port} did not accept a login within 10 s: ${last}; sshd said: ${this.log.trim()}`);
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    killTree(this);
    if (proc.exitCode === null && proc.signalCode === null) await new Promise((r) => proc.once('exit', r));
    this.proc = null;
  }

  async dispose(): Promise<void> {
    await this.stop();
    live.delete(this);
    rmSync(this.dir, { recursive: true, force: true });
  }

  async exec(command: string): Promise<string> {
    const { stdout } = await execFileAsync('ssh', ['-F', this.configFile, '-T', this.host, command], { encoding: 'utf8', timeout: 10_000 });
    return stdout;
  }
}

function keygen(path: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'orc-test', '-f', path], { stdio: 'ignore' });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Parent pid of every process (from /proc). */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      out.set(Number(d), ppid);
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/**
 * SIGKILL the daemon and all its descendants (per-connection sshd, the sessions' shells and
 * tmux clients). Everything is stopped first, until the tree stops growing, so nothing forked
 * during the kill escapes.
 */
function killTree(s: TestSshd): void {
  const root = (s as Sshd).proc?.pid;
  if (!root) return;
  const signal = (pid: number, sig: NodeJS.Signals) => {
    try {
      process.kill(pid, sig);
    } catch {
      /* already gone */
    }
  };
  const tree = new Set([root]);
  signal(root, 'SIGSTOP');
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parents()) {
      if (tree.has(ppid) && !tree.has(pid)) {
        tree.add(pid);
        signal(pid, 'SIGSTOP');
        grew = true;
      }
    }
  }
  for (const pid of tree) signal(pid, 'SIGKILL');
}
