// The monitor when things go wrong or are switched: a store that fails (monitoring goes on in
// memory), the one-time auto-submit of unsent text, metrics sampled from the monitor, and the
// tmux server going away (every agent removed).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTmuxServer, useTmuxServer } from '../../helpers/tmux.js';
import { waitFor } from '../../helpers/poll.js';
import { connectTmux, type TmuxConnection } from '../../../src/core/tmux/index.js';
import { openStore, type Store } from '../../../src/core/store/index.js';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/settings.js';
import { createMonitor, MetricsSampler, type Monitor, type MonitorEvent } from '../../../src/core/monitor/index.js';
import { FAKE_AGENT_IN_SHELL as AGENT_ARGV } from '../../helpers/fake-agent.js';

const server = useTmuxServer();
const dir = mkdtempSync(join(tmpdir(), 'orc-monitor-faults-'));
// Grouping off: these tests are about faults, and want each notification as it is raised.
const settings: Settings = { ...DEFAULT_SETTINGS, quietMs: 300, reconcileIntervalMs: 600_000, groupWindowMs: 0 };
let conn: TmuxConnection;
const cleanups: (() => void)[] = [];

async function spawn(tmux: (...a: string[]) => Promise<string>, name: string, tags: Record<string, string>): Promise<string> {
  const set = Object.entries(tags).flatMap(([k, v]) => [';', 'set-option', '-p', `@orc-${k}`, v]);
  return (await tmux('new-window', '-t', 'main:', '-n', name, '-P', '-F', '#{pane_id}', ...AGENT_ARGV, ...set)).trim();
}

const idleAgain = (events: MonitorEvent[], id: string) =>
  events.some((e) => e.type === 'agentChanged' && e.agent.id === id && e.transition?.from === 'busy' && e.transition.to === 'idle');

/** A metrics sampler over `m`, as the orchestrator runs one for the local monitor; its ticks go to `events`. */
function sampler(m: Monitor, store: Store, events: MonitorEvent[], warnings: string[] = []): MetricsSampler {
  return new MetricsSampler({ sample: (now) => m.sample(now), store, emit: (e) => events.push(e), warn: (w) => warnings.push(w) });
}

function watch(m: Monitor): MonitorEvent[] {
  const events: MonitorEvent[] = [];
  m.onEvent((e) => events.push(e));
  return events;
}

beforeAll(async () => {
  await server.newSession('main', ['bash', '--norc', '--noprofile']);
  conn = connectTmux({ socketName: server.name, commandTimeoutMs: 5000 });
  await conn.waitConnected(5000);
});

afterAll(() => {
  for (const c of cleanups) c();
  conn?.close();
});

describe('monitor faults and switches', () => {
  it('goes on in memory when the store fails: transitions seen, notifications with local ids, warnings', async () => {
    const store: Store = openStore({ path: join(dir, 'broken.db') });
    store.close(); // every write now fails
    const warnings: string[] = [];
    const m = createMonitor({ conn, store, settings, onWarning: (w) => warnings.push(w) });
    cleanups.push(() => m.stop());
    const events = watch(m);
    await m.start();
    const pane = await spawn(server.tmux, 'mem', { type: 'claude', team: 'mem' });
    const id = `local/${pane}`;
    await m.waitFor(id, (a) => a.state === 'idle', 15_000);
    await conn.sendText(pane, 'work 200ms');
    await conn.sendKeys(pane, ['Enter']);
    await waitFor(() => idleAgain(events, id), 'busy → idle in memory');
    const note = await waitFor(() => events.find((e) => e.type === 'notification' && e.notification.kind === 'idle'), 'idle notification');
    expect(note.type === 'notification' && note.notification.id).toBeLessThan(0);
    expect(warnings.some((w) => /storing transitions failed \(monitoring goes on in memory\)/.test(w))).toBe(true);
    expect(sampler(m, store, events, warnings).tick().agents).toBeGreaterThanOrEqual(1);
    expect(warnings.some((w) => /storing metrics failed/.test(w))).toBe(true);
    m.stop();
  });

  it('auto-submits text left unsent, once, when the setting is on; and records metrics', async () => {
    const store = openStore({ path: join(dir, 'ok.db') });
    cleanups.push(() => store.close());
    const submitted: string[] = [];
    let m: Monitor | null = null;
    m = createMonitor({
      conn,
      store,
      settings: { ...settings, autoSubmitUnsent: true },
      submit: async (agentId) => {
        submitted.push(agentId);
        await conn.sendKeys(m!.get(agentId)!.paneId, ['Enter']);
      },
    });
    cleanups.push(() => m!.stop());
    const events = watch(m);
    await m.start();
    const pane = await spawn(server.tmux, 'auto', { type: 'claude' });
    const id = `local/${pane}`;
    await m.waitFor(id, (a) => a.state === 'idle', 15_000);
    await conn.sendText(pane, 'work 200ms');
    await m.waitFor(id, (a) => a.state === 'unsubmitted', 10_000);
    // Nobody presses Enter: after the grace period the monitor does, once.
    await waitFor(() => idleAgain(events, id), 'the submitted message run');
    expect(submitted).toEqual([id]);
    expect(events.some((e) => e.type === 'notification' && e.notification.kind === 'unsubmitted')).toBe(true);
    const tick = sampler(m, store, events).tick();
    expect(tick).toMatchObject({ agents: expect.any(Number), byState: expect.any(Object) });
    expect(tick.rssMb).toBeGreaterThan(10);
    expect(events.some((e) => e.type === 'metricsTick')).toBe(true);
    expect(store.metrics.series('agents', { from: 0, resolution: 'raw' }).length).toBe(1);
    expect(store.metrics.series('state.idle', { from: 0, resolution: 'raw' }).length).toBe(1);
    expect(store.metrics.shares(0).some((s) => s.agent === 'auto' && s.busyMs + s.idleMs + s.otherMs > 0)).toBe(true);
    m.stop();
  });

  it('removes every agent when the tmux server goes away', async () => {
    const other = createTmuxServer();
    cleanups.push(() => void other.kill());
    await other.newSession('main', ['bash', '--norc', '--noprofile']);
    const c2 = connectTmux({ socketName: other.name, commandTimeoutMs: 5000 });
    cleanups.push(() => c2.close());
    await c2.waitConnected(5000);
    const m = createMonitor({ conn: c2, settings });
    cleanups.push(() => m.stop());
    const events = watch(m);
    await m.start();
    const pane = await spawn(other.tmux, 'doomed', { type: 'claude' });
    await m.waitFor(`local/${pane}`, (a) => a.state === 'idle', 15_000);
    await other.kill();
    await waitFor(() => events.find((e) => e.type === 'agentRemoved' && e.id === `local/${pane}`), 'agent removed');
    expect(m.agents()).toEqual([]);
    m.stop();
  });
});
