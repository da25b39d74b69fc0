// Read commands against a real private tmux server and a real database: list (and its alias),
// status, targets (ambiguous, unknown), monitor (foreground, lease, Ctrl-C) and serve.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AgentInfo } from '../../src/shared/domain.js';
import { newServerName, useTmuxServer } from '../helpers/tmux.js';
import { eventually, startFake, type FakeAgent } from './fake-agents.js';
import { startLong as startLongRun } from './long-run.js';
import { oneLine, runCli } from './run-cli.js';

const server = useTmuxServer();
const dir = mkdtempSync(join(tmpdir(), 'orc-cli-read-'));
const db = join(dir, 'orc.db');
const cli = (...args: string[]) => runCli(['-L', server.name, '--db', db, ...args]);
let alpha: FakeAgent;

beforeAll(async () => {
  alpha = await startFake(server, 'red', 'alpha', { team: 'red', role: 'engineer' });
  await startFake(server, 'red', 'beta', { team: 'red', role: 'pm' });
  // Two agents named "twin" (ambiguous), and a plain shell (not an agent).
  await startFake(server, 'blue', 'twin');
  await startFake(server, 'green', 'twin');
  await server.tmux('new-window', '-d', '-t', 'blue:', '-n', 'shell', 'bash', '--norc');
});

describe('tmux-orc list', () => {
  it('--json lists every agent with target, name, type, role, team, state, reason, since', async () => {
    const r = await cli('list', '--json');
    expect(r.code).toBe(0);
    const agents = JSON.parse(r.stdout) as AgentInfo[];
    expect(agents.map((a) => a.name)).toEqual(['twin', 'twin', 'alpha', 'beta']); // by target: blue, green, red
    const a = agents.find((x) => x.name === 'alpha')!;
    expect(a).toMatchObject({ target: 'red:0.0', type: 'claude', role: 'engineer', team: 'red', state: 'idle', paneId: alpha.pane });
    expect(typeof a.reason).toBe('string');
    expect(a.since).toBeGreaterThan(Date.now() - 3_600_000);
  });

  it('prints a table; --state and --team filter; --names prints names', async () => {
    const t = await cli('list');
    expect(t.code).toBe(0);
    expect(t.stdout.split('\n')[0]).toMatch(/^NAME\s+TARGET\s+TYPE\s+ROLE\s+TEAM\s+STATE\s+FOR\s+REASON$/);
    expect(t.stdout).toMatch(/alpha\s+red:0\.0\s+claude\s+engineer\s+red\s+idle/);
    const red = JSON.parse((await cli('list', '--team', 'red', '--json')).stdout) as AgentInfo[];
    expect(red.map((a) => a.name)).toEqual(['alpha', 'beta']);
    const busy = JSON.parse((await cli('list', '--state', 'busy', '--json')).stdout) as AgentInfo[];
    expect(busy).toEqual([]);
    expect((await cli('list', '--names')).stdout).toBe('twin\ntwin\nalpha\nbeta\n');
  });

  it('agent list is the same command', async () => {
    const a = JSON.parse((await cli('agent', 'list', '--json')).stdout) as AgentInfo[];
    expect(a.map((x) => x.id)).toEqual(JSON.parse((await cli('list', '--json')).stdout).map((x: AgentInfo) => x.id));
  });

  it('a bad --state is a usage error', async () => {
    const r = await cli('list', '--state', 'sleepy');
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/^tmux-orc: listAgents: state: /);
  });

  it('inside tmux, with no -L/-S, uses the server it runs in ($TMUX), as tmux does', async () => {
    const socket = `${process.env.TMUX_TMPDIR || '/tmp'}/tmux-${process.getuid!()}/${server.name}`;
    const r = await runCli(['--db', db, 'list', '--names'], { env: { TMUX: `${socket},1,0` } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('twin\ntwin\nalpha\nbeta\n');
  });

  it('no tmux server: an empty list, exit 0', async () => {
    const r = await runCli(['-L', newServerName(), '--db', db, 'list', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});

describe('tmux-orc status', () => {
  it('without a target: the server, the monitor and agents by state', async () => {
    const r = await cli('status');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^tmux:\s+connected/m);
    expect(r.stdout).toMatch(/^agents:\s+4 \(4 idle\)/m);
    const j = JSON.parse((await cli('status', '--json')).stdout) as { hosts: unknown[]; monitoring: boolean; agents: number; shell: string };
    expect(j).toMatchObject({ monitoring: false, agents: 4, shell: 'cli' });
  });

  it('one agent in detail, by name, session:window, session:window.pane or %id, with its last lines', async () => {
    for (const target of ['alpha', 'red:alpha', 'red:0.0', alpha.pane]) {
      const r = await cli('status', target, '--json');
      expect(r.code, target).toBe(0);
      const s = JSON.parse(r.stdout) as AgentInfo & { lastLines: string[] };
      expect(s.name).toBe('alpha');
      expect(s.lastLines.join('\n')).toContain('? for shortcuts');
    }
    const human = await cli('status', 'alpha', '--lines', '3');
    expect(human.stdout).toMatch(/^state:\s+idle for/m);
    expect(human.stdout).toMatch(/last 3 lines:/);
  });

  it('an ambiguous name lists the candidates (exit 1, one line); an unknown one says what to do', async () => {
    const amb = await cli('status', 'twin');
    expect(amb.code).toBe(1);
    expect(oneLine(amb.stderr)).toMatch(/"twin" matches 2 agents: blue:0\.0, green:0\.0; use one of these targets/);
    const none = await cli('status', 'nobody');
    expect(none.code).toBe(1);
    expect(oneLine(none.stderr)).toMatch(/no agent "nobody".*tmux-orc list/);
  });
});

const startLong = (args: string[]) => startLongRun(['-L', server.name, '--db', db, ...args]);

describe('tmux-orc monitor', () => {
  it('prints one JSON line per transition, refuses a second monitor, and stops cleanly on Ctrl-C', async () => {
    const m = startLong(['monitor', '--json']);
    await eventually(() => (m.alive(), m.stderr()), (s) => /monitoring -L .*: 4 agents; Ctrl-C stops/.test(s), 20_000);
    const second = await cli('monitor');
    expect(second.code).toBe(1);
    expect(oneLine(second.stderr)).toMatch(/already monitored by tmux-orc monitor \(pid \d+/);

    await server.tmux('send-keys', '-t', alpha.pane, '-l', 'work 300ms');
    await server.tmux('send-keys', '-t', alpha.pane, 'Enter');
    const lines = await eventually(() => m.lines.map((l) => JSON.parse(l) as Record<string, unknown>), (ls) => ls.some((l) => l.state === 'idle' && l.from === 'busy'), 20_000);
    const busy = lines.find((l) => l.state === 'busy')!;
    expect(busy).toMatchObject({ name: 'alpha', target: 'red:0.0', type: 'claude', role: 'engineer', team: 'red', state: 'busy' });
    expect(Object.keys(busy).sort()).toEqual(['agentId', 'at', 'from', 'host', 'name', 'reason', 'role', 'since', 'state', 'target', 'team', 'type']);

    m.child.kill('SIGINT');
    expect(await m.exited).toBe(0);
    // The lease was released: a new monitor starts at once.
    const again = startLong(['monitor']);
    await eventually(() => (again.alive(), again.stderr()), (s) => s.includes('Ctrl-C stops'), 20_000);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });
});

describe('tmux-orc serve', () => {
  it('prints the URL with its token, serves the UI, and stops on Ctrl-C', async () => {
    const ui = join(dir, 'ui');
    mkdirSync(ui);
    writeFileSync(join(ui, 'index.html'), '<!doctype html><title>orc test ui</title>');
    const s = startLong(['serve', '--port', '0', '--static', ui]);
    const [url] = await eventually(() => (s.alive(), s.lines), (ls) => ls.length > 0, 20_000);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{32}$/);
    const page = await fetch(url!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('orc test ui');
    const bare = await fetch(new URL('/', url!).href.replace(/\?.*$/, ''));
    expect(bare.status).toBe(401);
    s.child.kill('SIGINT');
    expect(await s.exited).toBe(0);
  });

  it('a bad port is a usage error; a missing --static build is one line', async () => {
    const p = await cli('serve', '--port', 'http');
    expect(p.code).toBe(2);
    expect(oneLine(p.stderr)).toMatch(/--port must be a number/);
    const st = await cli('serve', '--static', join(dir, 'nothing-here'));
    expect(st.code).toBe(1);
    expect(oneLine(st.stderr)).toMatch(/holds no index\.html/);
  });
});
