// The long-running commands outlive tmux (issue #16): `monitor` started before its server waits
// for it, keeps running through a server kill and restart, reports the agents again, and
// exits only on a signal, releasing its lease.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTmuxServer, newServerName } from '../helpers/tmux.js';
import { eventually, startFake } from './fake-agents.js';
import { startLong } from './long-run.js';

const dir = mkdtempSync(join(tmpdir(), 'orc-cli-survival-'));
const db = join(dir, 'orc.db');
const name = newServerName();
const server = createTmuxServer(name);
afterAll(() => server.kill());

/** Make the fake agent busy for a moment, so a monitor watching it reports busy → idle. */
async function work(pane: string): Promise<void> {
  await server.tmux('send-keys', '-t', pane, '-l', 'work 300ms');
  await server.tmux('send-keys', '-t', pane, 'Enter');
}

type Line = { name: string; from: string; state: string };

describe('tmux-orc monitor outlives its tmux server', () => {
  it('waits for a server started after it, keeps running through a kill and a restart, and reports the agents again', async () => {
    const m = startLong(['-L', name, '--db', db, 'monitor', '--json']);
    const parsed = () => m.lines.map((l) => JSON.parse(l) as Line);
    // No server yet: it says so and waits (it used to exit 0 after half a second).
    await eventually(() => (m.alive(), m.stderr()), (s) => /monitoring -L .*: 0 agents/.test(s) && /no tmux server/.test(s), 20_000);
    await new Promise((r) => setTimeout(r, 1_500));
    m.alive();

    const first = await startFake(server, 'red', 'alpha', { team: 'red' });
    await eventually(() => (m.alive(), m.stderr()), (s) => /tmux connected/.test(s), 20_000);
    await work(first.pane);
    await eventually(() => (m.alive(), parsed()), (ls) => ls.some((l) => l.name === 'alpha' && l.from === 'busy' && l.state === 'idle'), 20_000);

    // The server dies: the monitor says so on stderr and keeps running.
    const before = m.stderr().length;
    await server.kill();
    await eventually(() => (m.alive(), m.stderr().slice(before)), (s) => /tmux (disconnected|no_server)/.test(s), 20_000);
    await new Promise((r) => setTimeout(r, 1_500));
    m.alive();

    // It comes back: the monitor reconnects by itself and reports the agent again.
    const seen = m.lines.length;
    const again = await startFake(server, 'red', 'alpha', { team: 'red' });
    await eventually(() => (m.alive(), m.stderr().slice(before)), (s) => /tmux connected/.test(s), 20_000);
    await work(again.pane);
    await eventually(() => (m.alive(), parsed().slice(seen)), (ls) => ls.some((l) => l.name === 'alpha' && l.from === 'busy' && l.state === 'idle'), 20_000);

    // Only a signal stops it, and its lease goes with it: a second monitor starts at once.
    m.child.kill('SIGTERM');
    expect(await m.exited).toBe(0);
    const next = startLong(['-L', name, '--db', db, 'monitor']);
    await eventually(() => (next.alive(), next.stderr()), (s) => s.includes('Ctrl-C stops'), 20_000);
    next.child.kill('SIGINT');
    expect(await next.exited).toBe(0);
  });
});
