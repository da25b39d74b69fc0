// The cross-process pane lock's cost per send (issue 14): take + release of @orc-lock on the tmux
// server over the control connection, against the baseline of one plain round trip
// (display-message) on the same connection, same run. Target: < 5 ms median per send.
import { createTmuxServer } from '../test/helpers/tmux.js';
import { takePaneLock } from '../src/core/actions/pane-lock.js';
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
    for (let i = 0; i < ROUNDS; i++) {
      lock.push(await timeIt(async () => (await takePaneLock(run, pane))()));
      trip.push(await timeIt(() => conn.run(['display-message', '-p', '-t', pane, '#{pane_id}'])));
    }
    const m = median(lock);
    const b = median(trip);
    return [
      {
        title: `Pane lock per send (take + release on the tmux server), ${ROUNDS} rounds`,
        columns: ['what', 'median ms', 'p95 ms', 'vs one round trip', 'target'],
        rows: [
          ['lock + unlock', m, percentile(lock, 95), `${(m / b).toFixed(1)}×`, m < 5 ? '< 5 ms: met' : '< 5 ms: MISSED'],
          ['baseline: one display-message', b, percentile(trip, 95), '1×', ''],
        ],
      },
    ];
  } finally {
    conn.close();
    await server.kill();
  }
}
