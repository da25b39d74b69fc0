// Actions benchmarks with fake agents on a private tmux server:
//  - send-and-verify to an idle fake agent (median ms; target < 300), single-line and
//    multi-line, against a baseline in the same run: the bare keystrokes (send-keys + Enter,
//    no verification) — the floor any verified send pays on top of.
//  - spawn-to-ready for the fake agent (median ms), and how soon after the spawn call the
//    pane exists and runs the agent's command (target < 300 ms); baseline: one `tmux
//    new-window` process running the same command, polled the same way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { createActions } from '../src/core/actions/index.js';
import { onOneHost, type ActCalls } from '../test/helpers/act.js';
import { openStore } from '../src/core/store/index.js';
import { connectTmux, type TmuxConnection } from '../src/core/tmux/index.js';
import { createTmuxServer } from '../test/helpers/tmux.js';
import { median, percentile, type BenchTable } from './lib.js';

const FAKE_CMD = `node ${resolve('test/fixtures/fake-agent/fake-agent.mjs')}`;
const SENDS = 20;
const SPAWNS = 6;

async function until<T>(fn: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (performance.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setImmediate(r));
  }
}

/** Idle again after answering `reply` (so the next measured send starts from a settled agent). */
async function idle(actions: ActCalls, name: string, reply = ''): Promise<void> {
  await until(async () => {
    const l = await actions.look(name);
    return l?.classification.state === 'idle' && l.screen.includes(reply) ? true : undefined;
  });
}

/** The pane of the window named `name` and its command, from a listing (display -t is lenient with missing targets). */
async function paneOf(conn: TmuxConnection, name: string): Promise<{ paneId: string; command: string } | undefined> {
  const lines = await conn.run(['list-panes', '-a', '-F', '#{window_name} #{pane_id} #{pane_current_command}']);
  const hit = lines.map((l) => l.split(' ')).find((f) => f[0] === name);
  return hit ? { paneId: hit[1]!, command: hit[2] ?? '' } : undefined;
}

/** ms from `t0` until the window `name` runs `node`. */
async function runsCommandAfter(conn: TmuxConnection, name: string, t0: number): Promise<number> {
  return until(async () => ((await paneOf(conn, name))?.command === 'node' ? performance.now() - t0 : undefined));
}

/** When the fake agent's prompt first shows in window `name` (polled as fast as the connection answers). */
async function promptDrawnAt(conn: TmuxConnection, name: string): Promise<number> {
  return until(async () => {
    const p = await paneOf(conn, name);
    const screen = p ? await conn.capture(p.paneId).catch(() => '') : '';
    return screen.includes('? for shortcuts') ? performance.now() : undefined;
  });
}

export default async function bench(): Promise<BenchTable[]> {
  const server = createTmuxServer();
  const dir = mkdtempSync(join(tmpdir(), 'orc-actions-bench-'));
  await server.newSession('base');
  const conn = connectTmux({ socketName: server.name });
  await conn.waitConnected();
  const store = openStore({ path: join(dir, 'orc.db') });
  // Called as dispatch calls them: the input parsed, the target resolved, then the action.
  const actions = onOneHost(createActions({ conn, store, env: { ...process.env, ORC_AGENT_CMD_CLAUDE: FAKE_CMD } }));
  try {
    // ---- spawn ----
    const spawnReady: number[] = [];
    const spawnRuns: number[] = [];
    const readyLag: number[] = [];
    for (let i = 0; i < SPAWNS; i++) {
      const t0 = performance.now();
      const p = actions.spawnAgent({ name: `sp${i}`, type: 'claude', cwd: dir, session: 'bench' });
      const runs = runsCommandAfter(conn, `sp${i}`, t0);
      const drawn = promptDrawnAt(conn, `sp${i}`);
      const r = await p;
      const readyAt = performance.now();
      spawnReady.push(readyAt - t0);
      spawnRuns.push(await runs);
      readyLag.push(readyAt - (await drawn));
      if (r.agent.state !== 'idle') throw new Error(`sp${i} not idle: ${r.agent.reason}`);
    }
    const baseRuns: number[] = [];
    const baseReady: number[] = [];
    for (let i = 0; i < SPAWNS; i++) {
      const t0 = performance.now();
      const p = execa('tmux', ['-L', server.name, 'new-window', '-d', '-t', 'base:', '-n', `raw${i}`, FAKE_CMD]);
      const runs = runsCommandAfter(conn, `raw${i}`, t0);
      await p;
      baseRuns.push(await runs);
      baseReady.push((await promptDrawnAt(conn, `raw${i}`)) - t0);
    }

    // ---- send ----
    await actions.spawnAgent({ name: 'rx', type: 'claude', cwd: dir, session: 'bench', env: { FAKE_AGENT_DEFAULT_MS: '50' } });
    const single: number[] = [];
    const multi: number[] = [];
    const raw: number[] = [];
    const rx = (await actions.look('rx'))!.info.paneId;
    for (let i = 0; i < SENDS; i++) {
      await idle(actions, 'rx', i ? `Done: raw ${i - 1}` : '');
      let t0 = performance.now();
      const r1 = await actions.sendMessage({ target: 'rx', text: `status report ${i}: "quotes"; $HOME 🎉` });
      single.push(performance.now() - t0);
      if (r1.status !== 'delivered') throw new Error(r1.reason);
      await idle(actions, 'rx', `Done: status report ${i}`);
      t0 = performance.now();
      const r2 = await actions.sendMessage({ target: 'rx', text: `line one ${i}\nline two; $x\nline three 🎉` });
      multi.push(performance.now() - t0);
      if (r2.status !== 'delivered') throw new Error(r2.reason);
      await idle(actions, 'rx', `Done: line one ${i}`);
      t0 = performance.now();
      await conn.runAll([['send-keys', '-l', '-t', rx, '--', `raw ${i}`], ['send-keys', '-t', rx, 'Enter']]);
      raw.push(performance.now() - t0);
    }
    const ratio = (a: number[], b: number[]) => `${(median(a) / median(b)).toFixed(1)}×`;
    return [
      {
        title: 'Send and verify to an idle fake agent (ms)',
        columns: ['what', 'n', 'median', 'p95', 'vs bare keys'],
        rows: [
          ['sendMessage, one line (verified)', SENDS, median(single), percentile(single, 95), ratio(single, raw)],
          ['sendMessage, three lines via bracketed paste (verified)', SENDS, median(multi), percentile(multi, 95), ratio(multi, raw)],
          ['baseline: send-keys -l + Enter, unverified', SENDS, median(raw), percentile(raw, 95), '1.0×'],
        ],
        notes: ['target: verified send < 300 ms median', 'verified = the text showed in the box, left it after Enter, and the agent went busy'],
      },
      {
        title: 'Spawn a fake agent (ms after the call)',
        columns: ['what', 'n', 'median', 'p95'],
        rows: [
          ['spawnAgent: pane exists and runs the command', SPAWNS, median(spawnRuns), percentile(spawnRuns, 95)],
          ['spawnAgent: ready (classifier says idle)', SPAWNS, median(spawnReady), percentile(spawnReady, 95)],
          ['readiness noticed after the prompt is drawn', SPAWNS, median(readyLag), percentile(readyLag, 95)],
          ['baseline: tmux new-window process: runs the command', SPAWNS, median(baseRuns), percentile(baseRuns, 95)],
          ['baseline: tmux new-window process: prompt drawn', SPAWNS, median(baseReady), percentile(baseReady, 95)],
        ],
        notes: ['targets: pane runs its command < 300 ms; readiness noticed < 200 ms after the prompt; the old orchestrator took 8-12 s to spawn', 'ready includes Node starting the fake agent; the lag is measured against a poller that captures as fast as the connection answers'],
      },
    ];
  } finally {
    actions.close();
    conn.close();
    store.close();
    await server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
