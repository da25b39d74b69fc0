// The orchestrator in one-shot mode (monitor: false): every contract method reachable through
// dispatch(orc.handlers, …), against a real private tmux server, fake agents and a real
// database file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrchestrator, type Orchestrator } from '../../src/core/orchestrator.js';
import { openStore } from '../../src/core/store/index.js';
import { API_METHOD_NAMES, dispatch, type ApiMethodName } from '../../src/shared/api.js';
import type { AgentChanges,
  AgentInfo,
  EngineStatus,
  PerformanceReview,
  MessageResult,
  NotificationRecord,
  PaneCapture,
  ScheduleRecord,
  SpawnResult,
  StateTransition,
  TeamTemplate,
} from '../../src/shared/domain.js';
import type { Settings } from '../../src/shared/settings.js';
import { newServerName, useTmuxServer } from '../helpers/tmux.js';
import { eventually, FAKE, IDLE_FOOTER, received, startFake, type FakeAgent } from '../cli/fake-agents.js';

const server = useTmuxServer();
const dir = mkdtempSync(join(tmpdir(), 'orc-orch-'));
const db = join(dir, 'orc.db');
const env = { ...process.env, ORC_AGENT_CMD_CLAUDE: `node ${FAKE}`, FAKE_AGENT_DEFAULT_MS: '200' };
let orc: Orchestrator;
let ann: FakeAgent;
let ben: FakeAgent;
const called = new Set<ApiMethodName>();

async function call<T>(name: ApiMethodName, input?: unknown): Promise<T> {
  called.add(name);
  return (await dispatch(orc.handlers, name, input)) as T;
}

const idle = (a: FakeAgent) => server.waitForScreen(a.pane, (s) => s.includes(IDLE_FOOTER) && !s.includes('esc to interrupt'));

beforeAll(async () => {
  ann = await startFake(server, 'crew', 'ann', { team: 'crew', role: 'engineer' });
  ben = await startFake(server, 'crew', 'ben', { team: 'crew', role: 'engineer' });
  const store = openStore({ path: db });
  store.notifications.add({ kind: 'idle', agent: 'ann', agentId: `local/${ann.pane}`, team: 'crew', text: 'ann is idle' });
  store.transitions.add({ agentId: `local/${ann.pane}`, agent: 'ann', target: 'crew:0.0', team: 'crew', from: 'busy', to: 'idle', at: Date.now() - 1000, reason: 'idle: test' });
  store.close();
  orc = await createOrchestrator({ socketName: server.name, dbPath: db, monitor: false, shell: 'cli', env });
});

afterAll(async () => {
  await orc?.close();
});

describe('orchestrator, one-shot mode: every contract method through dispatch', () => {
  it('getStatus: the server, no monitoring, no lease holder, the shell', async () => {
    const s = await call<EngineStatus>('getStatus');
    expect(s).toMatchObject({ monitoring: false, leaseHolder: null, shell: 'cli', server: { socketName: server.name, socketPath: null } });
    expect(s.hosts).toEqual([{ host: 'local', status: 'connected', message: expect.any(String) }]);
    expect(s.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('listAgents (with filters) and getAgent by name, target and %id', async () => {
    const all = await call<AgentInfo[]>('listAgents');
    expect(all.map((a) => [a.name, a.state])).toEqual([['ann', 'idle'], ['ben', 'idle']]);
    expect(await call<AgentInfo[]>('listAgents', { team: 'nope' })).toEqual([]);
    for (const target of ['ann', 'crew:0', 'crew:0.0', ann.pane, `local/${ann.pane}`]) {
      expect((await call<AgentInfo>('getAgent', { target })).paneId).toBe(ann.pane);
    }
    await expect(call('getAgent', { target: 'zed' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('capturePane: text and size, with scrollback', async () => {
    const c = await call<PaneCapture>('capturePane', { target: 'ann', scrollback: 10 });
    expect(c.agentId).toBe(`local/${ann.pane}`);
    expect(c.text).toContain(IDLE_FOOTER);
    expect([c.cols, c.rows]).toEqual([120, 40]);
  });

  it('getTimeline and listNotifications / markRead read the store', async () => {
    const t = await call<StateTransition[]>('getTimeline', { target: 'ann' });
    expect(t.map((x) => x.to)).toEqual(['idle']);
    const n = await call<NotificationRecord[]>('listNotifications', { unread: true });
    expect(n.map((x) => x.text)).toEqual(['ann is idle']);
    expect(await call('markRead', { all: true })).toEqual({ updated: 1 });
    expect(await call('listNotifications', { unread: true })).toEqual([]);
  });

  it('sendMessage (verified), sendKeys, answerPrompt, broadcast, listMessages', async () => {
    const r = await call<MessageResult>('sendMessage', { target: 'ann', text: 'multi\nline "quoted" ; $x 🚀' });
    expect(r.status).toBe('delivered');
    await eventually(() => received(ann), (m) => m.length === 1);
    expect(received(ann)).toEqual(['multi\nline "quoted" ; $x 🚀']);
    await idle(ben);
    await server.tmux('send-keys', '-t', ben.pane, '-l', 'pressed');
    expect(await call('sendKeys', { target: 'ben', keys: ['Enter'] })).toEqual({ ok: true });
    await eventually(() => received(ben), (m) => m.includes('pressed'));
    await idle(ann);
    // An answer with nothing asked types nothing (answers: test/core/actions/answer.test.ts).
    await expect(call('answerPrompt', { target: 'ann', choice: '1' })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/^ann shows no prompt to answer/) });
    await idle(ben);
    const b = await call<{ target: string; result: MessageResult }[]>('broadcast', { team: 'crew', text: 'to all', now: true });
    expect(b.map((x) => x.target).sort()).toEqual(['ann', 'ben']);
    const log = await call<{ text: string }[]>('listMessages', { target: 'ann' });
    expect(log.map((m) => m.text)).toContain('to all');
    await expect(call('sendMessage', { target: 'ann', text: '' })).rejects.toMatchObject({ code: 'bad_input' });
    // Nothing is queued (every send here was delivered): the queue is empty and a delivered row cannot be cancelled.
    expect(await call('listQueued', { target: 'ann' })).toEqual([]);
    await expect(call('cancelQueued', { id: r.messageId! })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/is not queued/) });
  });

  it('spawnAgent, restartAgent, killAgent', async () => {
    const s = await call<SpawnResult>('spawnAgent', { name: 'cal', type: 'custom', command: `node ${FAKE}`, team: 'crew', cwd: dir, briefing: 'hello cal' });
    expect(s.agent).toMatchObject({ name: 'cal', type: 'generic', team: 'crew' });
    expect(s.briefing?.status).toBe('delivered');
    // Its own tmux-orc calls use this engine's database.
    const env = JSON.parse(await server.tmux('show-options', '-p', '-v', '-t', s.agent.paneId, '@orc-env')) as Record<string, string>;
    expect(env.ORC_DB).toBe(db);
    const r = await call<AgentInfo>('restartAgent', { target: 'cal' });
    expect(r.paneId).toBe(s.agent.paneId);
    expect(await call('killAgent', { target: 'cal' })).toMatchObject({ ok: true, savedScreen: true });
    await expect(call('getAgent', { target: 'cal' })).rejects.toMatchObject({ code: 'not_found' });
    // Killed on purpose: not lost, so there is nothing to restore (fleet-restore.test.ts covers the lost fleet).
    expect(await call('restoreFleet', { dryRun: true })).toEqual([]);
    await expect(call('restoreFleet', { names: ['cal'] })).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/not a lost agent: cal/) });
  });

  it('saveTeamTemplate, listTeamTemplates, deployTeam', async () => {
    const t = await call<TeamTemplate>('saveTeamTemplate', { name: 'pair', engineers: 1 });
    expect(t).toMatchObject({ name: 'pair', engineers: 1, pmType: 'claude' });
    expect((await call<TeamTemplate[]>('listTeamTemplates')).map((x) => x.name)).toContain('pair');
    const team = await call<SpawnResult[]>('deployTeam', { template: 'pair', team: 'duo', cwd: dir });
    expect(team.map((m) => m.agent.name)).toEqual(['duo-pm', 'duo-eng-1']);
    // A team deployed with a PM gets PM reports; ad-hoc agents' teams are not in the list.
    expect((await call<Settings>('getSettings')).pmReportTeams).toEqual(['duo']);
    await expect(call('deployTeam', { template: 'missing' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('schedule, listSchedules, cancelSchedule', async () => {
    const s = await call<ScheduleRecord>('schedule', { target: 'ann', text: 'check in', inMs: 3_600_000 });
    expect((await call<ScheduleRecord[]>('listSchedules')).map((x) => x.id)).toEqual([s.id]);
    expect(await call('cancelSchedule', { id: s.id })).toEqual({ ok: true });
    expect(await call('listSchedules')).toEqual([]);
    await expect(call('cancelSchedule', { id: s.id })).rejects.toMatchObject({ code: 'not_found' });
    await expect(call('schedule', { target: 'nobody', text: 'x', inMs: 1000 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('getSettings, updateSettings (stored, validated), getMetrics, getReview, pickFolder', async () => {
    expect((await call<Settings>('getSettings')).quietMs).toBe(2000);
    expect((await call<Settings>('updateSettings', { quietMs: 1500 })).quietMs).toBe(1500);
    expect((await call<Settings>('getSettings')).quietMs).toBe(1500);
    await expect(call('updateSettings', { quietMs: -1 })).rejects.toMatchObject({ code: 'bad_input' });
    const m = await call<{ range: string; series: unknown[] }>('getMetrics', { range: '1h' });
    expect(m.range).toBe('1h');
    const review = await call<PerformanceReview>('getReview', { range: '1d' });
    expect([review.range, review.days.length, review.truncated]).toEqual(['1d', 1, false]);
    await expect(call('getReview', { range: '2w' })).rejects.toMatchObject({ code: 'bad_input' });
    expect(await call('pickFolder')).toEqual({ path: null });
  });

  it('setMonitoring starts and stops the monitor (taking and releasing the lease)', async () => {
    expect(await call('setMonitoring', { enabled: true })).toEqual({ monitoring: true });
    const s = await call<EngineStatus>('getStatus');
    expect(s.monitoring).toBe(true);
    expect(s.leaseHolder).toMatch(/this process/);
    expect((await call<AgentInfo[]>('listAgents')).map((a) => a.name)).toContain('ann');
    expect(await call('setMonitoring', { enabled: false })).toEqual({ monitoring: false });
    expect((await call<EngineStatus>('getStatus')).leaseHolder).toBeNull();
  });

  it('getChanges, commitWorktree, mergeWorktree: an agent without a repository or worktree says so', async () => {
    // The fake agents run in the test's directory tree; the temp dir is no git repository.
    const c = await call<AgentChanges>('getChanges', { target: 'ben', stat: true });
    expect(c.agentId).toBe(`local/${ben.pane}`);
    expect(c.diff).toBe('');
    await expect(call('commitWorktree', { target: 'ben', message: 'x' })).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/has no worktree/) });
    await expect(call('mergeWorktree', { target: 'ben' })).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/has no worktree/) });
    await expect(call('commitWorktree', { target: 'ben', message: '  ' })).rejects.toMatchObject({ code: 'bad_input' });
  });

  it('reached every method of the contract', () => {
    expect(API_METHOD_NAMES.filter((m) => !called.has(m))).toEqual([]);
  });

  it('unknown methods and a missing server are clear errors', async () => {
    await expect(dispatch(orc.handlers, 'dropTables', {})).rejects.toMatchObject({ code: 'bad_input' });
    const lonely = await createOrchestrator({ socketName: newServerName(), dbPath: db, monitor: false, shell: 'cli' });
    try {
      expect(await dispatch(lonely.handlers, 'listAgents', {})).toEqual([]);
      const s = (await dispatch(lonely.handlers, 'getStatus', {})) as EngineStatus;
      expect(s.hosts[0]!.status).toBe('no_server');
      await expect(dispatch(lonely.handlers, 'sendMessage', { target: 'x', text: 'y' })).rejects.toMatchObject({
        code: 'unavailable',
        message: expect.stringMatching(/no tmux server is running \(tmux -L orc-test-/),
      });
    } finally {
      await lonely.close();
    }
  });
});
