// The monitor lease kept on the tmux server (@orc-monitor), on a private server: refusal naming
// the live holder, takeover of an expired heartbeat from another host, a heartbeat that finds
// itself taken over (onLost, once), a server that restarted (claimed again), release.
import { beforeAll, describe, expect, it } from 'vitest';
import { currentServerHolder, ServerLease } from '../../../src/core/monitor/server-lease.js';
import { runTmuxOnce } from '../../../src/core/tmux/index.js';
import { useTmuxServer } from '../../helpers/tmux.js';

const server = useTmuxServer();
const run = (args: string[]) => runTmuxOnce({ socketName: server.name }, args);
const lease = (o: Partial<ConstructorParameters<typeof ServerLease>[1]> = {}) =>
  new ServerLease(run, { app: 'test monitor', server: 'the test server', heartbeatMs: 0, ...o });

beforeAll(async () => {
  await server.newSession('s', ['sleep', '600']);
});

describe('ServerLease', () => {
  it('one holder: a second is refused naming the first; release frees it', async () => {
    const a = lease({ app: 'first one' });
    await a.acquire();
    expect(a.held).toBe(true);
    await expect(lease().acquire()).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(
        new RegExp(
          `^tmux server the test server is already monitored by first one \\(pid ${process.pid} on `,
        ),
      ),
    });
    expect(await currentServerHolder(run)).toMatchObject({ pid: process.pid, app: 'first one' });
    await a.release();
    expect(await currentServerHolder(run)).toBeNull();
    const b = lease();
    await b.acquire();
    await b.release();
  });

  it('takes over a holder whose heartbeat expired (another host: its pid cannot be asked)', async () => {
    let t = 1_000_000;
    const lost: string[] = [];
    const old = lease({
      host: 'elsewhere',
      pid: 42,
      now: () => t,
      app: 'old one',
      onLost: (r) => lost.push(r),
    });
    await old.acquire();
    t += 29_000;
    await expect(lease({ now: () => t }).acquire()).rejects.toMatchObject({ code: 'conflict' });
    t += 2_000;
    const fresh = lease({ now: () => t, app: 'new one' });
    await fresh.acquire();
    expect(await currentServerHolder(run)).toMatchObject({ app: 'new one', pid: process.pid });
    // The old holder's next beat finds it taken: onLost once, and it never writes again.
    await old.beat();
    await old.beat();
    expect(old.held).toBe(false);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatch(/already monitored by new one/);
    expect(await currentServerHolder(run)).toMatchObject({ app: 'new one' });
    await fresh.release();
  });

  it('a heartbeat refreshes the holder; after the option is gone (server restarted) the next beat claims it again', async () => {
    let t = 5_000_000;
    const a = lease({ now: () => t });
    await a.acquire();
    t += 10_000;
    await a.beat();
    expect((await currentServerHolder(run))?.heartbeatAt).toBe(t);
    await server.tmux('set-option', '-s', '-u', '@orc-monitor');
    await a.beat();
    expect(a.held).toBe(true);
    expect((await currentServerHolder(run))?.heartbeatAt).toBe(t);
    await a.release();
  });
});
