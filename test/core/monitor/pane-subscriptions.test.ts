// Notice without polling: the connection's format subscription (`refresh-client -B`) reports
// pane tags, the current command and the dead flag when they change, so the monitor sees what
// no other tmux notification tells of — a pane tagged after it was created, an agent that died
// without printing — without waiting for the reconcile sweep (set to ten minutes here, so
// only the subscription can be what noticed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTmux, type PaneFactsEvent, type TmuxConnection } from '../../../src/core/tmux/index.js';
import { createMonitor, type Monitor } from '../../../src/core/monitor/index.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { FAKE_AGENT } from '../../helpers/fake-agent.js';
import { waitFor } from '../../helpers/poll.js';
import { useTmuxServer } from '../../helpers/tmux.js';

const server = useTmuxServer();
let conn: TmuxConnection;
let monitor: Monitor;
const facts: PaneFactsEvent[] = [];

beforeAll(async () => {
  await server.newSession('base', ['sh']);
  conn = connectTmux({ socketName: server.name, commandTimeoutMs: 5000 });
  conn.on('pane-facts', (f) => facts.push(f));
  await conn.waitConnected(5000);
  monitor = createMonitor({ conn, settings: { ...DEFAULT_SETTINGS, quietMs: 300, reconcileIntervalMs: 600_000 } });
  await monitor.start();
});

afterAll(() => {
  monitor?.stop();
  conn?.close();
});

describe('pane facts by format subscription', () => {
  it('a pane tagged after it was created becomes an agent, from the subscription alone', async () => {
    const pane = (await server.tmux('new-window', '-t', 'base:', '-n', 'plain', '-P', '-F', '#{pane_id}', 'sh')).trim();
    await monitor.reconcile();
    expect(monitor.agents().find((a) => a.paneId === pane)).toBeUndefined();
    const reconciles = monitor.stats().reconciles;

    // Setting a pane option sends no control-mode notification: only the subscription tells.
    await server.tmux('set-option', '-p', '-t', pane, '@orc-name', 'late-tag');
    await server.tmux('set-option', '-p', '-t', pane, '@orc-type', 'generic');
    const event = await waitFor(() => facts.find((f) => f.paneId === pane && f.orcType === 'generic' && f.orcName === 'late-tag'), 'the tags reported');
    expect(event).toMatchObject({ command: 'sh', dead: false });
    const agent = await waitFor(() => monitor.agents().find((a) => a.paneId === pane), 'the tagged pane as an agent');
    expect(agent).toMatchObject({ name: 'late-tag', type: 'generic', tagged: true });
    expect(monitor.stats().reconciles).toBe(reconciles);
  });

  it('an agent that dies without printing is crashed, from the subscription alone', async () => {
    // The fake agent as the pane's own process, kept on screen when it dies (remain-on-exit):
    // killed with SIGKILL it prints nothing, and tmux sends no %output.
    const pane = (
      await server.tmux('new-window', '-t', 'base:', '-n', 'dies', '-P', '-F', '#{pane_id}', 'node', FAKE_AGENT, ';', 'set-option', '-w', 'remain-on-exit', 'on', ';', 'set-option', '-p', '@orc-type', 'claude')
    ).trim();
    let lastOutputAt = Date.now();
    let output = 0;
    const onOutput = (e: { paneId: string }) => {
      if (e.paneId !== pane) return;
      lastOutputAt = Date.now();
      output++;
    };
    conn.on('output', onOutput);
    await server.waitForScreen(pane, (s) => /\? for shortcuts/.test(s));
    const id = `local/${pane}`;
    await monitor.waitFor(id, (a) => a.state === 'idle', 10_000);
    // Past the quiet time's own re-check (300 ms), so that nothing but tmux's report looks again.
    await waitFor(() => Date.now() - lastOutputAt > 1000, 'the pane quiet');
    const reconciles = monitor.stats().reconciles;
    output = 0;

    const pid = Number(await server.tmux('display-message', '-p', '-t', pane, '#{pane_pid}'));
    process.kill(pid, 'SIGKILL');
    const crashed = await monitor.waitFor(id, (a) => a.state === 'crashed', 10_000);
    conn.off('output', onOutput);
    expect(crashed.reason).toMatch(/pane is dead/);
    expect(facts.some((f) => f.paneId === pane && f.dead)).toBe(true);
    expect(output).toBe(0);
    expect(monitor.stats().reconciles).toBe(reconciles);
  });

  it('a pane split off in a window is reported too, and each pane only when its own facts change', async () => {
    const first = (await server.tmux('new-window', '-t', 'base:', '-n', 'split', '-P', '-F', '#{pane_id}', 'sh')).trim();
    const second = (await server.tmux('split-window', '-t', first, '-P', '-F', '#{pane_id}', 'sh')).trim();
    await server.tmux('set-option', '-p', '-t', second, '@orc-name', 'right-half');
    const event = await waitFor(() => facts.find((f) => f.paneId === second && f.orcName === 'right-half'), 'the split pane\'s tag reported');
    expect(event).toMatchObject({ command: 'sh', dead: false });
    const firstReports = facts.filter((f) => f.paneId === first).length;
    await server.tmux('set-option', '-p', '-t', second, '@orc-name', 'renamed');
    await waitFor(() => facts.find((f) => f.paneId === second && f.orcName === 'renamed'), 'the rename reported');
    expect(facts.filter((f) => f.paneId === first).length).toBe(firstReports);
  });

  it('the subscription value keeps a team name with the separator in it whole', async () => {
    const pane = (await server.tmux('new-window', '-t', 'base:', '-n', 'sep', '-P', '-F', '#{pane_id}', 'sh')).trim();
    await server.tmux('set-option', '-p', '-t', pane, '@orc-team', 'blue\x1fgreen: ü');
    const event = await waitFor(() => facts.find((f) => f.paneId === pane && f.orcTeam !== ''), 'the team reported');
    expect(event.orcTeam).toBe('blue\x1fgreen: ü');
  });
});
