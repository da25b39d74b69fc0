// A burst at scale on a real (private) tmux server: 50 agents finish within about a second of
// each other (all released by one `tmux wait-for -S`) and the person gets one notification
// naming them, not 50. The monitor, store and rules are the real ones.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTmuxServer } from '../../helpers/tmux.js';
import { waitFor } from '../../helpers/poll.js';
import { connectTmux, type TmuxConnection } from '../../../src/core/tmux/index.js';
import { openStore, type Store } from '../../../src/core/store/index.js';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/settings.js';
import { createMonitor, type Monitor, type MonitorEvent } from '../../../src/core/monitor/index.js';

const AGENTS = 50;
const server = useTmuxServer();
const dir = mkdtempSync(join(tmpdir(), 'orc-bursts-'));
const settings: Settings = { ...DEFAULT_SETTINGS, quietMs: 500, reconcileIntervalMs: 600_000, groupWindowMs: 3_000 };
let conn: TmuxConnection;
let store: Store;
let monitor: Monitor;
const events: MonitorEvent[] = [];

// Quiet until released, then two seconds of output (long enough to be seen busy even on a loaded
// machine), then quiet for good: busy → idle, all within about a second of each other.
const WORKER = 'tmux wait-for go; for i in $(seq 1 20); do echo working $i; sleep 0.1; done; echo done; exec sleep 100000';

beforeAll(async () => {
  await server.newSession('fleet', ['bash', '--norc', '--noprofile']);
  const windows = Array.from({ length: AGENTS }, (_, i) => [
    'new-window', '-d', '-t', 'fleet:', '-n', `w${i + 1}`, 'bash', '--norc', '--noprofile', '-c', WORKER, ';',
    'set-option', '-p', '-t', `fleet:w${i + 1}`, '@orc-type', 'generic', ';',
    'set-option', '-p', '-t', `fleet:w${i + 1}`, '@orc-name', `w${i + 1}`, ';',
  ]).flat();
  await server.tmux(...windows.slice(0, -1));
  conn = connectTmux({ socketName: server.name, commandTimeoutMs: 10_000 });
  await conn.waitConnected(5000);
  store = openStore({ path: join(dir, 'orc.db') });
  monitor = createMonitor({ conn, store, settings });
  monitor.onEvent((e) => events.push(e));
  await monitor.start();
}, 60_000);

afterAll(() => {
  monitor?.stop();
  conn?.close();
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('grouped bursts', () => {
  it('50 agents going idle within 2 s leave at most 3 notification records, naming every one of them', async () => {
    await waitFor(() => monitor.agents().length === AGENTS && monitor.agents().every((a) => a.state === 'idle'), `${AGENTS} idle agents`, 30_000);
    await server.tmux('wait-for', '-S', 'go');
    const finished = () => new Set(events.flatMap((e) => (e.type === 'agentChanged' && e.transition?.from === 'busy' && e.transition.to === 'idle' ? [e.agent.id] : [])));
    await waitFor(() => finished().size === AGENTS, `${AGENTS} busy → idle transitions`, 90_000);
    const named = () => new Set(store.notifications.list({ kind: 'idle' }).flatMap((n) => n.members.map((m) => m.agentId)));
    await waitFor(() => named().size === AGENTS, 'every agent named in an idle notification', 60_000);
    const records = store.notifications.list({ kind: 'idle' });
    const at = [...events.flatMap((e) => (e.type === 'agentChanged' && e.transition?.to === 'idle' && e.transition.from === 'busy' ? [e.transition.at] : []))];
    const spreadMs = Math.max(...at) - Math.min(...at);
    expect(records.length, `${records.length} records for idle transitions spread over ${spreadMs} ms`).toBeLessThanOrEqual(3);
    expect(records.reduce((n, r) => n + r.members.length, 0)).toBe(AGENTS);
    // What reached the shells (desktop, tray, browser) is the same few records.
    expect(events.filter((e) => e.type === 'notification')).toHaveLength(records.length);
    expect(records.some((r) => /^\d+ agents finished and are idle: w\d+/.test(r.text))).toBe(true);
  }, 150_000);
});
