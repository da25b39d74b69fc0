// Soak (#16), bounded to about two minutes: 50 fake agents on a private tmux server watched by a
// real `tmux-orc monitor --json` process (the built CLI), through
//   - SOAK_CYCLES (default 3) kills of the tmux server, each followed by a new server on the same
//     socket and `tmux-orc restore` (the CLI, as a person runs it);
//   - a SIGKILL of the monitor and a new monitor taking over its lease;
//   - a busy/idle round (every agent sent `work 500ms`) after the kills and after the new monitor.
// Reported: time from the kill until the monitor says the server is gone, until the ONE lost
// notification naming all 50 is in the store, until the monitor is connected again after the
// new server starts; restore's wall time for 50 agents and until all 50 are idle again; agents
// lost or duplicated after each restore (by name on the server and in the fleet manifest);
// transitions lost in the busy/idle rounds (busy → idle lines of the monitor per agent); the new
// monitor's time to take over; the monitor's RSS before and after the kills.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { createOrchestrator } from '../src/core/orchestrator.js';
import { openStore } from '../src/core/store/index.js';
import { dispatch } from '../src/shared/api.js';
import type { AgentInfo, RestoreOutcome } from '../src/shared/domain.js';
import { createTmuxServer, type TmuxServer } from '../test/helpers/tmux.js';
import { median, type BenchTable } from './lib.js';

const BIN = resolve('bin/tmux-orc.js');
const FAKE = `node ${resolve('test/fixtures/fake-agent/fake-agent.mjs')}`;
const AGENTS = 50;
const CYCLES = Number(process.env.SOAK_CYCLES ?? 3) || 3;
const NAMES = Array.from({ length: AGENTS }, (_, i) => `soak-${String(i).padStart(2, '0')}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000, everyMs = 10): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (performance.now() > deadline) throw new Error(`soak: timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** A `tmux-orc monitor --json` process: its stdout lines and stderr lines, each stamped when read. */
interface MonitorRun {
  child: ChildProcess;
  out: { at: number; line: string }[];
  err: { at: number; line: string }[];
  exited: Promise<number | null>;
}

function startMonitor(socket: string, db: string, env: NodeJS.ProcessEnv): MonitorRun {
  const child = spawn(process.execPath, [BIN, '-L', socket, '--db', db, 'monitor', '--json'], { stdio: ['ignore', 'pipe', 'pipe'], env });
  const run: MonitorRun = { child, out: [], err: [], exited: new Promise((r) => child.once('exit', (c) => r(c))) };
  createInterface({ input: child.stdout! }).on('line', (line) => run.out.push({ at: performance.now(), line }));
  createInterface({ input: child.stderr! }).on('line', (line) => run.err.push({ at: performance.now(), line }));
  return run;
}

/** When a stderr line after index `from` first matched (waits for it). */
const saidAt = (m: MonitorRun, from: number, re: RegExp, what: string, timeoutMs = 30_000) =>
  until(what, () => m.err.slice(from).find((l) => re.test(l.line))?.at, timeoutMs);

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

export default async function bench(): Promise<BenchTable[]> {
  const dir = mkdtempSync(join(tmpdir(), 'orc-soak-'));
  const work = join(dir, 'work');
  mkdirSync(work);
  const db = join(dir, 'orc.db');
  const env = { ...process.env, ORC_AGENT_CMD_CLAUDE: FAKE, FAKE_AGENT_DEFAULT_MS: '300' };
  let server: TmuxServer = createTmuxServer();
  const socket = server.name;
  const monitors: MonitorRun[] = [];

  /** The engine in one-shot mode (no monitor), as the CLI has it, for one call. */
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const orc = await createOrchestrator({ socketName: socket, dbPath: db, monitor: false, shell: 'cli', env, timings: { readyMs: 30_000 } });
    try {
      return (await dispatch(orc.handlers, method, input)) as T;
    } finally {
      await orc.close();
    }
  };
  const namesOnServer = async () =>
    (await server.tmux('list-panes', '-a', '-F', '#{@orc-name}').catch(() => '')).split('\n').filter((n) => n.startsWith('soak-')).sort();
  let lastStates = '';
  const allIdle = async () => {
    const agents = (await call<AgentInfo[]>('listAgents', {}).catch(() => [] as AgentInfo[])).filter((a) => a.name.startsWith('soak-'));
    const by = new Map<string, number>();
    for (const a of agents) by.set(a.state, (by.get(a.state) ?? 0) + 1);
    lastStates = [...by].map(([k, v]) => `${v} ${k}`).join(', ') + ` (${agents.filter((a) => a.state !== 'idle').slice(0, 3).map((a) => `${a.name}: ${a.reason}`).join('; ')})`;
    return (agents.length === AGENTS && by.get('idle') === AGENTS) || undefined;
  };
  const idleOrSay = (what: string) => until(what, allIdle, 60_000, 200).catch((err: Error) => {
    throw new Error(`${err.message}; last seen: ${lastStates}`);
  });
  const lostNotes = () => {
    const s = openStore({ path: db, readonly: true });
    try {
      return s.notifications.list({ kind: 'lost' });
    } finally {
      s.close();
    }
  };
  const manifest = () => {
    const s = openStore({ path: db, readonly: true });
    try {
      return s.fleet.list();
    } finally {
      s.close();
    }
  };
  /** Every agent sent `work 500ms`; how many of them the monitor reports busy → idle afterwards. */
  const rounds: string[] = [];
  const busyIdleRound = async (m: MonitorRun, label: string): Promise<number> => {
    const from = m.out.length;
    const sent = await call<{ target: string; result: { status: string } }[]>('broadcast', { all: true, text: 'work 500ms', now: true });
    const delivered = sent.filter((s) => s.result.status === 'delivered').length;
    const roundTrips = () => {
      const done = new Set<string>();
      for (const { line } of m.out.slice(from)) {
        const t = JSON.parse(line) as { name: string; from: string; state: string };
        if (t.from === 'busy' && t.state === 'idle') done.add(t.name);
      }
      return done.size;
    };
    await until('busy → idle of every agent', () => roundTrips() >= delivered || undefined, 30_000).catch(() => undefined);
    const lost = AGENTS - Math.min(roundTrips(), delivered);
    rounds.push(`${label}: ${delivered}/${AGENTS} delivered, ${roundTrips()} busy → idle${lost ? `; the monitor printed ${m.out.length - from} lines, said ${m.err.map((l) => l.line).join(' | ')}` : ''}`);
    return lost;
  };

  const detect: number[] = [];
  const lostNote: number[] = [];
  const reconnect: number[] = [];
  const restoreWall: number[] = [];
  const restoreIdle: number[] = [];
  const problems: string[] = [];
  let lostOrDuplicated = 0;
  let notesNaming50 = 0;
  let transitionsLost = 0;
  let takeover = NaN;
  let rssBefore = NaN;
  let rssAfter = NaN;
  let rssSecond = NaN;
  try {
    // The monitor and restore run as the built CLI: build it from this checkout first.
    await execa(process.execPath, ['scripts/build-cli.mjs']);
    await server.newSession('base');
    const m1 = startMonitor(socket, db, env);
    monitors.push(m1);
    await saidAt(m1, 0, /Ctrl-C stops/, 'the monitor to start');

    // 50 agents through the engine's own spawn (so they are in the fleet manifest), 10 at a time.
    const t0 = performance.now();
    for (let i = 0; i < AGENTS; i += 10) {
      await Promise.all(NAMES.slice(i, i + 10).map((name, k) => call('spawnAgent', { name, type: 'claude', team: k % 2 ? 'soak-b' : 'soak-a', session: 'soak', cwd: work })));
    }
    await idleOrSay('50 agents idle');
    const spawnMs = performance.now() - t0;
    await sleep(2_000); // the monitor settles (its first captures, metrics tick)
    rssBefore = rssMb(m1.child.pid!);
    transitionsLost += await busyIdleRound(m1, 'before the kills');

    for (let c = 0; c < CYCLES; c++) {
      const notesBefore = lostNotes().length;
      const errFrom = m1.err.length;
      const kill = performance.now();
      await server.kill();
      detect.push((await saidAt(m1, errFrom, /tmux (disconnected|no_server)/, 'the monitor to notice')) - kill);
      const note = await until('the lost notification', () => lostNotes().slice(notesBefore)[0], 30_000, 20);
      lostNote.push(performance.now() - kill);
      if (note.members.length === AGENTS && new Set(note.members.map((x) => x.agent)).size === AGENTS) notesNaming50++;
      else problems.push(`cycle ${c + 1}: the lost notification names ${note.members.length} agents`);
      if (lostNotes().length - notesBefore !== 1) problems.push(`cycle ${c + 1}: ${lostNotes().length - notesBefore} lost notifications (one expected)`);

      server = createTmuxServer(socket);
      const upFrom = m1.err.length;
      const up = performance.now();
      await server.newSession('base');
      reconnect.push((await saidAt(m1, upFrom, /tmux connected/, 'the monitor to reconnect')) - up);

      const r0 = performance.now();
      const r = await execa(process.execPath, [BIN, '-L', socket, '--db', db, 'restore', '--json'], { env, reject: false });
      restoreWall.push(performance.now() - r0);
      if (r.exitCode !== 0) throw new Error(`soak: restore exited ${r.exitCode}: ${r.stderr}`);
      const outcomes = JSON.parse(r.stdout) as RestoreOutcome[];
      const restored = outcomes.filter((o) => o.status === 'restored').length;
      if (restored !== AGENTS) problems.push(`cycle ${c + 1}: restore says ${restored} restored: ${outcomes.filter((o) => o.status !== 'restored').map((o) => `${o.name} ${o.status} ${o.reason}`).join('; ')}`);
      await idleOrSay('50 restored agents idle');
      restoreIdle.push(performance.now() - r0);

      // Each name exactly once on the server, each once in the manifest, none still lost.
      const names = await namesOnServer();
      const rows = manifest().filter((e) => e.name.startsWith('soak-'));
      const missing = NAMES.filter((n) => !names.includes(n)).length;
      const duplicated = names.length - new Set(names).size;
      const stillLost = rows.filter((e) => e.lostAt !== null).length;
      lostOrDuplicated += missing + duplicated + Math.abs(rows.length - AGENTS) + stillLost;
      if (missing + duplicated + stillLost) problems.push(`cycle ${c + 1}: ${missing} missing, ${duplicated} duplicated, ${stillLost} still lost`);
    }
    transitionsLost += await busyIdleRound(m1, 'after the kills');
    await sleep(2_000);
    rssAfter = rssMb(m1.child.pid!);

    // The monitor SIGKILLed (its lease left behind): a new one takes over and loses nothing.
    const notesBefore = lostNotes().length;
    m1.child.kill('SIGKILL');
    await m1.exited;
    const k0 = performance.now();
    const m2 = startMonitor(socket, db, env);
    monitors.push(m2);
    const started = await saidAt(m2, 0, /monitoring .*: (\d+) agents?; Ctrl-C stops/, 'the new monitor to take over');
    takeover = started - k0;
    const agentsSeen = /: (\d+) agents?;/.exec(m2.err.find((l) => /Ctrl-C stops/.test(l.line))!.line)?.[1];
    if (Number(agentsSeen) !== AGENTS) problems.push(`the new monitor saw ${agentsSeen} agents`);
    transitionsLost += await busyIdleRound(m2, 'under the new monitor');
    rssSecond = rssMb(m2.child.pid!);
    if (lostNotes().length !== notesBefore) problems.push(`the monitor's restart reported ${lostNotes().length - notesBefore} lost notifications`);

    const ms = (xs: number[]) => (xs.length ? Math.round(median(xs)) : '—');
    const range = (xs: number[]) => (xs.length ? `${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))}` : '—');
    return [
      {
        title: `Soak: ${AGENTS} fake agents, ${CYCLES} tmux server kills + restore, monitor SIGKILLed once (tmux-orc monitor and restore as processes)`,
        columns: ['measure', 'median', 'range', 'n', 'target'],
        rows: [
          ['kill → monitor says the server is gone (ms)', ms(detect), range(detect), detect.length, '—'],
          ['kill → the one lost notification in the store (ms)', ms(lostNote), range(lostNote), lostNote.length, '—'],
          ['new server → monitor connected again (ms)', ms(reconnect), range(reconnect), reconnect.length, '< 2000'],
          [`tmux-orc restore of ${AGENTS} agents, wall time (ms)`, ms(restoreWall), range(restoreWall), restoreWall.length, '—'],
          [`restore start → all ${AGENTS} idle again (ms)`, ms(restoreIdle), range(restoreIdle), restoreIdle.length, '—'],
          ['lost notifications naming all 50, one per kill', `${notesNaming50}/${CYCLES}`, '', CYCLES, `${CYCLES}/${CYCLES}`],
          ['agents lost or duplicated after restore (total)', lostOrDuplicated, '', CYCLES, 0],
          ['busy → idle transitions lost (3 rounds × 50)', transitionsLost, '', 3 * AGENTS, 0],
          ['SIGKILL → new monitor monitoring (ms, incl. node start)', Math.round(takeover), '', 1, '—'],
          ['monitor RSS before → after the kills (MB)', `${rssBefore.toFixed(1)} → ${rssAfter.toFixed(1)}`, `${(((rssAfter - rssBefore) / rssBefore) * 100).toFixed(1)} %`, 1, '< +10 %'],
          ['new monitor RSS after its first round (MB)', rssSecond.toFixed(1), '', 1, '—'],
        ],
        notes: [
          `spawning the 50 agents (10 at a time, through the engine) took ${Math.round(spawnMs)} ms`,
          ...rounds.map((r) => `busy/idle round ${r}`),
          ...(problems.length ? problems.map((p) => `PROBLEM: ${p}`) : ['no problems: every check held']),
        ],
      },
    ];
  } finally {
    for (const m of monitors) if (m.child.exitCode === null && m.child.signalCode === null) m.child.kill('SIGTERM');
    await Promise.all(monitors.map((m) => m.exited));
    await server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
