// A flooding pane (a fake agent printing as fast as it can) must not stall commands, and flow
// control (pause-after) must pause and resume it instead of buffering without bound.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTmuxServer } from '../../helpers/tmux.js';
import { connectTmux, type TmuxConnection } from '../../../src/core/tmux/index.js';
import { waitFor } from '../../helpers/poll.js';

const server = useTmuxServer();
let conn: TmuxConnection;
let flood: string;
let quiet: string;
const FLOOD = `const s = "flood ".repeat(40) + "\\n"; for (;;) process.stdout.write(s);`;

beforeAll(async () => {
  quiet = await server.newSession('quiet');
  flood = await server.newSession('flood', ['node', '-e', FLOOD]);
  conn = connectTmux({ socketName: server.name, pauseAfterSec: 1, commandTimeoutMs: 5000 });
  await conn.waitConnected(5000);
  await waitFor(() => conn.counters().controlClients === 2, 'clients for both sessions');
});
afterAll(() => conn.close());

/** Stop reading for a while, as a busy consumer would (the event loop does nothing else). */
function stall(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe('flooding pane', () => {
  it('commands keep answering while a pane floods', async () => {
    await waitFor(() => conn.counters().outputBytes > 1_000_000, 'a megabyte of flood output');
    for (let i = 0; i < 50; i++) {
      expect(await conn.run(['display-message', '-p', '-t', quiet, `#{pane_id} ${i}`])).toEqual([`${quiet} ${i}`]);
    }
    const rows = await conn.listPanes();
    expect(rows.map((r) => r.paneId).sort()).toEqual([quiet, flood].sort());
  });

  it('a consumer that falls behind gets the pane paused, then resumed and told to re-capture', async () => {
    const paused: string[] = [];
    const continued: string[] = [];
    conn.on('pane-paused', (e) => paused.push(e.paneId));
    conn.on('pane-continued', (e) => continued.push(e.paneId));
    const rssBefore = process.memoryUsage().rss;
    // Fall more than pause-after (1 s) behind; retry in case tmux had not queued enough yet.
    await waitFor(async () => {
      stall(2500);
      await new Promise((r) => setTimeout(r, 200));
      return paused.includes(flood);
    }, 'a %pause for the flooding pane', 20_000);
    await waitFor(() => continued.includes(flood), 'the pane resumed (%continue)');
    const events = conn.counters().outputEvents;
    await waitFor(() => conn.counters().outputEvents > events + 100, 'output flowing again after the resume');
    expect(await conn.run(['display-message', '-p', 'alive'])).toEqual(['alive']);
    expect(conn.counters().pauses).toBeGreaterThanOrEqual(1);
    // Dropped while paused, not buffered: memory stays bounded (generous: a flood is ~10s of MB/s).
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(300 * 1024 * 1024);
    // The flooding program was never blocked for good: its pane is alive and printing.
    const [dead] = await conn.run(['display-message', '-p', '-t', flood, '#{pane_dead}']);
    expect(dead).toBe('0');
  });
});
