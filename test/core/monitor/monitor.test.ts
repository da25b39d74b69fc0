// The monitor on a real (private) tmux server with fake agents: every transition, added and
// removed agents, renames, notifications in the store, the PM report arriving in the PM's own
// pane, and the reconcile sweep catching what events missed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTmuxServer } from '../../helpers/tmux.js';
import { waitFor } from '../../helpers/poll.js';
import { connectTmux, type TmuxConnection } from '../../../src/core/tmux/index.js';
import { openStore, type Store } from '../../../src/core/store/index.js';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/settings.js';
import type { AgentInfo, StateTransition } from '../../../src/shared/domain.js';
import type { AgentState } from '../../../src/shared/vocabulary.js';
import { createMonitor, snapshotOnce, type Monitor, type MonitorConnection, type MonitorEvent } from '../../../src/core/monitor/index.js';
import { resolveTarget } from '../../../src/core/agents/targets.js';
import { takePaneLock } from '../../../src/core/actions/pane-lock.js';
import { FAKE_AGENT_IN_SHELL as AGENT_ARGV, fakeAgentMessages } from '../../helpers/fake-agent.js';

const server = useTmuxServer();
const dir = mkdtempSync(join(tmpdir(), 'orc-monitor-'));
const settings: Settings = { ...DEFAULT_SETTINGS, quietMs: 400, reconcileIntervalMs: 600_000, groupWindowMs: 500, pmReportTeams: ['blue'],
  // Every idle is reported (the PM-report test needs an engineer's second idle within a minute).
  cooldownMs: { ...DEFAULT_SETTINGS.cooldownMs, idle: 0 } };
let conn: TmuxConnection;
let store: Store;
let monitor: Monitor;
const events: MonitorEvent[] = [];
const warnings: string[] = [];

interface Spawned {
  pane: string;
  id: string;
  log: string;
}

async function spawn(name: string, tags: Record<string, string>, env: Record<string, string> = {}, session = 'team'): Promise<Spawned> {
  const log = join(dir, `${name}.jsonl`);
  const envArgs = Object.entries({ FAKE_AGENT_LOG: log, ...env }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  // Tags are set in the same command list as the window, so the first listing sees them.
  const set = Object.entries(tags).flatMap(([k, v]) => [';', 'set-option', '-p', `@orc-${k}`, v]);
  const out = await server.tmux('new-window', '-t', `${session}:`, '-n', name, '-P', '-F', '#{pane_id}', ...envArgs, ...AGENT_ARGV, ...set);
  const pane = out.trim();
  return { pane, id: `local/${pane}`, log };
}

async function send(pane: string, text: string, enter = true): Promise<void> {
  await conn.sendText(pane, text);
  if (enter) await conn.sendKeys(pane, ['Enter']);
}

const transitions = (id: string): StateTransition[] =>
  events.flatMap((e) => (e.type === 'agentChanged' && e.transition && e.agent.id === id ? [e.transition] : []));

async function waitTransition(id: string, to: AgentState, after = 0, timeoutMs = 15_000): Promise<StateTransition> {
  return waitFor(() => transitions(id).slice(after).find((t) => t.to === to), `${id} → ${to}`, timeoutMs);
}

async function waitState(id: string, state: AgentState, timeoutMs = 15_000): Promise<AgentInfo> {
  return monitor.waitFor(id, (a) => a.state === state, timeoutMs);
}

const logged = fakeAgentMessages;
const agentNamed = (target: string): AgentInfo => resolveTarget(monitor.agents(), target);

beforeAll(async () => {
  await server.newSession('team', ['bash', '--norc', '--noprofile']);
  conn = connectTmux({ socketName: server.name, commandTimeoutMs: 5000 });
  await conn.waitConnected(5000);
  store = openStore({ path: join(dir, 'orc.db') });
  monitor = createMonitor({
    conn,
    store,
    settings,
    onWarning: (m) => warnings.push(m),
    // In production the actions layer's sendMessage; here keys typed into the PM's real pane.
    deliver: async (pmId, text) => {
      const pm = monitor.get(pmId);
      if (!pm) throw new Error(`no PM ${pmId}`);
      await send(pm.paneId, text);
    },
  });
  monitor.onEvent((e) => events.push(e));
  await monitor.start();
});

afterAll(() => {
  monitor?.stop();
  conn?.close();
  store?.close();
});

describe('monitor with fake agents', () => {
  it('sees a new agent start (starting → idle) from the topology event, and the plain shell is no agent', async () => {
    const a = await spawn('eng1', { type: 'claude', name: 'eng1', role: 'engineer', team: 'red' }, { FAKE_AGENT_STARTUP_MS: '800' });
    const t = await waitTransition(a.id, 'idle');
    expect(t).toMatchObject({ agentId: a.id, agent: 'eng1', team: 'red', from: 'starting', to: 'idle' });
    expect(t.target).toMatch(/^team:\d+\.0$/);
    expect(monitor.agents().map((x) => x.name)).toEqual(['eng1']);
    expect(agentNamed('eng1').id).toBe(a.id);
    expect(monitor.get(a.id)).toMatchObject({ state: 'idle', reason: 'idle: input box empty', type: 'claude', tagged: true });
  });

  it('goes idle → busy → idle for a prompt, with a newly-idle notification', async () => {
    const id = agentNamed('eng1').id;
    const before = transitions(id).length;
    await send(agentNamed('eng1').paneId, 'work 1s');
    const busy = await waitTransition(id, 'busy', before);
    expect(busy.reason).toMatch(/^busy: /);
    const idle = await waitTransition(id, 'idle', before);
    expect(idle.from).toBe('busy');
    expect(idle.at).toBeGreaterThan(busy.at);
    const note = await waitFor(() => events.find((e) => e.type === 'notification' && e.notification.kind === 'idle' && e.notification.agentId === id), 'idle notification');
    expect(note).toMatchObject({ notification: { text: expect.stringMatching(/^eng1 \(team:\d+\.0\) finished and is idle$/) } });
    expect(store.notifications.list({ agent: id, kind: 'idle' }).length).toBe(1);
  });

  it('sees waiting for a decision, then idle after the answer', async () => {
    const a = agentNamed('eng1');
    const before = transitions(a.id).length;
    await send(a.paneId, 'ask');
    const asked = Date.now();
    const t = await waitTransition(a.id, 'waiting', before);
    expect(t.reason).toContain('Do you want to proceed?');
    // The agent snapshot carries the prompt itself: the real options, what is approved, when it showed.
    const waiting = agentNamed('eng1');
    expect(waiting.prompt).toMatchObject({
      question: 'Do you want to proceed?',
      approving: { kind: 'command', text: 'rm -rf ./build' },
      options: [
        { number: 1, label: 'Yes', keys: ['1'] },
        { number: 2, label: 'No, and tell Claude what to do differently (esc)', keys: ['2'] },
      ],
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(waiting.prompt!.since).toBeGreaterThanOrEqual(asked);
    expect(waiting.prompt!.since).toBeLessThanOrEqual(Date.now());
    // The notification leaves once the burst window has passed with the agent still waiting.
    const note = await waitFor(() => events.find((e) => e.type === 'notification' && e.notification.kind === 'waiting'), 'waiting notification');
    expect(note).toMatchObject({ notification: { agentId: a.id, resolvedAt: null, members: [{ agentId: a.id, resolvedAt: null }] } });
    expect(store.notifications.list({ open: true }).map((n) => n.agentId)).toEqual([a.id]);
    await conn.sendKeys(a.paneId, ['1']);
    await waitTransition(a.id, 'idle', before);
    expect(agentNamed('eng1').prompt ?? null).toBeNull();
    // Answered: the problem is over, said as a change to the same notification, and stored so.
    const id = note.type === 'notification' ? note.notification.id : -1;
    const changed = await waitFor(
      () => events.flatMap((e) => (e.type === 'notificationChanged' && e.notification.id === id ? [e] : []))[0],
      'the waiting notification resolved',
    );
    expect(changed).toMatchObject({ notification: { resolvedAt: expect.any(Number), members: [{ agentId: a.id, resolvedAt: expect.any(Number) }] } });
    expect(store.notifications.get(id)?.resolvedAt).toBe(changed.notification.resolvedAt);
    expect(store.notifications.openCount()).toBe(0);
  });

  it('records no unsent-text state for a message typed, echoed, then submitted', async () => {
    const a = agentNamed('eng1');
    await waitState(a.id, 'idle');
    const before = transitions(a.id).length;
    // As sendMessage does: hold the pane's lock, type, wait for the echo, then Enter — the text
    // sits quiet in the box for a moment (600 ms here: longer than the typing hold), which the
    // lock says is a message on its way in, not a draft.
    const unlock = await takePaneLock((args) => conn.run(args), a.paneId);
    try {
      await send(a.paneId, 'work 300ms', false);
      await server.waitForScreen(a.paneId, (s) => s.includes('work 300ms'));
      await new Promise((r) => setTimeout(r, 600));
      await conn.sendKeys(a.paneId, ['Enter']);
      await waitTransition(a.id, 'busy', before);
    } finally {
      await unlock();
    }
    await waitTransition(a.id, 'idle', before + 1);
    expect(transitions(a.id).slice(before).map((t) => t.to)).toEqual(['busy', 'idle']);
  });

  it('sees unsubmitted text, notifies once it stays, and idle again when cleared', async () => {
    const a = agentNamed('eng1');
    const before = transitions(a.id).length;
    const typedAt = Date.now();
    await send(a.paneId, 'left here', false);
    const t = await waitTransition(a.id, 'unsubmitted', before);
    expect(t.reason).toContain('left here');
    // Held until no key had echoed for the typing hold (250 ms by default), not on first sight;
    // how soon after that it is reported is a benchmark's business (bench/real-cli.bench.ts).
    expect(t.at - typedAt).toBeGreaterThanOrEqual(250);
    await waitFor(() => events.find((e) => e.type === 'notification' && e.notification.kind === 'unsubmitted'), 'unsubmitted notification');
    await conn.sendKeys(a.paneId, ['Escape']);
    await waitTransition(a.id, 'idle', before);
  });

  it('sees a usage limit with its reset time, then a crash back to the shell', async () => {
    const a = agentNamed('eng1');
    const before = transitions(a.id).length;
    await send(a.paneId, 'ratelimit');
    const t = await waitTransition(a.id, 'rate_limited', before);
    expect(t.reason).toMatch(/limit/i);
    expect(monitor.get(a.id)!.resetAt).toBeGreaterThan(Date.now());
    await waitFor(() => events.find((e) => e.type === 'notification' && e.notification.kind === 'rate_limited' && /resets at/.test(e.notification.text)), 'rate limit notification');
    await send(a.paneId, 'crash');
    const crash = await waitTransition(a.id, 'crashed', before);
    expect(crash.reason).toMatch(/^crashed: back at the shell/);
    await waitFor(() => events.find((e) => e.type === 'notification' && e.notification.kind === 'crashed'), 'crash notification');
    const stored = store.transitions.timeline(a.id).map((x) => x.to);
    expect(stored).toEqual(expect.arrayContaining(['idle', 'busy', 'waiting', 'unsubmitted', 'rate_limited', 'crashed']));
  });

  it('sees an error screen', async () => {
    const a = await spawn('eng2', { type: 'claude', role: 'engineer' });
    await waitState(a.id, 'idle');
    await send(a.pane, 'error');
    const t = await waitTransition(a.id, 'error');
    expect(t.reason).toContain('simulated fatal error');
  });

  it('follows a renamed window and removes a killed one', async () => {
    const a = await spawn('renameme', { type: 'claude' });
    await waitState(a.id, 'idle');
    expect(monitor.get(a.id)!.name).toBe('renameme');
    await server.tmux('rename-window', '-t', a.pane, 'newname');
    await waitFor(() => events.find((e) => e.type === 'agentChanged' && e.agent.id === a.id && e.agent.name === 'newname'), 'rename event');
    expect(agentNamed('newname').id).toBe(a.id);
    await server.tmux('kill-window', '-t', a.pane);
    await waitFor(() => events.find((e) => e.type === 'agentRemoved' && e.id === a.id), 'removed event');
    expect(monitor.get(a.id)).toBeUndefined();
    await expect(monitor.waitFor(a.id, () => true, 100)).rejects.toThrow(/no agent/);
  });

  it("delivers the team's PM report into the PM's pane, queued while the PM is busy", async () => {
    const pm = await spawn('pm', { type: 'claude', role: 'pm', team: 'blue', name: 'blue-pm' });
    const eng = await spawn('blue-eng', { type: 'claude', role: 'engineer', team: 'blue' });
    await waitState(pm.id, 'idle');
    await waitState(eng.id, 'idle');
    await send(pm.pane, 'work 2s');
    await waitState(pm.id, 'busy');
    await send(eng.pane, 'work 300ms');
    await waitTransition(eng.id, 'idle', transitions(eng.id).findIndex((t) => t.to === 'busy'));
    // The PM is still working: the report waits.
    expect(monitor.get(pm.id)!.state).toBe('busy');
    expect(logged(pm.log)).toEqual(['work 2s']);
    const report = await waitFor(() => logged(pm.log).find((m) => m.startsWith('[tmux-orc] team blue report')), 'report in the PM log');
    expect(report).toMatch(/^\[tmux-orc\] team blue report \(1 update\):\n- \d\d:\d\d blue-eng \(team:\d+\.0\) finished and is idle$/);
    await server.waitForScreen(pm.pane, (s) => s.includes('> [tmux-orc] team blue report (1 update): …'));
    // The PM works on the report and goes idle: that is our doing, not news about the PM.
    const reportedAt = events.length;
    const afterReport = transitions(pm.id).length;
    const reportBusy = await waitTransition(pm.id, 'busy', afterReport - 1);
    await waitTransition(pm.id, 'idle', transitions(pm.id).length - 1);
    // Anything the rules would say about the PM's idle leaves with (or before) this one.
    const engBefore = transitions(eng.id).length;
    await send(eng.pane, 'work 300ms');
    await waitTransition(eng.id, 'idle', engBefore);
    await waitFor(() => events.slice(reportedAt).find((e) => e.type === 'notification' && e.notification.members.some((m) => m.agentId === eng.id)), 'the engineer’s idle');
    // (Its idle after its own 'work 2s', raised before the report went in, is news and may be here.)
    const aboutPm = events
      .slice(reportedAt)
      .filter((e) => e.type === 'notification' && e.notification.createdAt >= reportBusy.at && e.notification.members.some((m) => m.agentId === pm.id));
    expect(aboutPm).toEqual([]);
  });

  it('answers waitFor and a forced reconcile, and snapshotOnce agrees with the monitor', async () => {
    const a = agentNamed('blue-eng');
    await expect(monitor.waitFor(a.id, (x) => x.state === 'idle', 5000)).resolves.toMatchObject({ id: a.id });
    await expect(monitor.waitFor(a.id, (x) => x.state === 'error', 50)).rejects.toThrow(/timed out after 50 ms/);
    const classified = monitor.stats().classifications;
    await monitor.reconcile({ force: true });
    expect(monitor.stats().classifications).toBeGreaterThan(classified);
    expect(monitor.get(a.id)?.state).toBe('idle');
    // Compared once no agent is mid-turn (the PM may still be reading its report).
    for (const x of monitor.agents()) if (x.state === 'busy') await monitor.waitFor(x.id, (y) => y.state !== 'busy', 15_000);
    // A batched PM report may still start a turn between the two reads: compared until both
    // have seen it (each read is a whole view; they must agree, not merely each be plausible).
    const snap = await waitFor(async () => {
      const one = await snapshotOnce(conn, { quietMs: settings.quietMs });
      const mine = new Map(monitor.agents().map((x) => [x.id, x.state]));
      return one.every((x) => mine.get(x.id) === x.state) ? one : null;
    }, 'snapshotOnce and the monitor agree on every agent', 15_000, 200);
    expect(snap.map((x) => x.name)).toEqual(expect.arrayContaining(['eng1', 'blue-pm', 'blue-eng']));
    expect(warnings.filter((w) => !/listing panes/.test(w))).toEqual([]);
  });
});

describe('reconcile sweep', () => {
  it('catches a change whose output events were missed', async () => {
    const blind = new Set<string>();
    // The same connection, but output events of "blind" panes are dropped before the monitor sees them.
    const filtered: MonitorConnection = {
      get status() {
        return conn.status;
      },
      runAll: (l, o) => conn.runAll(l, o),
      runSettled: (l, o) => conn.runSettled(l, o),
      on: ((event: string, fn: (...args: unknown[]) => void) => {
        const wrapped = event === 'output' ? (e: { paneId: string }) => (blind.has(e.paneId) ? undefined : fn(e)) : fn;
        wrappers.set(fn, wrapped as (...args: unknown[]) => void);
        conn.on(event as 'output', wrapped as () => void);
        return conn;
      }) as MonitorConnection['on'],
      off: ((event: string, fn: (...args: unknown[]) => void) => {
        conn.off(event as 'output', (wrappers.get(fn) ?? fn) as () => void);
        return conn;
      }) as MonitorConnection['off'],
    };
    const wrappers = new Map<(...args: unknown[]) => void, (...args: unknown[]) => void>();
    const a = await spawn('sweep', { type: 'claude' });
    await waitState(a.id, 'idle');
    blind.add(a.pane);
    const m2 = createMonitor({ conn: filtered, settings: { ...settings, reconcileIntervalMs: 1000 } });
    try {
      await m2.start();
      expect(m2.get(a.id)?.state).toBe('idle');
      await send(a.pane, 'typed but never sent', false);
      // The event-driven monitor sees it at once; the blind one only through its sweep.
      await waitState(a.id, 'unsubmitted');
      expect(m2.get(a.id)?.state).toBe('idle');
      const seen = await m2.waitFor(a.id, (x) => x.state === 'unsubmitted', 10_000);
      expect(seen.reason).toContain('typed but never sent');
      // Seen inside a sweep (the waiter resolves before the sweep finishes counting).
      await waitFor(() => m2.stats().reconciles >= 1, 'a finished sweep');
      expect(m2.stats().lastReconcileMs).toBeGreaterThan(0);
    } finally {
      m2.stop();
    }
  });
});
