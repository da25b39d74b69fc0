// The cross-process pane lock's cost per send (issue 14): take + release of @orc-lock on the tmux
// server over the control connection, against the baseline of one plain round trip
// (display-message) on the same connection, same run. Target: < 5 ms median per send. Also the
// monitor lease's heartbeat on the tmux server (@orc-monitor, one beat every 10 s per monitor).
import { createTmuxServer } from '../test/helpers/tmux.js';
import { takePaneLock } from '../src/core/actions/pane-lock.js';
import { ServerLease } from '../src/core/monitor/server-lease.js';
import { connectTmux } from '../src/core/tmux/index.js';
import { median, percentile, timeIt, type BenchTable } from './lib.js';

const ROUNDS = 300;

export default async function bench(): Promise<BenchTable[]> {
  const server = createTmuxServer();
  const conn = connectTmux({ socketName: server.name });
  try {
    const pane = await server.newSession('lockbench');
    await conn.waitConnected();
    const run = (args: string[]) => conn.run(args);
    const lock: number[] = [];
    const trip: number[] = [];
    const beat: number[] = [];
    const lease = new ServerLease(run, { app: 'bench', server: server.name, heartbeatMs: 0 });
    await lease.acquire();
    for (let i = 0; i < ROUNDS; i++) {
      lock.push(await timeIt(async () => (await takePaneLock(run, pane))()));
      trip.push(await timeIt(() => conn.run(['display-message', '-p', '-t', pane, '#{pane_id}'])));
      beat.push(await timeIt(() => lease.beat()));
    }
    if (!lease.held) throw new Error('the monitor lease was lost during the bench');
    await lease.release();
    const h = median(beat);
    const m = median(lock);
    const b = median(trip);
    return [
      {
        title: `Pane lock per send (take + release on the tmux server), ${ROUNDS} rounds`,
        columns: ['what', 'median ms', 'p95 ms', 'vs one round trip', 'target'],
        rows: [
          ['lock + unlock', m, percentile(lock, 95), `${(m / b).toFixed(1)}×`, m < 5 ? '< 5 ms: met' : '< 5 ms: MISSED'],
          ['baseline: one display-message', b, percentile(trip, 95), '1×', ''],
          ['monitor lease heartbeat (@orc-monitor, every 10 s)', h, percentile(beat, 95), `${(h / b).toFixed(1)}×`, ''],
        ],
      },
    ];
  } finally {
    conn.close();
    await server.kill();
  }
}
