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
import { createActions, type Actions } from '../src/core/actions/index.js';
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

async function idle(actions: Actions, name: string): Promise<void> {
  await until(async () => ((await actions.look(name))?.c.state === 'idle' ? true : undefined));
}

/** ms from `t0` until `paneTarget` runs `node` (polled over the connection). */
async function runsCommandAfter(conn: TmuxConnection, paneTarget: string, t0: number): Promise<number> {
  return until(async () => {
    const [line = ''] = await conn.run(['display-message', '-p', '-t', paneTarget, '#{pane_id} #{pane_current_command}']).catch(() => ['']);
    return /^%\d+ node$/.test(line.trim()) ? performance.now() - t0 : undefined;
  });
}

export default async function bench(): Promise<BenchTable[]> {
  const server = createTmuxServer();
  const dir = mkdtempSync(join(tmpdir(), 'orc-actions-bench-'));
  await server.newSession('base');
  const conn = connectTmux({ socketName: server.name });
  await conn.waitConnected();
  const store = openStore({ path: join(dir, 'orc.db') });
  const actions = createActions({ conn, store, env: { ...process.env, ORC_AGENT_CMD_CLAUDE: FAKE_CMD } });
  try {
    // ---- spawn ----
    const spawnReady: number[] = [];
    const spawnRuns: number[] = [];
    for (let i = 0; i < SPAWNS; i++) {
      const t0 = performance.now();
      const p = actions.spawnAgent({ name: `sp${i}`, type: 'claude', cwd: dir, session: 'bench' });
      const runs = runsCommandAfter(conn, `=bench:=sp${i}`, t0);
      const r = await p;
      spawnReady.push(performance.now() - t0);
      spawnRuns.push(await runs);
      if (r.agent.state !== 'idle') throw new Error(`sp${i} not idle: ${r.agent.reason}`);
    }
    const baseRuns: number[] = [];
    const baseReady: number[] = [];
    for (let i = 0; i < SPAWNS; i++) {
      const t0 = performance.now();
      const p = execa('tmux', ['-L', server.name, 'new-window', '-d', '-t', 'base:', '-n', `raw${i}`, FAKE_CMD]);
      const runs = runsCommandAfter(conn, `=base:=raw${i}`, t0);
      await p;
      baseRuns.push(await runs);
      await until(async () => ((await conn.capture(`${(await conn.run(['display-message', '-p', '-t', `=base:=raw${i}`, '#{pane_id}']))[0]}`)).includes('? for shortcuts') ? true : undefined));
      baseReady.push(performance.now() - t0);
    }

    // ---- send ----
    await actions.spawnAgent({ name: 'rx', type: 'claude', cwd: dir, session: 'bench', env: { FAKE_AGENT_DEFAULT_MS: '50' } });
    const single: number[] = [];
    const multi: number[] = [];
    const raw: number[] = [];
    const rx = (await actions.look('rx'))!.info.paneId;
    for (let i = 0; i < SENDS; i++) {
      await idle(actions, 'rx');
      let t0 = performance.now();
      const r1 = await actions.sendMessage('rx', `status report ${i}: "quotes"; $HOME 🎉`);
      single.push(performance.now() - t0);
      if (r1.status !== 'delivered') throw new Error(r1.reason);
      await idle(actions, 'rx');
      t0 = performance.now();
      const r2 = await actions.sendMessage('rx', `line one ${i}\nline two; $x\nline three 🎉`);
      multi.push(performance.now() - t0);
      if (r2.status !== 'delivered') throw new Error(r2.reason);
      await idle(actions, 'rx');
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
          ['baseline: tmux new-window process: runs the command', SPAWNS, median(baseRuns), percentile(baseRuns, 95)],
          ['baseline: tmux new-window process: prompt drawn', SPAWNS, median(baseReady), percentile(baseReady, 95)],
        ],
        notes: ['targets: pane runs its command < 300 ms; the old orchestrator took 8-12 s to spawn', 'ready includes Node starting the fake agent (~its own start-up time)'],
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
