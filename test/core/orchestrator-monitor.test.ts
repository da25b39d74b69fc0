// The orchestrator in monitor mode: the lease (a second monitor is refused, close releases
// it), events forwarded, the message queue, schedules delivered by the lease holder, PM
// reports, settings applied live, status events.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrchestrator, type Orchestrator } from '../../src/core/orchestrator.js';
import { dispatch, type ApiEvent } from '../../src/shared/api.js';
import type { EngineStatus, MessageResult } from '../../src/shared/domain.js';
import { useTmuxServer } from '../helpers/tmux.js';
import { eventually, FAKE, IDLE_FOOTER, received, startFake, type FakeAgent } from '../cli/fake-agents.js';

const server = useTmuxServer();
const dir = mkdtempSync(join(tmpdir(), 'orc-orch-mon-'));
const db = join(dir, 'orc.db');
let orc: Orchestrator;
let pm: FakeAgent;
let dev: FakeAgent;
const events: ApiEvent[] = [];

const idle = (a: FakeAgent) => server.waitForScreen(a.pane, (s) => s.includes(IDLE_FOOTER) && !s.includes('esc to interrupt'));
const call = <T>(name: string, input?: unknown) => dispatch(orc.handlers, name, input) as Promise<T>;

beforeAll(async () => {
  pm = await startFake(server, 'team', 'lead', { team: 'team', role: 'pm' });
  dev = await startFake(server, 'team', 'dev', { team: 'team', role: 'engineer' });
  orc = await createOrchestrator({ socketName: server.name, dbPath: db, monitor: true, shell: 'web', metricsIntervalMs: 200 });
  orc.onEvent((e) => events.push(e));
});

afterAll(async () => {
  await orc?.close();
});

describe('orchestrator, monitor mode', () => {
  it('holds the lease: a second monitor of the same server is refused with the holder named', async () => {
    expect(orc.monitoring).toBe(true);
    await expect(createOrchestrator({ socketName: server.name, dbPath: db, monitor: true, shell: 'cli' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/already monitored by tmux-orc serve \(pid \d+/),
    });
    // The same server named by its socket path (-S) is the same server: refused too.
    const socketPath = (await server.tmux('display-message', '-p', '#{socket_path}')).trim();
    await expect(createOrchestrator({ socketPath, dbPath: db, monitor: true, shell: 'cli' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/already monitored by tmux-orc serve \(pid \d+/),
    });
    const reader = await createOrchestrator({ socketName: server.name, dbPath: db, monitor: true, shell: 'desktop', onLeaseHeld: 'read-only' });
    try {
      expect(reader.monitoring).toBe(false);
      expect(reader.warnings().join('\n')).toMatch(/already monitored/);
      const s = (await dispatch(reader.handlers, 'getStatus', {})) as EngineStatus;
      expect(s.leaseHolder).toMatch(/^tmux-orc serve \(pid \d+ on /);
      // It still lists the agents (from a snapshot of its own).
      const names = ((await dispatch(reader.handlers, 'listAgents', {})) as { name: string }[]).map((a) => a.name);
      expect(names.sort()).toEqual(['dev', 'lead']);
    } finally {
      await reader.close();
    }
  });

  it('forwards agentChanged events with transitions, and metrics ticks', async () => {
    const from = events.length;
    await server.tmux('send-keys', '-t', dev.pane, '-l', 'work 300ms');
    await server.tmux('send-keys', '-t', dev.pane, 'Enter');
    const seen = await eventually(
      () => events.slice(from).flatMap((e) => (e.type === 'agentChanged' && e.transition ? [e.transition] : [])),
      (ts) => ts.some((t) => t.agent === 'dev' && t.to === 'idle' && t.from === 'busy'),
      20_000,
    );
    expect(seen.some((t) => t.agent === 'dev' && t.to === 'busy')).toBe(true);
    await eventually(() => events.filter((e) => e.type === 'metricsTick').length, (n) => n > 0);
  });

  it('queues a message for a busy agent and delivers it when the agent is idle', async () => {
    await idle(dev);
    const before = received(dev).length;
    expect((await call<MessageResult>('sendMessage', { target: 'dev', text: 'work 1s' })).status).toBe('delivered');
    const q = await call<MessageResult>('sendMessage', { target: 'dev', text: 'after the work' });
    expect(q.status).toBe('queued');
    await eventually(() => received(dev), (m) => m.length === before + 2 && m.at(-1) === 'after the work', 20_000);
  });

  it('delivers a schedule when it comes due (the lease holder runs the schedules)', async () => {
    await idle(dev);
    await call('schedule', { target: 'dev', text: 'scheduled ping', inMs: 300 });
    await eventually(() => received(dev), (m) => m.includes('scheduled ping'), 20_000);
  });

  it('reports a team member going idle to the team PM, once reports are on for its team', async () => {
    // Ad-hoc teams get no reports by default (deployTeam turns them on for the teams it makes).
    await call('updateSettings', { pmReportTeams: ['team'] });
    await idle(dev);
    await server.tmux('send-keys', '-t', dev.pane, '-l', 'work 300ms');
    await server.tmux('send-keys', '-t', dev.pane, 'Enter');
    await eventually(() => received(pm), (m) => m.some((x) => x.includes('[tmux-orc] team team report') && x.includes('dev')), 30_000);
  });

  it('applies settings live and keeps them', async () => {
    const s = await call<{ quietMs: number }>('updateSettings', { quietMs: 1000, autoRestart: true });
    expect(s.quietMs).toBe(1000);
    expect((await call<{ autoRestart: boolean }>('getSettings')).autoRestart).toBe(true);
    expect((await call<unknown[]>('listAgents')).length).toBe(2);
  });

  it('auto-submit presses Enter on text left unsent (when the setting is on)', async () => {
    await call('updateSettings', { autoSubmitUnsent: true });
    await idle(dev);
    await server.tmux('send-keys', '-t', dev.pane, '-l', 'left unsent');
    await eventually(() => received(dev), (m) => m.includes('left unsent'), 20_000);
  });

  it('auto-restart brings a crashed agent back (when the setting is on)', async () => {
    const spawned = (await call<{ agent: { id: string; paneId: string } }>('spawnAgent', {
      name: 'phoenix', type: 'custom', command: `node ${FAKE}`, team: 'team', cwd: dir,
    })).agent;
    const from = events.length;
    await call('sendMessage', { target: 'phoenix', text: 'crash', now: true }).catch(() => undefined);
    const transitions = () => events.slice(from).flatMap((e) => (e.type === 'agentChanged' && e.transition?.agentId === spawned.id ? [e.transition] : []));
    await eventually(transitions, (ts) => ts.some((t) => t.to === 'crashed'), 20_000);
    await eventually(transitions, (ts) => ts.some((t) => t.from === 'crashed' && t.to !== 'crashed'), 30_000);
    await server.waitForScreen(spawned.paneId, (sc) => sc.includes(IDLE_FOOTER), 20_000);
  });

  it('status events when monitoring stops; close releases the lease for the next monitor', async () => {
    const from = events.length;
    await call('setMonitoring', { enabled: false });
    expect(events.slice(from).some((e) => e.type === 'status' && !e.status.monitoring)).toBe(true);
    await call('setMonitoring', { enabled: true });
    await orc.close();
    const next = await createOrchestrator({ socketName: server.name, dbPath: db, monitor: true, shell: 'cli' });
    expect(next.monitoring).toBe(true);
    await next.close();
  });
});
