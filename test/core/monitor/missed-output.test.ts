// An agent whose first frames come before any control client watches its session: a new
// session over ssh gets its own client a connection later, and the launch screen drawn meanwhile
// never arrives as %output. Seen in the remote restore test: the agent sat at `starting` until
// the next reconcile sweep (10 min). While starting (within the start grace) the screen is
// looked at again each second, output or not.
import { afterEach, describe, expect, it } from 'vitest';
import { connectTmux, type TmuxConnection } from '../../../src/core/tmux/index.js';
import { createMonitor, type Monitor, type MonitorConnection } from '../../../src/core/monitor/index.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { waitFor } from '../../helpers/poll.js';
import { useTmuxServer } from '../../helpers/tmux.js';

const server = useTmuxServer();

/** The connection as the monitor sees it, minus every %output event (no client watches yet). */
function withoutOutput(conn: TmuxConnection): MonitorConnection {
  return {
    runAll: (cmds) => conn.runAll(cmds),
    runSettled: (cmds) => conn.runSettled(cmds),
    get status() {
      return conn.status;
    },
    on: ((event: string, fn: (...args: never[]) => void) => (event === 'output' ? conn : conn.on(event as 'status', fn as never))) as MonitorConnection['on'],
    off: ((event: string, fn: (...args: never[]) => void) => (event === 'output' ? conn : conn.off(event as 'status', fn as never))) as MonitorConnection['off'],
  };
}

let conn: TmuxConnection | null = null;
let monitor: Monitor | null = null;
afterEach(() => {
  monitor?.stop();
  conn?.close();
});

describe('a launch screen drawn before anyone watches', () => {
  it('is seen without output events: a starting agent is looked at again until it shows its state', async () => {
    await server.newSession('base');
    conn = connectTmux({ socketName: server.name, commandTimeoutMs: 5000 });
    await conn.waitConnected(5000);
    monitor = createMonitor({ conn: withoutOutput(conn), settings: { ...DEFAULT_SETTINGS, quietMs: 300, reconcileIntervalMs: 600_000 } });
    await monitor.start();
    // Listed while its screen is still empty (starting), then Claude Code's idle screen a moment
    // later, drawn by the same program (no change of command for the pane facts to notice).
    const rule = '─'.repeat(100);
    const screen = ['✻ Welcome to Claude Code', '', rule, '❯ ', rule, '  ? for shortcuts'].join('\r\n');
    const script = `setTimeout(() => process.stdout.write(${JSON.stringify(screen)}), 1500); setInterval(() => {}, 1e6);`;
    const pane = (await server.tmux('new-window', '-d', '-P', '-F', '#{pane_id}', '-t', 'base:', 'node', '-e', script)).trim();
    await server.tmux('set-option', '-p', '-t', pane, '@orc-type', 'claude');
    await server.tmux('set-option', '-p', '-t', pane, '@orc-name', 'late');
    const m = monitor;
    await waitFor(() => m.agents().find((a) => a.paneId === pane)?.state === 'starting', 'listed as starting', 10_000);
    const idle = await waitFor(() => m.agents().find((a) => a.paneId === pane && a.state === 'idle'), 'idle without any output event', 15_000);
    expect(idle.reason).toMatch(/^idle/);
  }, 40_000);
});
