// Benchmark for remote hosts (issue 11): the same tmux server reached two ways — locally, and
// as a remote host through a throwaway sshd on 127.0.0.1 (`ssh … tmux -u -L … -C`) — so the
// ratio is what ssh adds. Full reconcile of 100 agents (re-list panes, capture every pane in
// one pipelined batch, classify) with the real monitor, runs interleaved, medians.
import { cpus, loadavg } from 'node:os';
import { createTmuxServer } from '../test/helpers/tmux.js';
import { createSshd, sshdUnavailable } from '../test/helpers/sshd.js';
import { connectTmux, type TmuxConnection } from '../src/core/tmux/index.js';
import { createMonitor, type Monitor } from '../src/core/monitor/index.js';
import { DEFAULT_SETTINGS } from '../src/shared/settings.js';
import { median, percentile, timeIt, type BenchTable } from './lib.js';

const PANES = 100;
const PER_SESSION = 50;
const ROUNDS = 31;
const PANE_CMD = ['sh', '-c', 'seq 1 30; printf "agent ready> "; exec sleep 3600'];

async function waitFor(pred: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error('bench: timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function addAgents(conn: TmuxConnection): Promise<string[]> {
  const cmds: string[][] = [];
  for (let i = 0; i < PANES; i++) {
    const s = `b${Math.floor(i / PER_SESSION)}`;
    if (i % PER_SESSION === 0) cmds.push(['new-session', '-d', '-s', s, '-x', '120', '-y', '40', '-P', '-F', '#{pane_id}', ...PANE_CMD]);
    else cmds.push(['new-window', '-d', '-t', `${s}:`, '-P', '-F', '#{pane_id}', ...PANE_CMD]);
  }
  const panes = (await conn.runAll(cmds)).map((l) => l[0]!);
  // Tagged, so the registry counts every pane as an agent.
  await conn.runAll(panes.flatMap((p, i) => [['set-option', '-p', '-t', p, '@orc-type', 'generic'], ['set-option', '-p', '-t', p, '@orc-name', `a${i}`]]));
  return panes;
}

function monitorOn(conn: TmuxConnection, host: string): Monitor {
  return createMonitor({
    conn,
    host,
    settings: { ...DEFAULT_SETTINGS, reconcileIntervalMs: 3_600_000 },
  });
}

export default async function bench(): Promise<BenchTable[]> {
  const why = sshdUnavailable();
  if (why) {
    return [{ title: 'Remote hosts: skipped', columns: ['reason'], rows: [[why]] }];
  }
  const server = createTmuxServer();
  const sshd = await createSshd();
  const conns: TmuxConnection[] = [];
  const monitors: Monitor[] = [];
  try {
    await sshd.start();
    await server.newSession('setup', ['sh', '-c', 'exec sleep 3600']);
    const t0 = performance.now();
    const local = connectTmux({ socketName: server.name });
    conns.push(local);
    await local.waitConnected(10_000);
    const connectLocal = performance.now() - t0;
    const t1 = performance.now();
    const remote = connectTmux({ host: sshd.host, socketName: server.name, sshConfig: sshd.configFile });
    conns.push(remote);
    await remote.waitConnected(20_000);
    const connectRemote = performance.now() - t1;

    const panes = await addAgents(local);
    await waitFor(async () => (await local.capture(panes.at(-1)!)).includes('agent ready>'));
    // One control client per session on each side, like the monitor runs.
    await waitFor(() => local.counters().controlClients >= 3 && remote.counters().controlClients >= 3);

    const mLocal = monitorOn(local, 'local');
    const mRemote = monitorOn(remote, sshd.host);
    monitors.push(mLocal, mRemote);
    await mLocal.start();
    await mRemote.start();
    if (mLocal.agents().length !== PANES || mRemote.agents().length !== PANES) {
      throw new Error(`bench: monitors see ${mLocal.agents().length} / ${mRemote.agents().length} agents, expected ${PANES}`);
    }

    const rec = { local: [] as number[], remote: [] as number[] };
    const cap = { local: [] as number[], remote: [] as number[] };
    const rtt = { local: [] as number[], remote: [] as number[] };
    // Interleaved, the order flipped every round, so load spikes hit both sides alike.
    const both = async (fn: (side: 'local' | 'remote') => Promise<void>, i: number) => {
      for (const side of i % 2 ? (['remote', 'local'] as const) : (['local', 'remote'] as const)) await fn(side);
    };
    for (let i = 0; i < ROUNDS; i++) {
      await both(async (side) => void rec[side].push(await (side === 'local' ? mLocal : mRemote).reconcile()), i);
      await both(async (side) => void cap[side].push(await timeIt(async () => expectAll(await (side === 'local' ? local : remote).captureMany(panes)))), i);
    }
    for (let i = 0; i < 100; i++) {
      await both(async (side) => void rtt[side].push(await timeIt(() => (side === 'local' ? local : remote).run(['display-message', '-p', '#{pane_id}']))), i);
    }
    const row = (what: string, l: number[], r: number[]) => [what, median(l), median(r), percentile(r, 95), round(median(r) / median(l))];
    return [
      {
        title: `Remote host over ssh (loopback) vs local: the same tmux server, ${PANES} agents`,
        columns: ['what', 'local ms (median)', 'ssh ms (median)', 'ssh p95 ms', 'ssh / local ×'],
        rows: [
          row(`full reconcile: list + capture ${PANES} + classify (monitor.reconcile, ${ROUNDS} runs)`, rec.local, rec.remote),
          row(`capture ${PANES} panes, pipelined (captureMany, ${ROUNDS} runs)`, cap.local, cap.remote),
          row('one command round trip (100 runs)', rtt.local, rtt.remote),
          ['connect (first attach, primary client)', round(connectLocal), round(connectRemote), '', round(connectRemote / connectLocal)],
        ],
        notes: [
          'ssh: OpenSSH on 127.0.0.1 with an ed25519 key, one ssh process per watched session (3 here); no network latency, so the ratio is ssh\'s own cost (encryption, extra pipe hops).',
          'over a real network add one round trip per reconcile: commands are pipelined, so a reconcile is two writes (listing, then all captures), not one per pane.',
          `machine load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores (shared).`,
        ],
      },
    ];
  } finally {
    for (const m of monitors) m.stop();
    for (const c of conns) c.close();
    await sshd.dispose();
    await server.kill();
  }

  function expectAll(got: Map<string, string>): void {
    if (got.size !== PANES) throw new Error(`bench: captured ${got.size}/${PANES}`);
  }
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
