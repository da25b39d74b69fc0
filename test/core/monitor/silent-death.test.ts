// An agent that dies without printing anything (SIGKILLed, its pane kept by remain-on-exit as
// spawn sets it) sends no %output, and tmux checks format subscriptions only once a second.
// tmux runs the `pane-died` hook as it reaps the process, and the monitor's hook feed installs
// one that wakes it: the death is seen from that event. Proven with the other ways cut off: the
// reconcile sweep set to ten minutes, and the connection's format subscription (pane facts)
// withheld from the monitor, so only the hook can be what noticed.
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTmux, type TmuxConnection } from '../../../src/core/tmux/index.js';
import { createMonitor, type Monitor, type MonitorConnection } from '../../../src/core/monitor/index.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { FAKE_AGENT } from '../../helpers/fake-agent.js';
import { waitFor } from '../../helpers/poll.js';
import { useTmuxServer } from '../../helpers/tmux.js';

const server = useTmuxServer();
let conn: TmuxConnection;
let monitor: Monitor;
/** %output per pane since the last reset, and when the last came. */
let output = new Map<string, { count: number; lastAt: number }>();

/** The real connection without its pane-facts events: the subscription cannot be what noticed. */
function withoutPaneFacts(c: TmuxConnection): MonitorConnection {
  type Listener = Parameters<TmuxConnection['on']>[1];
  return {
    runAll: (list, o) => c.runAll(list, o),
    runSettled: (list, o) => c.runSettled(list, o),
    get status() {
      return c.status;
    },
    on: ((event: 'output', fn: Listener) => (event === ('pane-facts' as string) ? c : c.on(event, fn))) as TmuxConnection['on'],
    off: ((event: 'output', fn: Listener) => (event === ('pane-facts' as string) ? c : c.off(event, fn))) as TmuxConnection['off'],
  };
}

/** A fake Claude Code as the pane's own program, idle and quiet past the quiet time's re-check. */
async function quietAgent(window: string): Promise<{ pane: string; id: string }> {
  const pane = (
    await server.tmux('new-window', '-t', 'base:', '-n', window, '-P', '-F', '#{pane_id}', 'node', FAKE_AGENT, ';', 'set-option', '-p', 'remain-on-exit', 'on', ';', 'set-option', '-p', '@orc-type', 'claude')
  ).trim();
  await server.waitForScreen(pane, (s) => /\? for shortcuts/.test(s));
  const id = `local/${pane}`;
  await monitor.waitFor(id, (a) => a.state === 'idle', 10_000);
  await untilQuiet(pane);
  return { pane, id };
}

/** Past the quiet time (300 ms) and its own re-check: nothing but tmux's hook looks again. */
function untilQuiet(pane: string): Promise<unknown> {
  return waitFor(() => Date.now() - (output.get(pane)?.lastAt ?? 0) > 1000, 'the pane quiet');
}

/**
 * SIGKILL the pane's program (it prints nothing), then send tmux SIGCHLD until it has reaped it:
 * tmux built with libutempter loses the kernel's SIGCHLD when it comes while the pty's utmp
 * record is being removed (the pty closes as the program dies; libutempter sets SIGCHLD to its
 * default, discard, while its helper runs: tmux/tmux#311) and would run pane-died only at its
 * next child's exit. One nudge is not enough either: it can land in that same window, or come
 * while Node's main thread is a zombie but its other threads are still exiting (not reapable
 * yet). This makes the hook's moment deterministic; the hook is still what tells the monitor.
 */
async function killSilently(pane: string): Promise<void> {
  const [pid, tmuxPid] = (await server.tmux('display-message', '-p', '-t', pane, '#{pane_pid} #{pid}')).trim().split(' ').map(Number);
  process.kill(pid!, 'SIGKILL');
  await waitFor(() => {
    if (!zombie(pid!)) return !existsSync(`/proc/${pid}`);
    process.kill(tmuxPid!, 'SIGCHLD');
    return false;
  }, 'tmux reaped the program', 10_000, 50);
}

function zombie(pid: number): boolean {
  try {
    return / Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\)/, ''));
  } catch {
    return false;
  }
}

beforeAll(async () => {
  await server.newSession('base', ['sh']);
  conn = connectTmux({ socketName: server.name, commandTimeoutMs: 5000 });
  conn.on('output', (e) => {
    const o = output.get(e.paneId) ?? { count: 0, lastAt: 0 };
    output.set(e.paneId, { count: o.count + 1, lastAt: Date.now() });
  });
  await conn.waitConnected(5000);
  monitor = createMonitor({
    conn: withoutPaneFacts(conn),
    settings: { ...DEFAULT_SETTINGS, quietMs: 300, reconcileIntervalMs: 600_000 },
    hookTarget: { socketName: server.name },
  });
  await monitor.start();
});

afterAll(() => {
  monitor?.stop();
  conn?.close();
});

describe('an agent dying without printing', () => {
  it('is crashed from the pane-died hook, with no reconcile, subscription or output in between', async () => {
    const { pane, id } = await quietAgent('dies');
    const reconciles = monitor.stats().reconciles;
    output = new Map();

    await killSilently(pane);
    const crashed = await monitor.waitFor(id, (a) => a.state === 'crashed', 10_000);
    expect(crashed.reason).toMatch(/pane is dead/);
    expect(output.get(pane)?.count ?? 0).toBe(0);
    expect(monitor.stats().reconciles).toBe(reconciles);
  });

  it('a pane respawned and dying again is news again', async () => {
    const { pane, id } = await quietAgent('again');
    await killSilently(pane);
    await monitor.waitFor(id, (a) => a.state === 'crashed', 10_000);

    await server.tmux('respawn-pane', '-t', pane, 'node', FAKE_AGENT);
    await monitor.waitFor(id, (a) => a.state === 'idle', 10_000);
    await untilQuiet(pane);
    const reconciles = monitor.stats().reconciles;
    await killSilently(pane);
    await monitor.waitFor(id, (a) => a.state === 'crashed', 10_000);
    expect(monitor.stats().reconciles).toBe(reconciles);
  });

  it("leaves the server's own pane-died hooks alone and is installed once however many monitors start", async () => {
    await server.tmux('set-hook', '-agw', 'pane-died', 'set-option -g @user-hook-ran 1');
    const second = createMonitor({ conn: withoutPaneFacts(conn), settings: DEFAULT_SETTINGS, hookTarget: { socketName: server.name } });
    await second.start();
    await waitFor(async () => (await server.tmux('show-hooks', '-gw')).split('\n').filter((l) => l.startsWith('pane-died')).length === 2, 'both hooks listed');
    second.stop();
    const { pane, id } = await quietAgent('both');
    await killSilently(pane);
    await monitor.waitFor(id, (a) => a.state === 'crashed', 10_000);
    await waitFor(async () => (await server.tmux('show-options', '-gqv', '@user-hook-ran')).trim() === '1', "the user's hook run too");
  });
});
