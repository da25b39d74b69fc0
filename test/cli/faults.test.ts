// Bounded and loud under faults (issue #16): a missing tmux, a socket this user may not open and
// a read-only database each give one clear line and exit 1, never "no agents" with exit 0.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTmuxServer } from '../helpers/tmux.js';
import { startFake } from './fake-agents.js';
import { BIN, oneLine, runCli, type CliRun } from './run-cli.js';

const server = useTmuxServer();
const dir = mkdtempSync(join(tmpdir(), 'orc-cli-faults-'));
const db = join(dir, 'orc.db');
const cli = (...args: string[]) => runCli(['-L', server.name, '--db', db, ...args]);
const isRoot = process.getuid?.() === 0;

/** A command's presence on this machine (for the privileged set-ups below). */
function has(program: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Run the CLI with `prefix` before it (another user, a private mount namespace…). */
async function runWrapped(prefix: string[], args: string[]): Promise<CliRun> {
  const r = await execa(prefix[0]!, [...prefix.slice(1), process.execPath, BIN, ...args], { reject: false, stdin: 'ignore', env: { ORC_DB: undefined }, timeout: 30_000 });
  return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

beforeAll(async () => {
  await startFake(server, 'red', 'alpha');
});

describe('a missing tmux', () => {
  const noTmux = mkdtempSync(join(tmpdir(), 'orc-no-tmux-'));
  const run = (...args: string[]) => runCli(['-L', server.name, '--db', db, ...args], { env: { PATH: noTmux } });

  it('list, status and send each exit 1 with one line saying tmux is not installed', async () => {
    for (const args of [['list'], ['status'], ['send', 'alpha', 'hello']]) {
      const r = await run(...args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(1);
      expect(oneLine(r.stderr)).toMatch(/tmux is not installed \(no "tmux" on PATH\)/);
    }
  });
});

describe('a socket this user may not open', () => {
  // root opens any socket: the CLI then runs as nobody (setpriv); others get a socket directory they cannot enter.
  const canTest = isRoot ? has('setpriv') : true;
  const why = 'running as root without setpriv (util-linux): cannot run the CLI as another user';
  if (!canTest && process.env.CI !== 'true') console.warn(`skipping the permission test: ${why}`);
  const sockDir = mkdtempSync(join(tmpdir(), 'orc-sock-'));
  const socket = join(sockDir, 'private');
  afterAll(() => execa('tmux', ['-S', socket, 'kill-server'], { reject: false }));

  it.skipIf(!canTest && process.env.CI !== 'true')('is reported as permission denied, exit 1, not as "no tmux server"', async () => {
    if (!canTest) throw new Error(`CI must be able to test this: ${why}`);
    await execa('tmux', ['-S', socket, '-f', '/dev/null', 'new-session', '-d', '-s', 'x']);
    const otherDb = join(mkdtempSync(join(tmpdir(), 'orc-other-db-')), 'orc.db');
    let r: CliRun;
    if (isRoot) {
      chmodSync(join(otherDb, '..'), 0o777);
      r = await runWrapped(['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'], ['-S', socket, '--db', otherDb, 'list']);
    } else {
      chmodSync(sockDir, 0);
      r = await runCli(['-S', socket, '--db', otherDb, 'list']);
      chmodSync(sockDir, 0o700);
    }
    expect(r.code, r.stderr).toBe(1);
    const line = r.stderr.split('\n').filter((l) => l && !l.includes('warning: history database')).join('\n');
    expect(oneLine(line)).toMatch(/permission denied on the tmux socket .*private/i);
    expect(line).not.toMatch(/no tmux server/);
  });
});

describe('a read-only database', () => {
  // A read-only file system (root: a read-only bind mount in a private mount namespace) or,
  // for other users, a directory and file without write permission.
  const canTest = isRoot ? has('unshare') : true;
  const why = 'running as root without unshare (util-linux): cannot make a read-only file system';
  if (!canTest && process.env.CI !== 'true') console.warn(`skipping the read-only database test: ${why}`);
  const roDir = join(dir, 'ro');

  it.skipIf(!canTest && process.env.CI !== 'true')('a schedule fails with exit 1 and one line; nothing is saved', async () => {
    if (!canTest) throw new Error(`CI must be able to test this: ${why}`);
    mkdirSync(roDir);
    const roDb = join(roDir, 'orc.db');
    expect((await runCli(['-L', server.name, '--db', roDb, 'schedule', 'list'])).code).toBe(0); // creates it
    const args = ['-L', server.name, '--db', roDb, 'schedule', '--in', '10m', 'alpha', 'check in'];
    let r: CliRun;
    if (isRoot) {
      const mountRo = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"';
      r = await runWrapped(['unshare', '-m', 'sh', '-c', mountRo, 'sh', roDir], args);
    } else {
      chmodSync(roDb, 0o444);
      chmodSync(roDir, 0o555);
      r = await runCli(args);
      chmodSync(roDir, 0o755);
      chmodSync(roDb, 0o644);
    }
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).not.toMatch(/scheduled/);
    expect(r.stderr.split('\n').filter(Boolean).at(-1)).toMatch(/cannot be written.*the schedule was not saved/);
    const list = await runCli(['-L', server.name, '--db', roDb, 'schedule', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });
});

it('the writable database still schedules (the control)', async () => {
  const r = await cli('schedule', '--in', '10m', 'alpha', 'check in');
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/scheduled #1/);
});
