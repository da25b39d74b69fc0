// Agents that already need the person when the monitor starts (a question shown, a usage limit,
// an error, a crash back to the shell, text left unsent): the monitor's first look at them is no
// transition, yet each problem must open its notification. A problem an earlier monitor run left
// open and that is still there is not notified twice; one that ended (or whose agent went away)
// while no monitor ran is resolved. Real tmux on a private socket, fake agents, a real SQLite file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTmuxServer } from '../../helpers/tmux.js';
import { waitFor } from '../../helpers/poll.js';
import { connectTmux, type TmuxConnection } from '../../../src/core/tmux/index.js';
import { openStore, type Store } from '../../../src/core/store/index.js';
import { storeForServer } from '../../../src/core/store/for-server.js';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/settings.js';
import type { NotificationRecord } from '../../../src/shared/domain.js';
import type { AgentState, NotificationKind } from '../../../src/shared/vocabulary.js';
import { createMonitor, snapshotOnce, type Monitor, type MonitorEvent } from '../../../src/core/monitor/index.js';
import { FAKE_AGENT_IN_SHELL } from '../../helpers/fake-agent.js';

const server = useTmuxServer();
const dir = mkdtempSync(join(tmpdir(), 'orc-first-look-'));
const SERVER_KEY = 'test-first-look';
const settings: Settings = { ...DEFAULT_SETTINGS, quietMs: 400, reconcileIntervalMs: 600_000, groupWindowMs: 300 };
let conn: TmuxConnection;
let store: Store;
let monitor: Monitor | null = null;
const events: MonitorEvent[] = [];
const warnings: string[] = [];
/** Pane ids by agent name. */
const panes = new Map<string, string>();
const idOf = (name: string) => `local/${panes.get(name)}`;

async function spawn(name: string): Promise<string> {
  const set = ['type', 'claude', 'name', name, 'role', 'engineer', 'team', 'red'];
  const tags = [0, 2, 4, 6].flatMap((i) => [';', 'set-option', '-p', `@orc-${set[i]}`, set[i + 1]!]);
  const pane = (await server.tmux('new-window', '-t', 'team:', '-n', name, '-P', '-F', '#{pane_id}', ...FAKE_AGENT_IN_SHELL, ...tags)).trim();
  panes.set(name, pane);
  await server.waitForScreen(pane, (s) => s.includes('❯'), 15_000);
  return pane;
}

const typeInto = (pane: string, text: string, enter = true) => server.tmux('send-keys', '-t', pane, '-l', text).then(() => (enter ? server.tmux('send-keys', '-t', pane, 'Enter') : ''));

/** Every agent in the state wanted, as a one-off classification (no monitor) sees it. */
async function settled(want: Record<string, AgentState>): Promise<void> {
  await waitFor(async () => {
    const seen = new Map((await snapshotOnce(conn, { quietMs: settings.quietMs })).map((a) => [a.name, a.state]));
    return Object.entries(want).every(([name, state]) => seen.get(name) === state);
  }, `agents settled in ${JSON.stringify(want)}`, 20_000, 100);
}

const notified = (kind: NotificationKind): NotificationRecord[] =>
  events.flatMap((e) => (e.type === 'notification' && e.notification.kind === kind ? [e.notification] : []));
const memberIds = (n: NotificationRecord) => n.members.map((m) => m.agentId).sort();

let stillWaitingNote: NotificationRecord;
let endedNote: NotificationRecord;
let goneNote: NotificationRecord;

beforeAll(async () => {
  await server.newSession('team', ['bash', '--norc', '--noprofile']);
  conn = connectTmux({ socketName: server.name, commandTimeoutMs: 5000 });
  await conn.waitConnected(5000);
  const [asking, limited, failing, crashing, drafting, asked, answered] = await Promise.all(
    ['asking', 'limited', 'failing', 'crashing', 'drafting', 'asked-before', 'answered-before'].map(spawn),
  );
  await typeInto(asking!, 'ask');
  await typeInto(asked!, 'ask');
  await typeInto(limited!, 'ratelimit');
  await typeInto(failing!, 'error');
  await typeInto(crashing!, 'crash');
  await typeInto(drafting!, 'left here, never sent', false);
  void answered;
  await settled({
    asking: 'waiting',
    'asked-before': 'waiting',
    limited: 'rate_limited',
    failing: 'error',
    crashing: 'crashed',
    drafting: 'unsubmitted',
    'answered-before': 'idle',
  });

  // What an earlier monitor run left open: a question still shown, one answered since, and an
  // agent whose pane is gone.
  store = openStore({ path: join(dir, 'orc.db') });
  const scoped = storeForServer(store, SERVER_KEY);
  const earlier = Date.now() - 60_000;
  [stillWaitingNote, endedNote, goneNote] = scoped.notifications.addMany([
    { kind: 'waiting', agent: 'asked-before', agentId: idOf('asked-before'), team: 'red', text: 'asked-before is waiting for a decision', createdAt: earlier },
    { kind: 'waiting', agent: 'answered-before', agentId: idOf('answered-before'), team: 'red', text: 'answered-before is waiting for a decision', createdAt: earlier },
    { kind: 'crashed', agent: 'gone', agentId: 'local/%999', team: 'red', text: 'gone crashed', createdAt: earlier },
  ]) as [NotificationRecord, NotificationRecord, NotificationRecord];
  expect(store.notifications.openCount()).toBe(3);

  monitor = createMonitor({ conn, store: scoped, settings, server: SERVER_KEY, onWarning: (m) => warnings.push(m) });
  monitor.onEvent((e) => events.push(e));
  await monitor.start();
}, 60_000);

afterAll(() => {
  monitor?.stop();
  conn?.close();
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the first look at agents already in a problem state', () => {
  it('finds every agent in the state it was left in (silently: no transitions)', () => {
    const states = Object.fromEntries(monitor!.agents().map((a) => [a.name, a.state]));
    expect(states).toMatchObject({ asking: 'waiting', limited: 'rate_limited', failing: 'error', crashing: 'crashed', 'answered-before': 'idle' });
    expect(events.some((e) => e.type === 'agentChanged' && e.transition)).toBe(false);
  });

  it('opens one notification per problem seen first (a question, a limit, an error, a crash, unsent text)', async () => {
    for (const [kind, name] of [
      ['waiting', 'asking'],
      ['rate_limited', 'limited'],
      ['error', 'failing'],
      ['crashed', 'crashing'],
      ['unsubmitted', 'drafting'],
    ] as const) {
      const note = await waitFor(() => notified(kind)[0], `a ${kind} notification for ${name}`);
      expect(note).toMatchObject({ agent: name, agentId: idOf(name), team: 'red', resolvedAt: null });
      expect(note.id).toBeGreaterThan(0); // stored
      expect(memberIds(note)).toEqual([idOf(name)]);
    }
    expect(notified('waiting')[0]!.text).toContain('Do you want to proceed?');
  });

  it('does not notify again a problem an earlier run left open that is still there', async () => {
    await waitFor(() => notified('unsubmitted')[0], 'the last first-look notification');
    const aboutAsked = events.filter((e) => e.type === 'notification' && e.notification.members.some((m) => m.agentId === idOf('asked-before')));
    expect(aboutAsked).toEqual([]);
    expect(store.notifications.get(stillWaitingNote.id)).toMatchObject({ resolvedAt: null, members: [{ agentId: idOf('asked-before'), resolvedAt: null }] });
    // One open notification per agent in a problem state, each exactly once.
    const open = store.notifications.list({ open: true }).flatMap((n) => n.members.filter((m) => m.resolvedAt === null).map((m) => `${n.kind} ${m.agent}`));
    expect(open.sort()).toEqual(['crashed crashing', 'error failing', 'rate_limited limited', 'unsubmitted drafting', 'waiting asked-before', 'waiting asking']);
  });

  it('resolves what ended while no monitor ran: a question answered, an agent gone', async () => {
    const ended = await waitFor(() => store.notifications.get(endedNote.id)?.resolvedAt, 'the answered question resolved');
    expect(ended).toBeGreaterThan(endedNote.createdAt);
    await waitFor(() => store.notifications.get(goneNote.id)?.resolvedAt, 'the gone agent’s crash resolved');
    const changed = events.flatMap((e) => (e.type === 'notificationChanged' ? [e.notification.id] : []));
    expect(changed).toEqual(expect.arrayContaining([endedNote.id, goneNote.id]));
    expect(changed).not.toContain(stillWaitingNote.id);
  });

  it('a problem seen first, then ended, resolves like any other', async () => {
    const note = await waitFor(() => notified('waiting')[0], 'the waiting notification');
    await server.tmux('send-keys', '-t', panes.get('asking')!, '1');
    await waitFor(() => store.notifications.get(note.id)?.resolvedAt, 'asking’s notification resolved once answered');
    expect(warnings.filter((w) => !/listing panes/.test(w))).toEqual([]);
  });
});
