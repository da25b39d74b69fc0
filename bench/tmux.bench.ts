// Benchmark for the tmux engine (issue 3), on private servers:
//  1. Full capture of N panes: pipelined over the control connection vs one `tmux capture-pane`
//     process per pane (the old way), same run, with the ratio.
//  2. Output-to-event latency: a pane prints its own timestamp; we measure when %output lands.
//  3. Coverage: one control client per session (chosen) vs linking windows into a monitor session.
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { execa } from 'execa';
import { createTmuxServer, type TmuxServer } from '../test/helpers/tmux.js';
import { connectTmux, type TmuxConnection } from '../src/core/tmux/index.js';
import { median, percentile, timeIt, type BenchTable } from './lib.js';

const SIZES = [10, 50, 100, 500];
/** Per-process baseline: at most this many panes are timed per size; the rest is extrapolated. */
const PROCESS_SAMPLE = 100;
const PANES_PER_SESSION = 50;
const PANE_CMD = ['sh', '-c', 'seq 1 30; printf "agent ready> "; exec sleep 3600'];

const now = () => performance.timeOrigin + performance.now();

async function waitFor(pred: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error('bench: timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Grow the server to `n` panes (one per window, 50 windows per session). */
async function growTo(conn: TmuxConnection, n: number, have: string[]): Promise<string[]> {
  const cmds: string[][] = [];
  for (let i = have.length; i < n; i++) {
    const s = `b${Math.floor(i / PANES_PER_SESSION)}`;
    if (i % PANES_PER_SESSION === 0) cmds.push(['new-session', '-d', '-s', s, '-x', '120', '-y', '40', '-P', '-F', '#{pane_id}', ...PANE_CMD]);
    else cmds.push(['new-window', '-d', '-t', `${s}:`, '-P', '-F', '#{pane_id}', ...PANE_CMD]);
  }
  const out = await conn.runAll(cmds);
  return [...have, ...out.map((l) => l[0]!)];
}

async function captureTable(server: TmuxServer, conn: TmuxConnection): Promise<BenchTable> {
  const rows: (string | number)[][] = [];
  let panes: string[] = [];
  for (const n of SIZES) {
    panes = await growTo(conn, n, panes);
    await waitFor(async () => (await conn.capture(panes.at(-1)!)).includes('agent ready>'));
    const viaConn: number[] = [];
    for (let k = 0; k < 7; k++) {
      viaConn.push(await timeIt(async () => {
        const got = await conn.captureMany(panes);
        if (got.size !== n) throw new Error(`captured ${got.size}/${n}`);
      }));
    }
    const sample = panes.slice(0, Math.min(n, PROCESS_SAMPLE));
    const perProc = await timeIt(async () => {
      for (const p of sample) await execa('tmux', ['-L', server.name, 'capture-pane', '-p', '-t', p]);
    });
    const perProcFull = (perProc * n) / sample.length;
    const c = median(viaConn);
    rows.push([n, c, perProcFull, sample.length < n ? `${sample.length} timed, ×${n / sample.length}` : 'all', Math.round(perProcFull / c)]);
  }
  return {
    title: 'Full capture of N panes: one control connection (pipelined) vs one tmux process per pane',
    columns: ['panes', 'connection ms (median of 7)', 'process-per-pane ms', 'process sample', 'ratio ×'],
    rows,
    notes: [
      'process-per-pane: sequential `tmux capture-pane -p` via execa, one run; at 500 panes 100 are timed and scaled ×5.',
      `panes are one per window, ${PANES_PER_SESSION} windows per session; each shows 31 lines of text.`,
    ],
  };
}

/** Output-to-event latency samples (ms) from a pane that prints its own timestamps. */
async function outputLatency(conn: TmuxConnection, session: string): Promise<number[]> {
  const printer = `const t0 = Date.now(); const tick = () => { process.stdout.write("T" + (performance.timeOrigin + performance.now()).toFixed(3) + "\\n"); if (Date.now() - t0 < 4000) setTimeout(tick, 8); }; setTimeout(tick, 300);`;
  const samples: number[] = [];
  let pane = '';
  let tail = '';
  const onOutput = (o: { paneId: string; text: string }) => {
    if (o.paneId !== pane) return;
    const t = now();
    tail += o.text;
    const parts = tail.split('\n');
    tail = parts.pop()!;
    for (const p of parts) {
      const m = /T(\d+\.\d+)/.exec(p);
      if (m) samples.push(t - Number(m[1]));
    }
  };
  conn.on('output-text', onOutput);
  [pane] = (await conn.run(['new-window', '-d', '-t', `${session}:`, '-P', '-F', '#{pane_id}', 'node', '-e', printer])) as [string];
  await waitFor(() => samples.length >= 200, 15_000);
  conn.off('output-text', onOutput);
  await conn.run(['kill-pane', '-t', pane]);
  return samples;
}

async function latencyTable(server: TmuxServer, conn: TmuxConnection, quiet: number[]): Promise<BenchTable> {
  const loaded = await outputLatency(conn, 'b0');
  // Round trip of one small command: connection vs a one-shot process.
  const rtt: number[] = [];
  for (let i = 0; i < 200; i++) rtt.push(await timeIt(() => conn.run(['display-message', '-p', '#{pane_id}'])));
  const once: number[] = [];
  for (let i = 0; i < 20; i++) once.push(await timeIt(() => execa('tmux', ['-L', server.name, 'display-message', '-p', '#{pane_id}'])));
  return {
    title: 'Latency',
    columns: ['what', 'p50 ms', 'p95 ms', 'samples'],
    rows: [
      ['pane prints → output event (1 other pane)', median(quiet), percentile(quiet, 95), quiet.length],
      ['pane prints → output event (500 other panes)', median(loaded), percentile(loaded, 95), loaded.length],
      ['one command round trip (connection)', median(rtt), percentile(rtt, 95), rtt.length],
      ['one command as its own tmux process', median(once), percentile(once, 95), once.length],
    ],
    notes: [
      'the printing pane writes a timestamp every 8 ms; both clocks are this machine\'s.',
      `machine load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores (shared).`,
    ],
  };
}

function rssMb(pid: number | undefined): number {
  if (!pid) return NaN;
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function coverageTable(): Promise<BenchTable> {
  const server = createTmuxServer();
  try {
    const SESSIONS = 20;
    for (let i = 0; i < SESSIONS; i++) await server.newSession(`u${i}`, ['sh', '-c', 'exec sleep 3600']);
    // (a) one control client per session: what an extra client costs.
    const t0 = now();
    const conn = connectTmux({ socketName: server.name });
    await conn.waitConnected(10_000);
    await waitFor(() => conn.counters().controlClients === SESSIONS);
    const allAttached = now() - t0;
    const pids = (await conn.run(['list-clients', '-F', '#{client_pid}'])).map(Number);
    const rss = median(pids.map(rssMb));
    // (b) link every session's window into one monitor session (pipelined).
    await conn.run(['new-session', '-d', '-s', 'monitor']);
    const link = await timeIt(() => conn.runAll(Array.from({ length: SESSIONS }, (_, i) => ['link-window', '-d', '-s', `u${i}:0`, '-t', 'monitor:'])));
    // What linking does to the user's windows: every one is now linked twice, and killing the
    // user's session no longer ends its programs (the window lives on in the monitor session).
    const linked = (await conn.run(['list-windows', '-a', '-F', '#{window_linked}'])).filter((l) => l === '1').length;
    const [pid] = await conn.run(['display-message', '-p', '-t', 'u0:0', '#{pane_pid}']);
    await conn.run(['kill-session', '-t', 'u0']);
    const survived = (await conn.run(['list-panes', '-s', '-t', 'monitor', '-F', '#{pane_pid}'])).includes(pid!);
    conn.close();
    return {
      title: `Coverage: ${SESSIONS} sessions — a control client per session (chosen) vs windows linked into a monitor session`,
      columns: ['measure', 'value'],
      rows: [
        [`connect + attach ${SESSIONS} control clients (ms, total)`, allAttached],
        ['RSS of one tmux -C client process (MB, median)', rss],
        [`link ${SESSIONS} windows into a monitor session (ms, pipelined)`, link],
        ['`list-windows -a` rows with window_linked=1 after linking (each window twice)', linked],
        ["user kills a session: its agent survives in the monitor session", survived ? 'yes' : 'no'],
      ],
      notes: [
        'linking is cheaper but changes the user\'s windows (linked twice, listed twice, a session kill no longer ends them);',
        'a client per session leaves users\' sessions untouched for a few MB each: chosen (src/core/tmux/connection.ts).',
      ],
    };
  } finally {
    await server.kill();
  }
}

export default async function bench(): Promise<BenchTable[]> {
  const server = createTmuxServer();
  try {
    await server.newSession('bench0');
    const conn = connectTmux({ socketName: server.name, commandTimeoutMs: 30_000 });
    await conn.waitConnected(10_000);
    const quiet = await outputLatency(conn, 'bench0');
    const capture = await captureTable(server, conn);
    const latency = await latencyTable(server, conn, quiet);
    conn.close();
    return [capture, latency, await coverageTable()];
  } finally {
    await server.kill();
  }
}
