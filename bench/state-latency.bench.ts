// How late the monitor reports `crashed` after a silent exit and `unsubmitted` after a draft
// (issue #15's target: under 300 ms where the facts allow). The fake agent on a private tmux
// server; ORC_BENCH_ROUNDS rounds (default 10).
//   crashed     the agent SIGKILLed (prints nothing; its pane kept by remain-on-exit, as spawn
//               sets it): kill → transition. Two monitors watch the same deaths: one with the
//               format subscription alone (what main had: tmux checks it once a second), one
//               with the hook feed (tmux's pane-died hook).
//   unsubmitted a draft typed at the composer, and one typed while the agent works and left in
//               the box when the turn ends: the pane's last output → transition. Text being
//               typed (a key every 100 ms) must not be reported at all.
import type { StateTransition } from '../src/shared/domain.js';
import { DEFAULT_SETTINGS } from '../src/shared/settings.js';
import { createMonitor, type Monitor } from '../src/core/monitor/index.js';
import { connectTmux, type TmuxConnection } from '../src/core/tmux/index.js';
import { FAKE_AGENT } from '../test/helpers/fake-agent.js';
import { createTmuxServer, type TmuxServer } from '../test/helpers/tmux.js';
import { waitFor } from '../test/helpers/poll.js';
import { percentile, type BenchTable } from './lib.js';

const ROUNDS = Number(process.env.ORC_BENCH_ROUNDS ?? 10);
const TARGET_MS = 300;
/**
 * Main before the unsent-text hold changed (40fc2fb), this bench, this machine (load ≈ 17, 10
 * rounds): a draft left in the box while the agent worked was held 1 s from the moment it
 * showed, and text typed for over 1 s was reported while still being typed.
 */
const BEFORE = { draftAfterWork: { p50: 1156, p95: 1200 }, typingFlagged: '2 in 10 rounds' };

const settings = { ...DEFAULT_SETTINGS, quietMs: 300 };

interface Watched {
  monitor: Monitor;
  conn: TmuxConnection;
  transitions: StateTransition[];
}

async function watch(server: TmuxServer, hooks: boolean): Promise<Watched> {
  const conn = connectTmux({ socketName: server.name, commandTimeoutMs: 10_000 });
  await conn.waitConnected(10_000);
  const monitor = createMonitor({ conn, settings, hookTarget: hooks ? { socketName: server.name } : null });
  const transitions: StateTransition[] = [];
  monitor.onEvent((e) => {
    if (e.type === 'agentChanged' && e.transition) transitions.push(e.transition);
  });
  await monitor.start();
  return { monitor, conn, transitions };
}

/** The pane listed as an agent (listings follow the topology event) and idle. */
async function listedIdle(w: Watched, id: string): Promise<void> {
  await waitFor(() => w.monitor.get(id), `${id} listed`, 30_000);
  await w.monitor.waitFor(id, (a) => a.state === 'idle', 30_000);
}

const stats = (ms: number[]) => [ms.length, Math.round(percentile(ms, 50)), Math.round(percentile(ms, 95)), Math.round(percentile(ms, 100))];

async function silentExits(server: TmuxServer): Promise<(string | number)[][]> {
  const subscription = await watch(server, false);
  const hook = await watch(server, true);
  const late = { subscription: [] as number[], hook: [] as number[] };
  try {
    const pane = (await server.tmux('new-window', '-P', '-F', '#{pane_id}', 'node', FAKE_AGENT, ';', 'set-option', '-p', 'remain-on-exit', 'on', ';', 'set-option', '-p', '@orc-type', 'claude')).trim();
    const id = `local/${pane}`;
    for (let round = 0; round < ROUNDS; round++) {
      if (round > 0) await server.tmux('respawn-pane', '-t', pane, 'node', FAKE_AGENT);
      for (const w of [subscription, hook]) await listedIdle(w, id);
      // Quiet past the quiet time's own look: only a death notice can make the next capture.
      await new Promise((r) => setTimeout(r, 1_000));
      const pid = Number(await server.tmux('display-message', '-p', '-t', pane, '#{pane_pid}'));
      const killedAt = Date.now();
      process.kill(pid, 'SIGKILL');
      for (const [name, w] of [['subscription', subscription], ['hook', hook]] as const) {
        const a = await w.monitor.waitFor(id, (x) => x.state === 'crashed', 10_000);
        late[name].push(a.since - killedAt);
      }
    }
  } finally {
    for (const w of [subscription, hook]) {
      w.monitor.stop();
      w.conn.close();
    }
  }
  return [
    ['crashed after a silent exit', 'format subscription alone (main before)', ...stats(late.subscription)],
    ['crashed after a silent exit', 'pane-died hook (now)', ...stats(late.hook)],
  ];
}

async function drafts(server: TmuxServer): Promise<(string | number)[][]> {
  const w = await watch(server, true);
  const atComposer: number[] = [];
  const afterWork: number[] = [];
  let typingRounds = 0;
  let typingFlagged = 0;
  try {
    const pane = (await server.tmux('new-window', '-P', '-F', '#{pane_id}', 'node', FAKE_AGENT, ';', 'set-option', '-p', '@orc-type', 'claude')).trim();
    const id = `local/${pane}`;
    let lastOutputAt = 0;
    let longestGap = 0;
    w.conn.on('output', (e) => {
      if (e.paneId !== pane) return;
      const now = Date.now();
      if (lastOutputAt) longestGap = Math.max(longestGap, now - lastOutputAt);
      lastOutputAt = now;
    });
    const unsubmitted = async (): Promise<number> => {
      const a = await w.monitor.waitFor(id, (x) => x.state === 'unsubmitted', 10_000);
      return a.since - lastOutputAt;
    };
    const clear = async () => {
      await w.conn.sendKeys(pane, ['Escape']);
      await w.monitor.waitFor(id, (x) => x.state === 'idle', 10_000);
    };
    await listedIdle(w, id);
    for (let round = 0; round < ROUNDS; round++) {
      // Typed slowly at the composer (a key every 100 ms): not unsent while keys keep coming.
      // A round whose echoes came further apart than the 250 ms that make a draft (a loaded
      // machine) proves nothing about typing and is left out of that row.
      const before = w.transitions.length;
      longestGap = 0;
      lastOutputAt = 0;
      for (const ch of 'draft text') {
        await w.conn.sendText(pane, ch);
        await new Promise((r) => setTimeout(r, 100));
      }
      const flagged = w.transitions.slice(before).filter((t) => t.to === 'unsubmitted').length;
      if (longestGap < 250) {
        typingRounds++;
        typingFlagged += flagged;
      }
      // Then left there: a finished draft.
      const ms = await unsubmitted();
      if (flagged === 0) atComposer.push(ms);
      await clear();
      // Typed while the agent works, left in the box when its turn ends.
      await w.conn.sendText(pane, 'work 2s');
      await w.conn.sendKeys(pane, ['Enter']);
      await w.monitor.waitFor(id, (x) => x.state === 'busy', 10_000);
      await w.conn.sendText(pane, 'a draft written meanwhile');
      afterWork.push(await unsubmitted());
      await clear();
    }
  } finally {
    w.monitor.stop();
    w.conn.close();
  }
  return [
    ['unsubmitted after a draft', 'typed at the composer', ...stats(atComposer)],
    ['unsubmitted after a draft', `left in the box when the turn ends (main before: p50 ${BEFORE.draftAfterWork.p50}, p95 ${BEFORE.draftAfterWork.p95})`, ...stats(afterWork)],
    ['unsubmitted while typing', `a key every 100 ms, echoes < 250 ms apart: transitions (must be 0; main before: ${BEFORE.typingFlagged})`, typingRounds, typingFlagged, '', ''],
  ];
}

export default async function bench(): Promise<BenchTable[]> {
  const server = createTmuxServer();
  try {
    await server.newSession('bench', ['sh']);
    await waitFor(() => server.tmux('has-session', '-t', 'bench').then(() => true), 'the session');
    const rows = [...(await silentExits(server)), ...(await drafts(server))];
    return [
      {
        title: `State latency, fake agent (${ROUNDS} rounds; target < ${TARGET_MS} ms)`,
        columns: ['transition', 'how', 'n', 'p50 ms', 'p95 ms', 'max ms'],
        rows,
        notes: [
          'crashed: kill → transition; unsubmitted: the pane\'s last output → transition (includes the 250 ms with no key that makes text a draft)',
          'a tmux built with libutempter sometimes misses the SIGCHLD of a pane\'s program (tmux/tmux#311) and runs pane-died only at its next child: then the subscription notices, within a second',
        ],
      },
    ];
  } finally {
    await server.kill();
  }
}
