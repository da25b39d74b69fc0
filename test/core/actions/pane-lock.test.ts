// The cross-process pane lock on the tmux server: two connections (as two processes would
// have) exclude each other; a held lock fails with "busy" at the deadline; a dead holder's
// stale lock is taken over; release never drops another holder's lock.
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_OPTION, takePaneLock } from '../../../src/core/actions/pane-lock.js';
import { connectTmux } from '../../../src/core/tmux/index.js';
import { useTmuxServer } from '../../helpers/tmux.js';

const server = useTmuxServer();
const conns: ReturnType<typeof connectTmux>[] = [];
afterAll(() => conns.forEach((c) => c.close()));

async function client() {
  const c = connectTmux({ socketName: server.name });
  conns.push(c);
  await c.waitConnected();
  return (args: string[]) => c.run(args);
}
const lockValue = async (pane: string) => (await server.tmux('display-message', '-p', '-t', pane, `[#{${LOCK_OPTION}}]`)).trim();

describe('takePaneLock', () => {
  it('one holder at a time across connections; the other waits, then gets it', async () => {
    const pane = await server.newSession('lock1');
    const [a, b] = [await client(), await client()];
    const releaseA = await takePaneLock(a, pane);
    expect(await lockValue(pane)).toMatch(/^\[.+\.\d+\.[0-9a-f]{8}@\d+\]$/);
    await expect(takePaneLock(b, pane, { waitMs: 50 })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/^busy: another sender holds this pane %\d+ \(.+, for \d+ s\); try again$/),
    });
    const order: string[] = [];
    const waiting = takePaneLock(b, pane, { waitMs: 10_000 }).then((release) => {
      order.push('b got it');
      return release;
    });
    order.push('a releases');
    await releaseA();
    const releaseB = await waiting;
    expect(order).toEqual(['a releases', 'b got it']);
    // A late release by the old holder does not drop B's lock.
    await releaseA();
    expect(await lockValue(pane)).not.toBe('[]');
    await releaseB();
    expect(await lockValue(pane)).toBe('[]');
  });

  it("takes over a dead holder's stale lock", async () => {
    const pane = await server.newSession('lock2');
    await server.tmux('set-option', '-p', '-t', pane, LOCK_OPTION, `gone.1.deadbeef@${Date.now() - 120_000}`);
    const release = await takePaneLock(await client(), pane, { waitMs: 2_000, staleMs: 60_000 });
    expect(await lockValue(pane)).not.toContain('gone.1');
    await release();
    expect(await lockValue(pane)).toBe('[]');
  });
});
