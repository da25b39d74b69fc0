// Action commands against a real private tmux server, fake agents and a real database: send
// (verified, stdin, queued, bad input), keys, broadcast, spawn, team save/templates/deploy,
// kill, restart, schedule (add, list, cancel) and the agent aliases.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AgentInfo, MessageResult, ScheduleRecord, SpawnResult, TeamTemplate } from '../../src/shared/domain.js';
import { openStore } from '../../src/core/store/index.js';
import { readPrompt } from '../../src/core/agents/prompt.js';
import { useTmuxServer } from '../helpers/tmux.js';
import { eventually, FAKE, IDLE_FOOTER, keysRead, received, startFake, type FakeAgent } from './fake-agents.js';
import { oneLine, runCli } from './run-cli.js';

const server = useTmuxServer();
const dir = mkdtempSync(join(tmpdir(), 'orc-cli-act-'));
const db = join(dir, 'orc.db');
// Agents of type claude run the fake agent (spawn and team deploy).
const env = { ORC_AGENT_CMD_CLAUDE: `node ${FAKE}`, FAKE_AGENT_DEFAULT_MS: '200' };
const cli = (...args: string[]) => runCli(['-L', server.name, '--db', db, ...args], { env });
const cliIn = (input: string, ...args: string[]) => runCli(['-L', server.name, '--db', db, ...args], { env, input });
let ada: FakeAgent;
let bob: FakeAgent;

beforeAll(async () => {
  ada = await startFake(server, 'ops', 'ada', { team: 'ops' });
  bob = await startFake(server, 'ops', 'bob', { team: 'ops' });
  await startFake(server, 'solo', 'cy');
});

const idle = (a: FakeAgent) => server.waitForScreen(a.pane, (s) => s.includes(IDLE_FOOTER) && !s.includes('esc to interrupt'));

describe('tmux-orc send', () => {
  it('delivers and verifies a message (exit 0), also through `agent send` and from stdin', async () => {
    const r = await cli('send', 'ada', 'hello "ada"; $HOME ✓');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^delivered: /);
    await idle(ada);
    const alias = await cli('agent', 'send', 'ops:ada', 'second');
    expect(alias.code).toBe(0);
    await idle(ada);
    const piped = await cliIn('line one\nline two\n', 'send', ada.pane, '-', '--json');
    expect(piped.code).toBe(0);
    expect((JSON.parse(piped.stdout) as MessageResult).status).toBe('delivered');
    await eventually(() => received(ada), (m) => m.length === 3);
    expect(received(ada)).toEqual(['hello "ada"; $HOME ✓', 'second', 'line one\nline two']);
  });

  it('--queue: queues a message for a busy agent (exit 0, says why)', async () => {
    // Busy long enough for a second CLI run on a loaded machine.
    const first = await cli('send', 'cy', 'work 15s');
    expect(first.stdout).toMatch(/^delivered/);
    const r = await cli('send', 'cy', 'after work', '--queue', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout), r.stdout).toMatchObject({ status: 'queued' });
  });

  it('bad input: empty text and 100 KB+ exit 2, unknown target exits 1, each one line', async () => {
    const empty = await cli('send', 'bob', '   ');
    expect(empty.code).toBe(2);
    expect(oneLine(empty.stderr)).toMatch(/message is empty/);
    const big = await cliIn('x'.repeat(101 * 1024), 'send', 'bob', '-');
    expect(big.code).toBe(2);
    expect(oneLine(big.stderr)).toMatch(/larger than 100 KB/);
    const unknown = await cli('send', 'nobody', 'hi');
    expect(unknown.code).toBe(1);
    expect(oneLine(unknown.stderr)).toMatch(/no agent "nobody"/);
    const missing = await cli('send', 'bob');
    expect(missing.code).toBe(2);
    expect(oneLine(missing.stderr)).toBe('tmux-orc: send needs TARGET TEXT|-; see tmux-orc send --help');
    expect(received(bob)).toEqual([]);
  });
});

describe('tmux-orc answer', () => {
  it('shows the prompt in status; refuses a changed prompt, a wrong --expect or choice with exit 1 and types nothing; answers the one meant', async () => {
    const dee = await startFake(server, 'asks', 'dee');
    expect((await cli('send', 'dee', 'trust-then-ask 3s')).code).toBe(0);
    // The fingerprint the person saw (the engine's own reader, on the screen as it was then).
    const seen = readPrompt('claude', await server.waitForScreen(dee.pane, (s) => s.includes('Yes, I trust this folder')));
    expect(seen).toMatchObject({ question: expect.stringContaining('trust'), approving: { kind: 'folder' } });
    await server.waitForScreen(dee.pane, (s) => s.includes('rm -rf ./build'));

    const stale = await cli('answer', 'dee', '1', '--fingerprint', seen!.fingerprint);
    expect(stale.code).toBe(1);
    expect(stale.stderr.trim().split('\n')).toHaveLength(1);
    expect(stale.stderr).toMatch(/^tmux-orc: the prompt changed: dee now asks "Do you want to proceed\?" \(command rm -rf \.\/build\)/);
    const expectMiss = await cli('answer', 'dee', 'y', '--expect', 'trust');
    expect([expectMiss.code, oneLine(expectMiss.stderr)]).toEqual([1, expect.stringMatching(/prompt does not say "trust"/)]);
    const notAnOption = await cli('answer', 'dee', '3');
    expect([notAnOption.code, oneLine(notAnOption.stderr)]).toEqual([1, expect.stringMatching(/^tmux-orc: 3 is not an option of dee's prompt/)]);
    const badChoice = await cli('answer', 'dee', 'maybe');
    expect([badChoice.code, oneLine(badChoice.stderr)]).toEqual([2, expect.stringMatching(/a choice is an option number \(1, 2, …\), y, n or esc/)]);
    expect(keysRead(dee)).toEqual([]);

    const status = await cli('status', 'dee');
    expect(status.stdout).toContain('prompt:  Do you want to proceed?  [command: rm -rf ./build]');
    expect(status.stdout).not.toContain(seen!.fingerprint);
    expect(status.stdout).toMatch(/ {2}1\. Yes\n {2}2\. No, and tell Claude what to do differently \(esc\)/);
    const ok = await cli('answer', 'dee', 'y', '--expect', 'rm -rf ./build');
    expect([ok.code, ok.stdout.trim()]).toEqual([0, 'answered 1 "Yes" to "Do you want to proceed?" (command rm -rf ./build): pressed 1']);
    await server.waitForScreen(dee.pane, (s) => s.includes('Answer: Yes'));
    expect(keysRead(dee)).toEqual(['1']);
    const none = await cli('answer', 'dee', '1');
    expect([none.code, oneLine(none.stderr)]).toEqual([1, expect.stringMatching(/^tmux-orc: dee shows no prompt to answer/)]);
  });
});

describe('only agents by default (--any-pane)', () => {
  it('send, keys and answer refuse a Python prompt in the user\'s own session (exit 1, nothing typed) unless --any-pane', async () => {
    const py = await server.newSession('mine', ['python3', '-q', '-i']);
    await server.waitForScreen(py, (s) => s.includes('>>>'));
    const before = await server.capture(py);
    for (const args of [['send', 'mine:0', 'print(6*7)'], ['keys', 'mine:0', 'C-d'], ['answer', py, 'y']]) {
      const r = await cli(...args);
      expect([args[0], r.code, oneLine(r.stderr)]).toEqual([args[0], 1, expect.stringMatching(/is not an agent \(pane %\d+ at mine:0\.0 runs python3.*nothing typed; pass --any-pane/)]);
    }
    expect(await server.capture(py)).toBe(before);
    const ok = await cli('send', 'mine:0', 'print(6*7)', '--any-pane');
    expect(ok.code, ok.stderr).toBe(0);
    await server.waitForScreen(py, (s) => s.includes('\n42'));
  });
});

describe('tmux-orc keys and broadcast', () => {
  it('keys presses keys in the pane; a bad key name is a usage error', async () => {
    await idle(bob);
    await server.tmux('send-keys', '-t', bob.pane, '-l', 'typed');
    expect((await cli('keys', 'bob', 'Enter')).code).toBe(0);
    await eventually(() => received(bob), (m) => m.includes('typed'));
    const bad = await cli('keys', 'bob', 'a;b');
    expect(bad.code).toBe(2);
    expect(oneLine(bad.stderr)).toMatch(/tmux key name/);
  });

  it('broadcast --team reaches every member; neither --team nor --all is a usage error', async () => {
    await idle(bob);
    await idle(ada);
    const r = await cli('broadcast', '--team', 'ops', '--now', 'all hands', '--json');
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout) as { target: string; result: MessageResult }[];
    expect(results.map((x) => x.target).sort()).toEqual(['ada', 'bob']);
    await eventually(() => received(bob), (m) => m.includes('all hands'));
    const none = await cli('broadcast', 'hello');
    expect(none.code).toBe(2);
    expect(oneLine(none.stderr)).toMatch(/give --team TEAM or --all/);
    const empty = await cli('broadcast', '--team', 'nosuchteam', 'hello');
    expect(empty.code).toBe(1);
    expect(oneLine(empty.stderr)).toMatch(/no agents in team "nosuchteam"/);
  });
});

describe('tmux-orc spawn, kill, restart', () => {
  it('spawns a custom agent, waits for it, sends the briefing from @FILE; progress on stderr', async () => {
    const brief = join(dir, 'brief.md');
    writeFileSync(brief, 'You are carl. Say hi.\n');
    const r = await cli('spawn', '--name', 'carl', '--type', 'custom', '--cmd', `node ${FAKE}`, '--team', 'ops', '--cwd', dir, '--briefing', `@${brief}`, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/spawning carl \(custom\)/);
    const res = JSON.parse(r.stdout) as SpawnResult;
    expect(res.agent).toMatchObject({ name: 'carl', team: 'ops', type: 'generic', role: 'engineer', cwd: dir });
    expect(res.briefing?.status).toBe('delivered');
    const list = JSON.parse((await cli('list', '--json')).stdout) as AgentInfo[];
    expect(list.map((a) => a.name)).toContain('carl');
  });

  it('refuses a duplicate name (1), a missing directory (2), a bad type (2), each one line and nothing created', async () => {
    const dup = await cli('spawn', '--name', 'carl', '--type', 'custom', '--cmd', 'true');
    expect(dup.code).toBe(1);
    expect(oneLine(dup.stderr.replace(/^spawning.*\n/, ''))).toMatch(/already exists/);
    const nodir = await cli('spawn', '--name', 'dora', '--type', 'claude', '--cwd', join(dir, 'missing'));
    expect(nodir.code).toBe(2);
    expect(oneLine(nodir.stderr.replace(/^spawning.*\n/, ''))).toMatch(/cwd: .*missing/);
    const badType = await cli('spawn', '--name', 'dora', '--type', 'emacs');
    expect(badType.code).toBe(2);
    expect(oneLine(badType.stderr)).toMatch(/spawnAgent: type/);
    const noName = await cli('spawn', '--type', 'claude');
    expect(noName.code).toBe(2);
    const list = JSON.parse((await cli('list', '--json')).stdout) as AgentInfo[];
    expect(list.map((a) => a.name)).not.toContain('dora');
  });

  it('a type whose program is missing: one line naming it and where its command is set, exit 1, no window', async () => {
    const windows = () => server.tmux('list-windows', '-a', '-F', '#{session_name}:#{window_name}');
    const before = await windows();
    const r = await runCli(['-L', server.name, '--db', db, 'spawn', '--name', 'ghost', '--type', 'claude', '--team', 'nowhere', '--cwd', dir], {
      env: { ORC_AGENT_CMD_CLAUDE: 'orc-missing-claude --resume' },
    });
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr.replace(/^spawning.*\n/, ''))).toBe(
      "tmux-orc: `orc-missing-claude` not found on PATH (set by ORC_AGENT_CMD_CLAUDE in the engine's environment; install it or change that variable)",
    );
    expect(await windows()).toBe(before);
  });

  it('spawn --help says which program each type runs and how to change it', async () => {
    const r = await cli('spawn', '--help');
    expect(r.stdout).toContain('claude runs `claude`, codex runs `codex`, gemini runs `gemini`, qwen runs `qwen`, opencode runs `opencode`, aider runs `aider`; custom runs --cmd.');
    expect(r.stdout).toContain('Settings → Agent commands');
    expect(r.stdout).toContain('ORC_AGENT_CMD_<TYPE>');
  });

  it('restart brings the agent back in place; kill saves its screen and removes it', async () => {
    const before = (JSON.parse((await cli('list', '--json')).stdout) as AgentInfo[]).find((a) => a.name === 'carl')!;
    const r = await cli('restart', 'carl', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as AgentInfo).paneId).toBe(before.paneId);
    const k = await cli('agent', 'kill', 'carl');
    expect(k.code).toBe(0);
    expect(k.stdout).toMatch(/killed carl \(last screen saved\)/);
    const list = JSON.parse((await cli('list', '--json')).stdout) as AgentInfo[];
    expect(list.map((a) => a.name)).not.toContain('carl');
    const again = await cli('kill', 'carl');
    expect(again.code).toBe(1);
    expect(oneLine(again.stderr)).toMatch(/no (pane or )?agent "carl"/);
  });
});

describe('tmux-orc team', () => {
  it('saves a template, lists it, deploys a PM and an engineer briefed with each other\'s names', async () => {
    const save = await cli('team', 'save', 'duo', '--engineers', '1', '--description', 'two of us', '--json');
    expect(save.code, save.stderr).toBe(0);
    expect(JSON.parse(save.stdout)).toMatchObject({ name: 'duo', engineers: 1, qa: false, pmType: 'claude' });
    const t = JSON.parse((await cli('team', 'templates', '--json')).stdout) as TeamTemplate[];
    expect(t.map((x) => x.name)).toContain('duo');
    const d = await cli('team', 'deploy', 'duo', '--team', 'blue', '--cwd', dir, '--json');
    expect(d.code, d.stderr).toBe(0);
    const members = JSON.parse(d.stdout) as SpawnResult[];
    expect(members.map((m) => [m.agent.name, m.agent.role, m.agent.team])).toEqual([
      ['blue-pm', 'pm', 'blue'],
      ['blue-eng-1', 'engineer', 'blue'],
    ]);
    expect(members.every((m) => m.briefing?.status === 'delivered')).toBe(true);
    // The message log holds the PM's briefing, which names the engineer and how to reach them.
    const store = openStore({ path: db, readonly: true });
    const sent = store.messages.list({ target: members[0]!.agent.id });
    store.close();
    expect(sent.map((m) => m.text).join('\n')).toMatch(/blue-eng-1[\s\S]*tmux-orc send/);
    const unknown = await cli('team', 'deploy', 'nope');
    expect(unknown.code).toBe(1);
    expect(oneLine(unknown.stderr.replace(/^deploying.*\n/, ''))).toMatch(/no team template "nope"/);
  });

  it('`team` alone shows its sub-commands; an unknown one is a usage error', async () => {
    const g = await cli('team');
    expect(g.code).toBe(0);
    expect(g.stdout).toMatch(/team deploy TEMPLATE/);
    const u = await cli('team', 'explode');
    expect(u.code).toBe(2);
    expect(oneLine(u.stderr)).toMatch(/unknown command "team explode"/);
  });
});

describe('tmux-orc schedule', () => {
  it('adds (in, every, at), lists soonest first, cancels', async () => {
    const a = await cli('schedule', '--in', '30m', 'ada', 'check in', '--json');
    expect(a.code, a.stderr).toBe(0);
    const rec = JSON.parse(a.stdout) as ScheduleRecord;
    expect(rec.nextAt).toBeGreaterThan(Date.now() + 29 * 60_000);
    expect((await cli('schedule', '--every', '1h', 'bob', 'hourly')).code).toBe(0);
    expect((await cli('schedule', '--at', '2099-01-01 09:00', 'bob', 'far future')).code).toBe(0);
    const list = JSON.parse((await cli('schedule', 'list', '--json')).stdout) as ScheduleRecord[];
    expect(list.map((s) => s.text)).toEqual(['check in', 'hourly', 'far future']);
    expect(list[1]!.everyMs).toBe(3_600_000);
    const c = await cli('schedule', 'cancel', String(rec.id));
    expect(c.code).toBe(0);
    const after = JSON.parse((await cli('schedule', 'list', '--json')).stdout) as ScheduleRecord[];
    expect(after.map((s) => s.text)).toEqual(['hourly', 'far future']);
  });

  it('bad input: two times, a bad duration, an unknown target, an unknown id', async () => {
    const two = await cli('schedule', '--in', '5m', '--every', '1h', 'ada', 'x');
    expect(two.code).toBe(2);
    expect(oneLine(two.stderr)).toMatch(/one of --at TIME, --in DURATION or --every DURATION/);
    const dur = await cli('schedule', '--in', 'soonish', 'ada', 'x');
    expect(dur.code).toBe(2);
    const often = await cli('schedule', '--every', '10s', 'ada', 'x');
    expect(often.code).toBe(2);
    expect(oneLine(often.stderr)).toMatch(/once a minute/);
    const who = await cli('schedule', '--in', '5m', 'nobody', 'x');
    expect(who.code).toBe(1);
    const id = await cli('schedule', 'cancel', '999');
    expect(id.code).toBe(1);
    expect(oneLine(id.stderr)).toMatch(/no active schedule #999/);
    const badId = await cli('schedule', 'cancel', 'abc');
    expect(badId.code).toBe(2);
  });
});

describe('notifications and history see what the engine stored', () => {
  it('history of a killed agent is readable', async () => {
    expect(existsSync(db)).toBe(true);
    const r = await cli('history', 'carl', '--json');
    expect(r.code).toBe(0);
    expect(Array.isArray(JSON.parse(r.stdout))).toBe(true);
  });
});
