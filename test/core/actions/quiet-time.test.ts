// How long a pane has been quiet, as a process that did not hear its output judges it (a fresh
// CLI, or a monitor that just started): tmux's window_activity is in whole seconds, so counting
// from the start of that second made a pane quiet for up to 999 ms longer than it was, and a
// generic agent that printed 1.2 s ago passed a 2 s quiet rule. A real pane on a private
// server, looked at through a fresh observer whose clock is set relative to tmux's second:
// deterministic, whatever the load.
import { afterAll, describe, expect, it } from 'vitest';
import { createObserver, OutputTracker, quietFor } from '../../../src/core/actions/observe.js';
import { snapshotOnce } from '../../../src/core/monitor/snapshot.js';
import { connectTmux } from '../../../src/core/tmux/index.js';
import { useTmuxServer } from '../../helpers/tmux.js';

const server = useTmuxServer();
const conn = connectTmux({ socketName: server.name });
afterAll(() => conn.close());

const THRESHOLD = 2_000;

/** A generic agent's pane that printed once and stays silent; with tmux's activity second (ms). */
async function printedOnce(name: string): Promise<{ paneId: string; activityMs: number }> {
  const paneId = await server.newSession(name, ['sh', '-c', 'printf "one line of output"; exec sleep 600']);
  // The connection was opened before this file's server existed: it finds it at its next retry.
  await conn.waitConnected(15_000);
  await server.tmux('set-option', '-p', '-t', paneId, '@orc-type', 'generic');
  await server.tmux('set-option', '-p', '-t', paneId, '@orc-name', name);
  await server.waitForScreen(paneId, (s) => s.includes('one line of output'));
  const activityMs = Number(await server.tmux('display-message', '-p', '-t', paneId, '#{window_activity}')) * 1000;
  expect(activityMs).toBeGreaterThan(0);
  return { paneId, activityMs };
}

describe('quiet time from tmux activity (whole seconds)', () => {
  it('a fresh look 2 s after the start of the second the pane printed in calls it busy: it printed less than 2 s ago', async () => {
    const { paneId, activityMs } = await printedOnce('fresh');
    // The pane printed somewhere in [activityMs, activityMs + 1000): at activityMs + 2000 it has
    // been quiet for at most 2 s. Counted from the second's start it was "quiet for 2s": idle.
    const at = activityMs + THRESHOLD;
    const now = () => at;
    const tracker = new OutputTracker(conn, now);
    try {
      const observer = createObserver(conn, tracker, { quietThresholdMs: THRESHOLD, pollMs: 100, now });
      const look = await observer.look(paneId, 'generic');
      expect(look?.classification.state, look?.classification.reason).toBe('busy');
      expect(quietFor(tracker, { paneId, activityMs }, at, at)).toBe(THRESHOLD - 999);
      // Once the whole second is more than the quiet time behind, it is idle.
      const later = activityMs + 999 + THRESHOLD;
      expect(quietFor(tracker, { paneId, activityMs }, later, later)).toBe(THRESHOLD);
    } finally {
      tracker.close();
    }
  });

  it('a one-shot snapshot (tmux-orc list with no monitor) judges it the same way', async () => {
    const { activityMs } = await printedOnce('listed');
    const agents = await snapshotOnce(conn, { quietMs: THRESHOLD, now: activityMs + THRESHOLD });
    expect(agents.find((a) => a.name === 'listed')?.state).toBe('busy');
    const later = await snapshotOnce(conn, { quietMs: THRESHOLD, now: activityMs + 999 + THRESHOLD });
    expect(later.find((a) => a.name === 'listed')?.state).toBe('idle');
  });
});

describe('quietFor', () => {
  const heardAt = (ms: number | undefined) => ({ lastOutputAt: () => ms });
  const pane = (activityMs: number) => ({ paneId: '%1', activityMs });

  it('takes the output it heard (ms) over the second tmux reports, when heard in that second or later', () => {
    expect(quietFor(heardAt(10_400), pane(10_000), 12_000, 0)).toBe(1_600);
    expect(quietFor(heardAt(11_500), pane(10_000), 12_000, 0)).toBe(500);
  });

  it('takes the end of tmux’s second when the pane printed after what it heard (not listening then)', () => {
    expect(quietFor(heardAt(8_000), pane(10_000), 12_000, 0)).toBe(1_001);
  });

  it('is never negative, and counts from its own start when nothing is known', () => {
    expect(quietFor(heardAt(undefined), pane(10_000), 10_300, 0)).toBe(0);
    expect(quietFor(heardAt(undefined), pane(0), 12_000, 9_000)).toBe(3_000);
  });
});
