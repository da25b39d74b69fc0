// Spawning, teams, kill and restart with fake agents on a private server, and the bad-input
// cases that must leave nothing behind (no window, worktree or row).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createActions } from '../../../src/core/actions/index.js';
import { READY_SETTLE, readySettleMs } from '../../../src/core/actions/spawn.js';
import { eventually, FAKE_CMD, logged, useRig } from './helpers.js';
import { onOneHost } from '../../helpers/act.js';

const rig = useRig();
const { actions, store, server } = rig;
const TRUST = `node ${resolve('test/core/actions/fixtures/trust-dialog.mjs')}`;

async function windows(): Promise<string[]> {
  const out = await server.tmux('list-windows', '-a', '-F', '#{session_name}:#{window_name}').catch(() => '');
  return out.split('\n').filter(Boolean).sort();
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).trim();
}

function makeRepo(name: string): string {
  const repo = join(rig.dir, name);
  mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'README'), 'hi\n');
  git(repo, 'add', 'README');
  git(repo, 'commit', '-q', '-m', 'init');
  return repo;
}

describe('spawnAgent', () => {
  it('spawns into a new server: tagged window, ready, briefing delivered', async () => {
    const log = rig.logPath('eng1');
    const r = await actions.spawnAgent({ name: 'eng1', type: 'claude', role: 'engineer', team: 'alpha', cwd: rig.dir, env: { FAKE_AGENT_LOG: log }, briefing: 'You are eng1.\nBuild the thing; "carefully" 🚀' });
    expect(r.agent).toMatchObject({ name: 'eng1', type: 'claude', role: 'engineer', team: 'alpha', tagged: true, state: 'idle', session: 'alpha', windowName: 'eng1' });
    expect(r.briefing?.status).toBe('delivered');
    expect(logged(log)).toEqual(['You are eng1.\nBuild the thing; "carefully" 🚀']);
    const opts = await server.tmux('show-options', '-p', '-t', r.agent.paneId);
    expect(opts).toMatch(/@orc-cmd "?node /);
    expect(opts).toMatch(/@orc-name eng1/);
    expect(opts).toMatch(/remain-on-exit on/);
    // The session holds only the agent's window: no stray shell window.
    expect(await windows()).toEqual(['alpha:eng1']);
  });

  it('reports a trust dialog as waiting and answers nothing; the briefing waits in the queue', async () => {
    const r = await actions.spawnAgent({ name: 'truster', type: 'claude', command: TRUST, cwd: rig.dir, briefing: 'hello' });
    expect(r.agent.state).toBe('waiting');
    expect(r.agent.reason).toMatch(/trust prompt/);
    expect(r.agent.reason).toMatch(/nothing was answered/);
    expect(r.briefing?.status).toBe('queued');
    const screen = await server.capture(r.agent.paneId);
    expect(screen).toContain('Do you trust the files in this folder?');
    expect(screen).not.toContain('answered:');
  });

  it('is ready only once the screen stood still: a dialog drawn a moment after the box is reported, the briefing queued, nothing typed into it', async () => {
    // As Claude Code 2.1.332: its box after a slow start, then its auto-mode offer 0.1–1.5 s later.
    const log = rig.logPath('offered');
    const keys = rig.logPath('offered-keys');
    const env = { FAKE_AGENT_STARTUP_MS: '1000', FAKE_AGENT_OFFER_MS: '300', FAKE_AGENT_LOG: log, FAKE_AGENT_KEYLOG: keys };
    const r = await actions.spawnAgent({ name: 'offered', type: 'claude', cwd: rig.dir, env, briefing: 'hello' });
    expect(r.agent.state, r.agent.reason).toBe('waiting');
    expect(r.agent.reason).toMatch(/auto mode/);
    expect(r.briefing?.status).toBe('queued');
    // A message sent right after waits too: nothing reached the agent, no key went into the offer.
    expect((await actions.sendMessage({ target: 'offered', text: 'first task' })).status).toBe('queued');
    expect(logged(log)).toEqual([]);
    expect(existsSync(keys)).toBe(false);
  });

  it('unit: the settle time is a share of the start-up, within bounds', () => {
    expect(readySettleMs(0)).toBe(READY_SETTLE.minMs);
    expect(readySettleMs(2_400)).toBe(1_800);
    expect(readySettleMs(60_000)).toBe(READY_SETTLE.maxMs);
  });

  it('puts a team whose name holds a dot in a session without it', async () => {
    const r = await actions.spawnAgent({ name: 'dotty', type: 'claude', team: 'web.v2', cwd: rig.dir });
    expect(r.agent).toMatchObject({ session: 'web_v2', team: 'web.v2', state: 'idle' });
  });

  it('spawns a custom command (generic profile) and waits for it to go quiet', async () => {
    const r = await actions.spawnAgent({ name: 'shelly', type: 'custom', command: 'bash --norc --noprofile', cwd: rig.dir });
    expect(r.agent).toMatchObject({ type: 'generic', state: 'idle' });
    const m = await actions.sendMessage({ target: 'shelly', text: 'echo "sum=$((40+2))"' });
    expect(m.status).toBe('delivered');
    await server.waitForScreen(r.agent.paneId, (s) => s.includes('sum=42'));
  });

  it('fails clearly when the agent exits during start-up, leaving no window', async () => {
    const before = await windows();
    await expect(actions.spawnAgent({ name: 'dies', type: 'custom', command: 'sleep 0.3; echo boom; exit 3', cwd: rig.dir })).rejects.toMatchObject({
      code: 'failed',
      message: expect.stringMatching(/^dies exited during start-up/),
    });
    expect(await windows()).toEqual(before);
    expect(store.screens.latest('dies')?.reason).toBe('exited during start-up');
  });

  it('names a missing program before creating anything, saying where its command is set', async () => {
    const before = await windows();
    const sessions = await server.tmux('list-sessions', '-F', '#{session_name}').catch(() => '');
    // The pane would get this PATH: no agent CLI on it.
    const bare = join(rig.dir, 'bare-path');
    mkdirSync(bare, { recursive: true });
    const noAgents = { PATH: bare };
    const other = onOneHost(createActions({
      conn: rig.conn,
      store,
      env: { ORC_AGENT_CMD_AIDER: 'orc-missing-aider --yes' },
      agentCommands: () => ({ codex: 'orc-missing-codex --full-auto' }),
    }));
    try {
      const cases: [Parameters<typeof actions.spawnAgent>[0], string][] = [
        [{ name: 'noclaude', type: 'claude', team: 'fresh', cwd: rig.dir, env: noAgents }, '`claude` not found on PATH (install it, or set its command in Settings → Agent commands)'],
        [{ name: 'nocodex', type: 'codex', team: 'fresh', cwd: rig.dir }, '`orc-missing-codex` not found on PATH (install it, or set its command in Settings → Agent commands)'],
        [{ name: 'noaider', type: 'aider', cwd: rig.dir }, "`orc-missing-aider` not found on PATH (set by ORC_AGENT_CMD_AIDER in the engine's environment; install it or change that variable)"],
        [{ name: 'nocustom', type: 'custom', command: 'orc-missing-bot run', cwd: rig.dir }, '`orc-missing-bot` not found on PATH (install it, or give a command that exists)'],
      ];
      for (const [input, message] of cases) {
        await expect(other.spawnAgent(input), input.name).rejects.toMatchObject({ code: 'failed', message });
      }
    } finally {
      other.close();
    }
    // Nothing was made: no window, no session (the team "fresh" had none).
    expect(await windows()).toEqual(before);
    expect(await server.tmux('list-sessions', '-F', '#{session_name}').catch(() => '')).toBe(sessions);
  });

  it('rejects bad input and leaves nothing behind', async () => {
    await actions.spawnAgent({ name: 'taken', type: 'claude', cwd: rig.dir });
    const repo = makeRepo('repo-bad');
    git(repo, 'branch', 'already');
    const before = await windows();
    const rows = store.messages.list({ limit: 1000 }).length;
    const cases: [Parameters<typeof actions.spawnAgent>[0], string, RegExp][] = [
      [{ name: 'taken', type: 'claude', cwd: rig.dir }, 'conflict', /already exists/],
      [{ name: 'nodir', type: 'claude', cwd: join(rig.dir, 'missing') }, 'bad_input', /does not exist/],
      [{ name: 'custom1', type: 'custom', cwd: rig.dir }, 'bad_input', /needs a command/],
      [{ name: 'bad name!', type: 'claude', cwd: rig.dir }, 'bad_input', /name may hold/],
      [{ name: 'br', type: 'claude', cwd: repo, worktree: 'already' }, 'conflict', /branch "already" already exists/],
      [{ name: 'nogit', type: 'claude', cwd: rig.dir, worktree: 'x' }, 'bad_input', /not inside a git repository/],
    ];
    const twice = await Promise.allSettled([actions.spawnAgent({ name: 'twin', type: 'claude', cwd: rig.dir }), actions.spawnAgent({ name: 'twin', type: 'claude', cwd: rig.dir })]);
    expect(twice.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(twice.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'conflict' } });
    await actions.killAgent({ target: 'twin' });
    cases.push([{ name: 'dotted', type: 'claude', cwd: rig.dir, session: 'a.b' }, 'bad_input', /may not hold "."/]);
    for (const [input, code, message] of cases) {
      await expect(actions.spawnAgent(input), JSON.stringify(input)).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    }
    expect(await windows()).toEqual(before);
    expect(store.messages.list({ limit: 1000 }).length).toBe(rows);
    expect(git(repo, 'worktree', 'list').split('\n')).toHaveLength(1);
    expect(existsSync(join(repo, '.orc-worktrees'))).toBe(false);
  });

  it('gives an agent its own worktree, removed on kill when clean; with unsaved work the kill asks first', async () => {
    const repo = makeRepo('repo-wt');
    const a = await actions.spawnAgent({ name: 'wt-clean', type: 'claude', cwd: repo, worktree: 'feature/clean' });
    const b = await actions.spawnAgent({ name: 'wt-dirty', type: 'claude', cwd: repo, worktree: 'feature/dirty' });
    expect(a.agent.cwd).toBe(join(repo, '.orc-worktrees', 'wt-clean'));
    expect(git(a.agent.cwd, 'branch', '--show-current')).toBe('feature/clean');
    writeFileSync(join(b.agent.cwd, 'work.txt'), 'unsaved\n');
    expect(await actions.killAgent({ target: 'wt-clean' })).toMatchObject({ ok: true, savedScreen: true });
    expect(existsSync(a.agent.cwd)).toBe(false);
    expect(git(repo, 'branch', '--list', 'feature/clean')).toBe('');
    // The worktree folder stays out of the main checkout's status.
    expect(git(repo, 'status', '--porcelain')).toBe('');
    await expect(actions.killAgent({ target: 'wt-dirty' })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/1 uncommitted file: kill it with worktree "keep"/) });
    expect((await actions.look('wt-dirty'))?.info.dead).toBe(false); // nothing was done
    const kept = await actions.killAgent({ target: 'wt-dirty', worktree: 'keep' });
    expect(kept.worktreeKept).toMatch(/kept \(as asked\)/);
    expect(existsSync(join(b.agent.cwd, 'work.txt'))).toBe(true);
  });
});

describe('kill and restart', () => {
  it('kill stores the last screen and scrollback, then removes the window', async () => {
    const log = rig.logPath('victim');
    await actions.spawnAgent({ name: 'victim', type: 'claude', cwd: rig.dir, env: { FAKE_AGENT_LOG: log } });
    await actions.sendMessage({ target: 'victim', text: 'remember this line' });
    await eventually(async () => (await actions.look('victim'))?.screen.includes('Done: remember this line') ?? false, 5_000, 'reply');
    const r = await actions.killAgent({ target: 'victim' });
    expect(r).toMatchObject({ ok: true, savedScreen: true });
    const saved = store.screens.latest('victim');
    expect(saved?.text).toContain('Done: remember this line');
    expect(saved?.reason).toBe('killed');
    expect(await windows()).not.toContain('orc:victim');
    await expect(actions.killAgent({ target: 'victim' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('kill and restart leave no process behind, also one that ignores SIGHUP (as Gemini CLI does)', async () => {
    const pidsFile = join(rig.dir, 'hup-pids');
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return !/^\S+ \S+ Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/\(.*\)/, 'x'));
      } catch {
        return false;
      }
    };
    const runs = () => readFileSync(pidsFile, 'utf8').trim().split('\n').map((l) => l.trim().split(' ').map(Number));
    await actions.spawnAgent({ name: 'stubborn', type: 'custom', command: `node ${resolve('test/core/actions/fixtures/hup-proof.mjs')}`, cwd: rig.dir, env: { HUP_PIDS: pidsFile } });
    await eventually(() => runs()[0]?.length === 2, 5_000, 'both processes started');
    const [first] = runs();
    expect(first!.every(alive)).toBe(true);
    await actions.restartAgent({ target: 'stubborn' });
    await eventually(() => runs()[1]?.length === 2, 5_000, 'both processes started again');
    expect(first!.filter(alive)).toEqual([]);
    const second = runs()[1]!;
    expect(second.every(alive)).toBe(true);
    await actions.killAgent({ target: 'stubborn' });
    expect(second.filter(alive)).toEqual([]);
  });

  it('restart respawns a crashed agent in the same pane, directory and environment', async () => {
    const log = rig.logPath('phoenix');
    const sub = join(rig.dir, 'phoenix-dir');
    mkdirSync(sub);
    const s = await actions.spawnAgent({ name: 'phoenix', type: 'claude', cwd: sub, env: { FAKE_AGENT_LOG: log } });
    await actions.sendMessage({ target: 'phoenix', text: 'crash' });
    await eventually(async () => (await actions.look('phoenix'))?.classification.state === 'crashed', 5_000, 'crashed');
    const r = await actions.restartAgent({ target: 'phoenix' });
    expect(r).toMatchObject({ paneId: s.agent.paneId, name: 'phoenix', state: 'idle', cwd: sub });
    expect((await actions.sendMessage({ target: 'phoenix', text: 'back again' })).status).toBe('delivered');
    expect(logged(log)).toEqual(['crash', 'back again']);
    // Resuming as restore does: Claude Code by the conversation id it was started with — refused
    // while it never talked (nothing saved), then `--resume <id>` once its conversation is on disk.
    await expect(actions.restartAgent({ target: 'phoenix', resume: true })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/^phoenix \(claude\) cannot resume its conversation: no saved conversation/) });
    const started = async () => (await server.tmux('display-message', '-p', '-t', s.agent.paneId, '#{pane_start_command}')).trim();
    const id = /--session-id ([0-9A-Za-z-]+)/.exec(await started())![1]!;
    const cfg = join(rig.dir, 'claude-config');
    mkdirSync(join(cfg, 'projects', 'phoenix-dir'), { recursive: true });
    writeFileSync(join(cfg, 'projects', 'phoenix-dir', `${id}.jsonl`), '{}\n');
    const withConfig = onOneHost(createActions({ conn: rig.conn, store: rig.store, env: { ...process.env, ORC_AGENT_CMD_CLAUDE: FAKE_CMD, CLAUDE_CONFIG_DIR: cfg } }));
    try {
      await withConfig.restartAgent({ target: 'phoenix', resume: true });
      expect(await started()).toContain(`--resume ${id}`);
      expect(await started()).not.toContain('--session-id');
    } finally {
      withConfig.close();
    }
  });

  it('restart with resume is refused (nothing restarted) for a CLI that cannot resume', async () => {
    const s = await actions.spawnAgent({ name: 'plainjob', type: 'custom', command: FAKE_CMD, cwd: rig.dir });
    await expect(actions.restartAgent({ target: 'plainjob', resume: true })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/^plainjob \(generic\) cannot resume its conversation: a custom command is started as it was/) });
    expect((await actions.look('plainjob'))?.classification.state).not.toBe('starting');
    expect(s.agent.paneId).toMatch(/^%/);
  });

  it('restart of a pane without a start command is a clear error', async () => {
    const pane = await server.newSession('plain');
    await expect(actions.restartAgent({ target: pane })).rejects.toMatchObject({ code: 'failed', message: expect.stringMatching(/no start command/) });
  });
});

describe('deployTeam', () => {
  it('deploys a PM, engineers and QA whose briefings name the team and how to reach each other', async () => {
    store.templates.save({ name: 'squad', description: 'ship the parser', pmType: 'claude', engineerType: 'claude', engineers: 2, qa: true, briefing: 'Use TypeScript.', cwd: rig.dir });
    const out = await actions.deployTeam({ template: 'squad' });
    expect(out.map((r) => [r.agent.name, r.agent.role, r.agent.team, r.agent.state, r.briefing?.status])).toEqual([
      ['squad-pm', 'pm', 'squad', 'idle', 'delivered'],
      ['squad-eng-1', 'engineer', 'squad', 'idle', 'delivered'],
      ['squad-eng-2', 'engineer', 'squad', 'idle', 'delivered'],
      ['squad-qa', 'qa', 'squad', 'idle', 'delivered'],
    ]);
    const text = store.messages.get(out[1]!.briefing!.messageId!)!.text;
    expect(text).toContain('You are squad-eng-1, an engineer of team "squad"');
    expect(text).toContain('squad-pm: the project manager');
    expect(text).toContain('squad-qa: the QA engineer');
    expect(text).toContain('tmux-orc send NAME "your message"');
    expect(text).toContain('Use TypeScript.');
    expect((await windows()).filter((w) => w.startsWith('squad:'))).toEqual(['squad:squad-eng-1', 'squad:squad-eng-2', 'squad:squad-pm', 'squad:squad-qa']);
  });

  it('refuses an unknown template or a team whose names are taken, creating nothing', async () => {
    await expect(actions.deployTeam({ template: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
    const before = await windows();
    await expect(actions.deployTeam({ template: 'squad' })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/squad-pm/) });
    expect(await windows()).toEqual(before);
  });
});

// Keeps the fake agent command referenced for readers of this file: spawned claude agents run it.
expect(FAKE_CMD).toMatch(/fake-agent\.mjs$/);
