// Monitor benchmarks on a private tmux server (`tmux -L orc-bench-…`, killed at the end):
//   1. full reconcile (list panes + capture every agent pipelined + classify) of 10/50/100 fake
//      agents (real fake-agent processes) and 500 panes (the 100 plus 400 lighter panes: `sleep`
//      showing a real Claude Code screen written to their tty), against the baseline of one
//      `tmux capture-pane` process per pane, measured in the same run;
//   2. output-to-transition latency, end to end: the bench writes a screen to a pane's tty and
//      times the transition event (Claude profile: screen-driven; generic: beyond the quiet time);
//   3. CPU %, RSS and processes spawned per minute of a monitor watching 100 fake agents, 20 of
//      them busy (spinner redrawn every 100 ms), for MONITOR_BENCH_SECONDS (default 60).
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { connectTmux, type TmuxConnection } from '../src/core/tmux/index.js';
import { openStore } from '../src/core/store/index.js';
import { DEFAULT_SETTINGS, type Settings } from '../src/shared/settings.js';
import { createMonitor, snapshotOnce, type Monitor, type MonitorEvent } from '../src/core/monitor/index.js';
import { median, percentile, timeIt, type BenchTable } from './lib.js';

const FAKE = resolve('test/fixtures/fake-agent/fake-agent.mjs');
const SCREENS = resolve('test/fixtures/screens/claude');
const SECONDS = Number(process.env.MONITOR_BENCH_SECONDS ?? 60) || 60;
/** MONITOR_BENCH_STEADY_ONLY=1: only part 3 (the CPU figure), for a quick look on a busy machine. */
const STEADY_ONLY = process.env.MONITOR_BENCH_STEADY_ONLY === '1';
const RUNS = 7;
const QUIET_MS = 500;

const screen = (file: string) =>
  readFileSync(join(SCREENS, file), 'utf8').split('\n').filter((l) => !l.startsWith('#fixture')).slice(0, 40).join('\r\n');
const IDLE = `\x1b[H\x1b[2J${screen('idle-after-reply.txt')}`;
const BUSY = `\x1b[H\x1b[2J${screen('busy-streaming-reply-spinner.txt')}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, probe: () => Promise<boolean> | boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await sleep(100);
  }
  throw new Error(`bench: timed out waiting for ${what}`);
}

export default async function bench(): Promise<BenchTable[]> {
  const name = `orc-bench-${randomBytes(4).toString('hex')}`;
  const tmux = async (...args: string[]) => (await execa('tmux', ['-L', name, '-f', '/dev/null', ...args])).stdout;
  const dir = mkdtempSync(join(tmpdir(), 'orc-monitor-bench-'));
  let conn: TmuxConnection | null = null;
  let monitor: Monitor | null = null;
  try {
    await tmux('new-session', '-d', '-s', 'fa', '-x', '120', '-y', '40', 'sleep', '1000000');
    await tmux('set-option', '-g', 'default-size', '120x40');
    await tmux('new-session', '-d', '-s', 'st', '-x', '120', '-y', '40', 'sleep', '1000000');
    conn = connectTmux({ socketName: name, commandTimeoutMs: 20_000 });
    await conn.waitConnected(10_000);
    const c = conn;
    const store = openStore({ path: join(dir, 'orc.db') });
    const settings: Settings = { ...DEFAULT_SETTINGS, quietMs: QUIET_MS, reconcileIntervalMs: 10_000 };
    monitor = createMonitor({ conn: c, store, settings });
    const m = monitor;
    const events: MonitorEvent[] = [];
    m.onEvent((e) => {
      if (e.type === 'agentChanged' && e.transition) events.push(e);
    });

    /** Start fake agents (tagged claude) until there are `n`; resolve when all are idle. */
    let fakes = 0;
    const growFakes = async (n: number) => {
      const cmds: string[][] = [];
      for (let i = fakes; i < n; i++) cmds.push(['new-window', '-d', '-t', 'fa:', '-n', `eng${i}`, '-P', '-F', '#{pane_id}', 'node', FAKE]);
      const ids = (await c.runAll(cmds)).map((l) => l[0]!);
      await c.runAll(ids.flatMap((id, k) => [['set-option', '-p', '-t', id, '@orc-type', 'claude'], ['set-option', '-p', '-t', id, '@orc-name', `eng${fakes + k}`]]));
      fakes = n;
      await m.reconcile();
      await until(`${n} fake agents idle`, async () => {
        await m.reconcile();
        return m.agents().filter((a) => a.state === 'idle').length >= n;
      });
    };
    const reconcileRow = async (label: string, n: number, baselineMs: number | null) => {
      const steady: number[] = [];
      const forced: number[] = [];
      for (let i = 0; i < RUNS; i++) steady.push(await m.reconcile());
      for (let i = 0; i < RUNS; i++) forced.push(await m.reconcile({ force: true }));
      const s = median(steady);
      return [label, n, round(s), round(median(forced)), baselineMs === null ? '—' : round(baselineMs), baselineMs === null ? '—' : `${round(baselineMs / s)}×`];
    };
    const perProcessBaseline = async (n: number) => {
      const ids = m.agents().slice(0, n).map((a) => a.paneId);
      return timeIt(async () => {
        for (const id of ids) await tmux('capture-pane', '-p', '-t', id);
      });
    };

    await m.start();
    const reconcileRows: (string | number)[][] = [];
    const claudeLatency: number[] = [];
    const genericLatency: number[] = [];
    if (STEADY_ONLY) await growFakes(100);
    else {
      await growFakes(10);
      reconcileRows.push(await reconcileRow('fake agents', 10, await perProcessBaseline(10)));
      await growFakes(50);
      reconcileRows.push(await reconcileRow('fake agents', 50, null));
      await growFakes(100);
      reconcileRows.push(await reconcileRow('fake agents', 100, await perProcessBaseline(100)));

      // 400 lighter panes: `sleep` with a real Claude Code screen written to its tty.
      const statics = (await c.runAll(Array.from({ length: 400 }, (_, i) => ['new-window', '-d', '-t', 'st:', '-n', `s${i}`, '-P', '-F', '#{pane_id}\x1f#{pane_tty}', 'sleep', '1000000']))).map((l) => {
        const [id = '', tty = ''] = l[0]!.split('\x1f');
        return { id, tty };
      });
      const ttys = new Map(statics.map((s) => [s.id, openSync(s.tty, 'w')]));
      const write = (id: string, text: string) => writeSync(ttys.get(id)!, text);
      const generics = statics.slice(0, 20);
      await c.runAll(statics.map((s, i) => ['set-option', '-p', '-t', s.id, '@orc-type', i < generics.length ? 'generic' : 'claude']));
      for (const s of statics) write(s.id, IDLE);
      await until('500 agents listed', async () => (await m.reconcile(), m.agents().length >= 500));
      await until('500 agents settled', async () => (await m.reconcile(), m.agents().filter((a) => a.state === 'idle').length >= 500), 60_000);
      reconcileRows.push(await reconcileRow('100 fake + 400 static', 500, null));

      // Latency, end to end: write a screen, time the transition event.
      const waitTo = async (id: string, to: string, from: number, timeoutMs = 10_000) => {
        const deadline = performance.now() + timeoutMs;
        while (performance.now() < deadline) {
          const e = events.slice(from).find((x) => x.type === 'agentChanged' && x.agent.paneId === id && x.transition?.to === to);
          if (e && e.type === 'agentChanged') return e.transition!.at;
          await new Promise((r) => setImmediate(r));
        }
        throw new Error(`bench: no ${to} transition for ${id}`);
      };
      for (const s of statics.slice(generics.length, generics.length + 40)) {
        let from = events.length;
        write(s.id, BUSY);
        await waitTo(s.id, 'busy', from);
        await sleep(300); // a turn lasts a while; the idle screen is then the pane's next output
        from = events.length;
        const t0 = Date.now();
        write(s.id, IDLE);
        claudeLatency.push((await waitTo(s.id, 'idle', from)) - t0);
      }
      for (const s of generics) {
        let from = events.length;
        write(s.id, 'tick\r\n');
        await waitTo(s.id, 'busy', from);
        from = events.length;
        const t0 = Date.now();
        write(s.id, 'last line\r\n');
        genericLatency.push((await waitTo(s.id, 'idle', from, QUIET_MS + 10_000)) - t0 - QUIET_MS);
      }
      for (const fd of ttys.values()) closeSync(fd);
      await tmux('kill-session', '-t', 'st');
      await until('back to 100 agents', async () => (await m.reconcile(), m.agents().length === 100), 60_000);
    }

    // Steady state: 100 fake agents, 20 of them busy for the whole period.
    const busy = m.agents().slice(0, 20);
    for (const a of busy) {
      await c.sendText(a.paneId, `work ${SECONDS + 30}s`);
      await c.sendKeys(a.paneId, ['Enter']);
    }
    await until('20 busy', () => m.agents().filter((a) => a.state === 'busy').length >= 20, 30_000);
    const snapRuns: number[] = [];
    for (let i = 0; i < 3; i++) snapRuns.push(await timeIt(() => snapshotOnce(c)));
    const snapMs = median(snapRuns);
    // The measured monitor runs in a process of its own (plain node, bundled: no tsx, no bench
    // code), once as the connection alone (the baseline) and once with the monitor.
    m.stop();
    c.close();
    const runner = await bundleRunner();
    const runChild = async (mode: 'conn' | 'monitor', secs: number) => {
      const r = await execa(process.execPath, [runner], {
        env: { ORC_BENCH_SOCKET: name, ORC_BENCH_DB: join(dir, `${mode}.db`), ORC_BENCH_SECONDS: String(secs), ORC_BENCH_MODE: mode, ORC_BENCH_QUIET: String(QUIET_MS) },
      });
      return JSON.parse(r.stdout) as ChildResult;
    };
    const baseSecs = Math.max(5, Math.round(SECONDS / 3));
    const base = await runChild('conn', baseSecs);
    const mon = await runChild('monitor', SECONDS);
    store.close();

    const steadyTable: BenchTable = {
      title: `Monitor: steady state, 100 fake agents (20 busy, spinner every 100 ms), ${SECONDS} s, monitor in its own process`,
      columns: ['metric', 'value', 'target'],
      rows: [
        ['CPU, % of one core (monitor process: monitor + its tmux connection)', round(mon.cpuPercent), '≤ 2'],
        [`baseline: a process with the connection alone, no monitor (${baseSecs} s)`, round(base.cpuPercent), '—'],
        ["the monitor's own share (difference)", round(mon.cpuPercent - base.cpuPercent), '—'],
        ['RSS, MB (median of 1 s samples)', round(mon.rssMb), '< 100'],
        ['RSS, MB, max', round(mon.rssMaxMb), '—'],
        ['RSS of the connection-only process, MB', round(base.rssMb), '—'],
        ['processes spawned per minute', round(mon.processesPerMinute), '0'],
        ['%output events per s', round(mon.outputPerSec), '—'],
        ['captures per s', round(mon.capturesPerSec), '—'],
        ['classifications per s', round(mon.classificationsPerSec), '—'],
        ['capture batches per s', round(mon.batchesPerSec), '—'],
      ],
      notes: [
        'the runner is src/ bundled with esbuild and run by plain node (what the CLI ships), so RSS is the monitor, not the bench',
        'the fake agents redraw their whole screen on every spinner frame (~5 KB per frame; real Claude Code redraws less); %output is split into lines on the bytes and only counted, never decoded to text',
      ],
    };
    if (STEADY_ONLY) return [steadyTable];
    return [
      {
        title: 'Monitor: full reconcile (list panes + capture all pipelined + classify), median ms',
        columns: ['panes', 'agents', 'reconcile (hash skips unchanged)', 'reconcile (classify all)', 'baseline: one capture-pane process per pane', 'speed-up'],
        rows: reconcileRows,
        notes: [
          `median of ${RUNS} runs each; targets: 100 agents < 50 ms, 500 < 250 ms`,
          '500 = the 100 fake-agent processes plus 400 lighter panes (`sleep` showing a real Claude Code screen written to the pane tty)',
          `snapshotOnce (CLI list: list + capture + classify, no loop) with 100 agents (20 busy): ${round(snapMs)} ms median of 3`,
        ],
      },
      {
        title: 'Monitor: output-to-transition latency (end to end: tty write → transition event), ms',
        columns: ['case', 'samples', 'p50', 'p95', 'max'],
        rows: [
          ['claude profile busy → idle (screen change), 500 agents watched', claudeLatency.length, round(percentile(claudeLatency, 50)), round(percentile(claudeLatency, 95)), round(Math.max(...claudeLatency))],
          [`generic profile busy → idle, beyond the quiet time (${QUIET_MS} ms)`, genericLatency.length, round(percentile(genericLatency, 50)), round(percentile(genericLatency, 95)), round(Math.max(...genericLatency))],
        ],
        notes: [
          'target: p95 < 100 ms beyond the quiet time',
          'claude: seen from the screen, without waiting for the quiet time: a busy pane is captured once its output pauses 150 ms (busySettleMs; a spinner frame is 100 ms), so ≈150 ms + one capture',
          'Date.now() resolution (1 ms) on both ends',
        ],
      },
      steadyTable,
    ];
  } finally {
    monitor?.stop();
    conn?.close();
    await execa('tmux', ['-L', name, 'kill-server'], { reject: false });
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ChildResult {
  cpuPercent: number;
  rssMb: number;
  rssMaxMb: number;
  processesPerMinute: number;
  outputPerSec: number;
  capturesPerSec: number;
  classificationsPerSec: number;
  batchesPerSec: number;
}

/** The measured process: connect, (monitor,) measure CPU/RSS/processes for N s, print JSON. */
const RUNNER = `
import { connectTmux } from './src/core/tmux/index.js';
import { openStore } from './src/core/store/index.js';
import { DEFAULT_SETTINGS } from './src/shared/settings.js';
import { createMonitor, MetricsSampler } from './src/core/monitor/index.js';
const env = process.env;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const conn = connectTmux({ socketName: env.ORC_BENCH_SOCKET, commandTimeoutMs: 20000 });
await conn.waitConnected(10000);
const store = env.ORC_BENCH_MODE === 'monitor' ? openStore({ path: env.ORC_BENCH_DB }) : null;
const m = store ? createMonitor({ conn, store, settings: { ...DEFAULT_SETTINGS, quietMs: Number(env.ORC_BENCH_QUIET) } }) : null;
await m?.start();
// Sampled as the orchestrator does for the local monitor (every 10 s).
const sampler = m ? new MetricsSampler({ sample: (now) => m.sample(now), store, emit: () => undefined, warn: () => undefined }) : null;
sampler?.start(10000);
await sleep(3000);
const secs = Number(env.ORC_BENCH_SECONDS);
const s0 = m?.stats();
const k0 = conn.counters();
const c0 = process.cpuUsage();
const t0 = performance.now();
const rss = [];
const iv = setInterval(() => rss.push(process.memoryUsage.rss() / 2 ** 20), 1000);
await sleep(secs * 1000);
clearInterval(iv);
const cpu = process.cpuUsage(c0);
const wall = performance.now() - t0;
const s1 = m?.stats();
const k1 = conn.counters();
const per = (a, b) => ((b - a) / wall) * 1000;
rss.sort((a, b) => a - b);
process.stdout.write(JSON.stringify({
  cpuPercent: ((cpu.user + cpu.system) / 1000 / wall) * 100,
  rssMb: rss[Math.floor(rss.length / 2)] ?? 0,
  rssMaxMb: rss.at(-1) ?? 0,
  processesPerMinute: per(k0.processesSpawned, k1.processesSpawned) * 60,
  outputPerSec: per(k0.outputEvents, k1.outputEvents),
  capturesPerSec: s1 ? per(s0.captures, s1.captures) : 0,
  classificationsPerSec: s1 ? per(s0.classifications, s1.classifications) : 0,
  batchesPerSec: s1 ? per(s0.batches, s1.batches) : 0,
}));
sampler?.stop();
m?.stop();
conn.close();
store?.close();
`;

async function bundleRunner(): Promise<string> {
  const { build } = await import('esbuild');
  const out = resolve('node_modules/.cache/orc-monitor-bench/runner.mjs');
  await build({
    stdin: { contents: RUNNER, resolveDir: resolve('.'), loader: 'ts', sourcefile: 'monitor-runner.ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: out,
    logLevel: 'silent',
  });
  return out;
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
