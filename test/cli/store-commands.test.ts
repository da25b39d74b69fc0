// Commands that need only the history database (and the classifier): notifications, history,
// classify. A real SQLite file seeded through the store, read by the real CLI.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/core/store/index.js';
import type { NotificationRecord, StateTransition } from '../../src/shared/domain.js';
import { oneLine, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'orc-cli-store-'));
const db = join(dir, 'orc.db');
const now = Date.now();

beforeAll(() => {
  const store = openStore({ path: db });
  store.notifications.add({ kind: 'idle', agent: 'eng-1', agentId: 'local/%1', team: 'web', text: 'eng-1 is idle', createdAt: now - 3 * 3_600_000 });
  const n2 = store.notifications.add({ kind: 'waiting', agent: 'eng-2', agentId: 'local/%2', team: 'web', text: 'eng-2 waits: "Do you want to proceed?"', createdAt: now - 60_000 });
  store.notifications.add({ kind: 'team_idle', team: 'web', text: 'team web idle for 5 minutes', createdAt: now - 30_000 });
  store.notifications.markRead([n2.id], now);
  // eng-3 crashed and came back (resolved); eng-4 is still rate limited (open).
  store.notifications.add({ kind: 'crashed', agent: 'eng-3', agentId: 'local/%3', team: 'api', text: 'eng-3 crashed', createdAt: now - 7_300_000 });
  store.notifications.resolveAgent('local/%3', 'starting', now - 7_300_000 + 120_000);
  store.notifications.add({ kind: 'rate_limited', agent: 'eng-4', agentId: 'local/%4', team: 'api', text: 'eng-4 hit its usage limit', createdAt: now - 7_400_000 });
  const t = (from: StateTransition['from'], to: StateTransition['to'], at: number): StateTransition => ({
    agentId: 'local/%1', agent: 'eng-1', target: 'web:1.0', team: 'web', from, to, at, reason: `${to}: test`,
  });
  store.transitions.addMany([t('starting', 'idle', now - 7_200_000), t('idle', 'busy', now - 600_000), t('busy', 'idle', now - 60_000)]);
  store.metrics.addStateTime('eng-2', now, 'waiting', 45 * 60_000, { team: 'web', server: 'local:/tmp/s' });
  store.metrics.addStateTime('eng-2', now, 'busy', 3 * 3_600_000, { team: 'web', server: 'local:/tmp/s' });
  store.metrics.addStateTime('eng-4', now, 'rate_limited', 2 * 3_600_000, { team: 'api', server: 'local:/tmp/s' });
  store.metrics.addStateTime('eng-4', now, 'busy', 2 * 3_600_000, { team: 'api', server: 'local:/tmp/s' });
  store.close();
});


describe('tmux-orc notifications', () => {
  it('--json prints every notification, newest first, with the record shape', async () => {
    const r = await runCli(['--db', db, 'notifications', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as NotificationRecord[];
    expect(rows.map((n) => n.kind)).toEqual(['team_idle', 'waiting', 'crashed', 'rate_limited', 'idle']);
    expect(Object.keys(rows[0]!).sort()).toEqual(['agent', 'agentId', 'createdAt', 'id', 'kind', 'members', 'readAt', 'resolvedAt', 'team', 'text']);
  });

  it('--open lists only the problems that still last, with how long they have been open', async () => {
    const open = JSON.parse((await runCli(['--db', db, 'notifications', '--open', '--json'])).stdout) as NotificationRecord[];
    expect(open.map((n) => n.agent)).toEqual(['eng-2', 'eng-4']);
    const table = (await runCli(['--db', db, 'notifications', '--kind', 'crashed'])).stdout;
    expect(table).toMatch(/crashed\s+ended after 2m\s+eng-3/);
    const table2 = (await runCli(['--db', db, 'notifications', '--open', '--kind', 'rate_limited'])).stdout;
    expect(table2).toMatch(/rate_limited\s+open 2h3m\s+eng-4/);
  });

  it('--unread and --since filter', async () => {
    const unread = JSON.parse((await runCli(['--db', db, 'notifications', '--unread', '--json'])).stdout) as NotificationRecord[];
    expect(unread.map((n) => n.kind)).toEqual(['team_idle', 'crashed', 'rate_limited', 'idle']);
    const recent = JSON.parse((await runCli(['--db', db, 'notifications', '--since', '1h', '--json'])).stdout) as NotificationRecord[];
    expect(recent.map((n) => n.kind)).toEqual(['team_idle', 'waiting']);
  });

  it('prints a table for people, unread marked', async () => {
    const r = await runCli(['notifications', '--limit', '2'], { env: { ORC_DB: db } });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+TIME\s+KIND\s+STATUS\s+AGENT\s+TEXT$/);
    expect(lines).toHaveLength(4); // header, 2 rows, legend
    expect(lines[1]).toMatch(/^\d+\*\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+team_idle\s+-\s+team web\s+team web idle/);
    expect(lines[2]).toMatch(/^\d+ \s*\S+ \S+\s+waiting\s+open 1m\s+eng-2/);
  });

  it('--kind and --agent filter; --mark-read marks what was listed', async () => {
    const waiting = JSON.parse((await runCli(['--db', db, 'notifications', '--kind', 'waiting', '--json'])).stdout) as NotificationRecord[];
    expect(waiting.map((n) => n.agent)).toEqual(['eng-2']);
    const eng1 = JSON.parse((await runCli(['--db', db, 'notifications', '--agent', 'eng-1', '--json'])).stdout) as NotificationRecord[];
    expect(eng1.map((n) => n.kind)).toEqual(['idle']);
    const marked = await runCli(['--db', db, 'notifications', '--agent', 'eng-1', '--mark-read']);
    expect(marked.code).toBe(0);
    expect(marked.stdout).toContain('now marked read');
    const unread = JSON.parse((await runCli(['--db', db, 'notifications', '--unread', '--json'])).stdout) as NotificationRecord[];
    expect(unread.map((n) => n.kind)).toEqual(['team_idle', 'crashed', 'rate_limited']);
  });

  it('a bad --since, --limit or --kind is a usage error and one line', async () => {
    for (const args of [['--since', 'soon'], ['--limit', '0'], ['--limit', 'x'], ['--kind', 'sleepy']]) {
      const r = await runCli(['--db', db, 'notifications', ...args]);
      expect(r.code).toBe(2);
      expect(oneLine(r.stderr)).toMatch(/^tmux-orc: .*see tmux-orc notifications --help$/);
    }
  });
});

describe('tmux-orc history', () => {
  it('--json prints the timeline oldest first, by name or pane id', async () => {
    for (const target of ['eng-1', '%1', 'web:1.0']) {
      const r = await runCli(['--db', db, 'history', target, '--json']);
      expect(r.code).toBe(0);
      const rows = JSON.parse(r.stdout) as StateTransition[];
      expect(rows.map((t) => t.to)).toEqual(['idle', 'busy', 'idle']);
      expect(Object.keys(rows[0]!).sort()).toEqual(['agent', 'agentId', 'at', 'from', 'reason', 'target', 'team', 'to']);
    }
  });

  it('--since limits, and the table reads FROM → TO', async () => {
    const r = await runCli(['--db', db, 'history', 'eng-1', '--since', '30m']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+AGENT\s+FROM\s+TO\s+REASON$/);
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/).slice(2, 4))).toEqual([['idle', 'busy'], ['busy', 'idle']]);
  });

  it('an agent without history: empty JSON, a note for people, exit 0', async () => {
    const j = await runCli(['--db', db, 'history', 'nobody', '--json']);
    expect([j.code, j.stdout.trim()]).toEqual([0, '[]']);
    const h = await runCli(['--db', db, 'history', 'nobody']);
    expect(h.code).toBe(0);
    expect(oneLine(h.stderr)).toContain('no history for "nobody"');
  });
});

describe('tmux-orc classify', () => {
  const screen = (lines: string[]) => lines.join('\n') + '\n';
  const rule = '─'.repeat(80);
  const idleClaude = screen(['╭───╮', '│ ✻ Welcome to Claude Code │', '╰───╯', '', rule, '❯ ', rule, '  ? for shortcuts']);

  it('prints the state word on line 1 and the reason on line 2 (file and stdin)', async () => {
    const file = join(dir, 'screen.txt');
    writeFileSync(file, idleClaude);
    const a = await runCli(['classify', '--type', 'claude', file]);
    const b = await runCli(['classify', '-'], { input: idleClaude });
    for (const r of [a, b]) {
      expect(r.code).toBe(0);
      const [state, reason, extra] = r.stdout.split('\n');
      expect(state).toMatch(/^[a-z_]+$/);
      expect(reason!.length).toBeGreaterThan(0);
      expect(extra).toBe('');
    }
    expect(a.stdout).toBe(b.stdout);
  });

  it('a dead-simple shell screen is judged by the generic profile at rest: idle', async () => {
    const r = await runCli(['classify', '--type', 'generic', '-'], { input: '$ make\nok\n$ \n' });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('idle');
  });

  it('--json gives state, reason, resetAt and input', async () => {
    const r = await runCli(['classify', '--json', '-'], { input: idleClaude });
    expect(Object.keys(JSON.parse(r.stdout) as object).sort()).toEqual(['input', 'reason', 'resetAt', 'state']);
  });

  it('--command and --dead give the pane facts: the same screen above a shell prompt or in a dead pane is crashed', async () => {
    const running = await runCli(['classify', '--type', 'claude', '-'], { input: idleClaude });
    const atShell = await runCli(['classify', '--type', 'claude', '--command', 'bash', '-'], { input: idleClaude });
    const dead = await runCli(['classify', '--type', 'claude', '--dead', '-'], { input: idleClaude });
    expect(running.stdout.split('\n')[0]).toBe('idle');
    expect(atShell.stdout.split('\n').slice(0, 2)).toEqual(['crashed', 'crashed: back at the shell (bash)']);
    expect(dead.stdout.split('\n')[0]).toBe('crashed');
    const bad = await runCli(['classify', '--command', 'a\tb', '-'], { input: idleClaude });
    expect(bad.code).toBe(2);
    expect(oneLine(bad.stderr)).toContain('--command');
  });

  it('a fixture file brings its own type and facts; options override them', async () => {
    const file = join(dir, 'fixture.txt');
    const header = { type: 'codex', expect: 'crashed', captured: '2026-11-29T01:00:00.000Z', facts: { currentCommand: 'bash', dead: false } };
    writeFileSync(file, `#fixture ${JSON.stringify(header)}\n› Ask Codex to do anything\n\n  ? for shortcuts\n`);
    const fromHeader = await runCli(['classify', file]);
    expect(fromHeader.stdout.split('\n')[0]).toBe('crashed');
    const overridden = await runCli(['classify', '--command', 'codex', file]);
    expect(overridden.stdout.split('\n')[0]).toBe('idle');
    writeFileSync(file, '#fixture {not json\nscreen\n');
    const broken = await runCli(['classify', file]);
    expect(broken.code).toBe(1);
    expect(oneLine(broken.stderr)).toContain('#fixture {json}');
  });

  it('an unknown type exits 2; a missing file exits 1; both one line', async () => {
    const t = await runCli(['classify', '--type', 'vim', '-'], { input: '' });
    expect(t.code).toBe(2);
    expect(oneLine(t.stderr)).toContain('unknown type "vim"');
    const f = await runCli(['classify', join(dir, 'missing.txt')]);
    expect(f.code).toBe(1);
    expect(oneLine(f.stderr)).toMatch(/cannot read .*missing\.txt: no such file/);
  });
});

describe('tmux-orc review', () => {
  it('prints per team and per agent how long they waited on you, usage limits and busy share', async () => {
    const r = await runCli(['--db', db, 'review']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/TEAM\s+AGENTS\s+WAITED ON YOU\s+RATE LIMITED\s+BUSY\s+CRASHES\s+RESTARTS/);
    expect(r.stdout).toMatch(/api\s+1\s+-\s+2h\s+50%/);
    expect(r.stdout).toMatch(/eng-2\s+web\s+45m\s+-\s+80%/);
  });

  it('--csv prints the export: one row per agent per day', async () => {
    const r = await runCli(['--db', db, 'review', '--range', '1d', '--csv']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^day,server,agent,team,waiting_min,/);
    expect(lines.slice(1).map((l) => l.split(',').slice(2, 5))).toEqual([
      ['eng-2', 'web', '45'],
      ['eng-4', 'api', '0'],
    ]);
  });

  it('refuses an unknown range in one line', async () => {
    const r = await runCli(['--db', db, 'review', '--range', '2w']);
    expect(r.code).not.toBe(0);
    expect(oneLine(r.stderr)).toMatch(/range/);
  });
});

describe('tmux-orc team save: the CLI takes the contract\'s bounds', () => {
  it('--engineers 0 (a PM alone) is saved, as the contract allows; 51 is one usage line naming the range', async () => {
    const solo = await runCli(['--db', db, 'team', 'save', 'solo', '--engineers', '0', '--json']);
    expect(solo.code).toBe(0);
    expect(JSON.parse(solo.stdout)).toMatchObject({ name: 'solo', engineers: 0 });
    const big = await runCli(['--db', db, 'team', 'save', 'huge', '--engineers', '51']);
    expect(big.code).toBe(2);
    expect(oneLine(big.stderr)).toMatch(/--engineers must be a whole number from 0 to 50, not "51"/);
  });
});
