// Transition latency per agent CLI: how long after a pane's last output the monitor reports the
// state it shows. The fake agent (test/fixtures/fake-agent) is the baseline, measured in the same
// run; each real CLI installed by scripts/install-real-clis.sh runs against the model-API stand-in
// (test/helpers/model-api). Each agent in its own private tmux server, with the monitor on it:
//   draft      text typed and left in the box → unsubmitted      (target < 300 ms)
//   turn       a message: busy, its permission prompt (waiting), the answer, busy, idle
//   exit       the CLI quits to its shell → crashed               (target < 300 ms)
// A real CLI takes 30–90 s to start here: ORC_BENCH_CLIS and ORC_BENCH_ROUNDS bound the run.
// Latency = the transition's time − the pane's last %output before it (the screen it judged).
// `idle` includes the settle the profile asks for (quiet time for output-driven screens).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StateTransition } from '../src/shared/domain.js';
import { DEFAULT_SETTINGS } from '../src/shared/settings.js';
import type { AgentState } from '../src/shared/vocabulary.js';
import { createMonitor } from '../src/core/monitor/index.js';
import { connectTmux } from '../src/core/tmux/index.js';
import { FAKE_AGENT } from '../test/helpers/fake-agent.js';
import { startModelApi } from '../test/helpers/model-api/index.js';
import { prepareCli, realCliPath, realCliScratch, REAL_CLIS, type RealCli } from '../test/helpers/real-clis.js';
import { createTmuxServer } from '../test/helpers/tmux.js';
import { waitFor } from '../test/helpers/poll.js';
import { percentile, type BenchTable } from './lib.js';

const ROUNDS = Number(process.env.ORC_BENCH_ROUNDS ?? 3);
/** Which real CLIs (default: every installed one); e.g. ORC_BENCH_CLIS=claude,codex. */
const ONLY = process.env.ORC_BENCH_CLIS?.split(',');
const EXIT: Record<RealCli, string> = { claude: '/exit', codex: '/quit', gemini: '/quit', qwen: '/quit', opencode: '/exit' };
const DRAFT = 'a draft left here';

type Agent = 'fake' | RealCli;

interface Sample {
  to: AgentState;
  ms: number;
}

async function measure(agent: Agent): Promise<Sample[]> {
  const server = createTmuxServer();
  const api = agent === 'fake' ? null : await startModelApi();
  const scratch = agent === 'fake' ? mkdtempSync(join(tmpdir(), 'orc-bench-fake-')) : realCliScratch(`bench-${agent}`);
  const samples: Sample[] = [];
  const conn = connectTmux({ socketName: server.name, commandTimeoutMs: 10_000 });
  let stop = () => {};
  try {
    let argv: string[];
    let env: Record<string, string> = {};
    let cwd = scratch;
    if (agent === 'fake') argv = ['node', FAKE_AGENT];
    else {
      const run = prepareCli(agent, api!.url, scratch);
      argv = run.argv;
      env = run.env;
      cwd = run.work;
    }
    const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    const type = agent === 'fake' ? 'claude' : agent;
    const pane = (
      await server.tmux(
        'new-session', '-d', '-s', 'bench', '-x', '120', '-y', '40', '-c', cwd, '-P', '-F', '#{pane_id}', ...envArgs,
        'bash', '--norc', '--noprofile', '-i', '-c', `${argv.join(' ')}; exec bash --norc --noprofile`, ';', 'set-option', '-p', '@orc-type', type,
      )
    ).trim();
    await conn.waitConnected(10_000);
    let lastOutputAt = 0;
    conn.on('output', (e) => {
      if (e.paneId === pane) lastOutputAt = Date.now();
    });
    const monitor = createMonitor({ conn, settings: DEFAULT_SETTINGS });
    const seen: StateTransition[] = [];
    monitor.onEvent((e) => {
      if (e.type !== 'agentChanged' || !e.transition || e.agent.paneId !== pane) return;
      seen.push(e.transition);
      samples.push({ to: e.transition.to, ms: Math.max(0, e.transition.at - lastOutputAt) });
    });
    await monitor.start();
    stop = () => monitor.stop();
    const id = `local/${pane}`;
    const state = (s: AgentState, ms = 90_000) => monitor.waitFor(id, (a) => a.state === s, ms);
    const type_ = (text: string) => conn.sendText(pane, text);
    await state('idle', 120_000);
    // Claude Code's first-run offer: choose "keep manual mode" (Enter once the choice has moved).
    const offer = await server.waitForScreen(pane, (s) => /Make auto mode your default/.test(s), 5_000).catch(() => null);
    if (offer) {
      await conn.sendKeys(pane, ['Down']);
      await server.waitForScreen(pane, (s) => /❯ No, keep manual mode/.test(s), 5_000);
      await conn.sendKeys(pane, ['Enter']);
      await state('idle');
    }
    for (let round = 0; round < ROUNDS; round++) {
      await type_(DRAFT);
      await state('unsubmitted');
      await conn.run(['send-keys', '-t', pane, '-N', String(DRAFT.length + 4), 'BSpace']);
      await state('idle');
      const before = seen.length;
      const message = agent === 'fake' ? 'ask' : 'orc-turn-1 go';
      await type_(message);
      // Enter in the same read as the text is a pasted newline to some TUIs (Codex): after the echo.
      await server.waitForScreen(pane, (s) => s.includes(message), 10_000);
      await conn.sendKeys(pane, ['Enter']);
      await state('waiting');
      await server.waitForScreen(pane, (s) => /rm -rf \.\/build|\(y\/n\)|Do you want|Allow|Permission|Would you like/.test(s), 10_000).catch(() => '');
      await conn.sendKeys(pane, ['Enter']);
      await waitFor(() => seen.slice(before).some((t) => t.from === 'waiting'), 'the answer taken', 30_000);
      await state('idle');
    }
    const exit = agent === 'fake' ? 'crash' : EXIT[agent];
    await type_(exit);
    await server.waitForScreen(pane, (s) => s.includes(exit), 10_000);
    await conn.sendKeys(pane, ['Enter']);
    await state('crashed', 30_000);
  } finally {
    stop();
    conn.close();
    await server.kill();
    await api?.stop();
    rmSync(scratch, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
  return samples;
}

export default async function bench(): Promise<BenchTable[]> {
  const agents: Agent[] = ['fake', ...REAL_CLIS.filter((c) => realCliPath(c) !== null && (!ONLY || ONLY.includes(c)))];
  const rows: (string | number)[][] = [];
  const kinds: AgentState[] = ['unsubmitted', 'busy', 'waiting', 'idle', 'crashed'];
  for (const agent of agents) {
    let samples: Sample[];
    try {
      samples = await measure(agent);
    } catch (err) {
      rows.push([agent, 'failed', (err as Error).message.split('\n')[0]!.slice(0, 80), '', '']);
      continue;
    }
    for (const to of kinds) {
      const ms = samples.filter((s) => s.to === to).map((s) => s.ms);
      if (ms.length > 0) rows.push([agent, `→ ${to}`, ms.length, Math.round(percentile(ms, 50)), Math.round(percentile(ms, 95))]);
    }
  }
  const missing = REAL_CLIS.filter((c) => realCliPath(c) === null);
  return [
    {
      title: `Transition latency per agent CLI: transition − the pane's last output (ms; ${ROUNDS} rounds each; fake agent = baseline${missing.length ? `; not installed: ${missing.join(', ')}` : ''})`,
      columns: ['agent', 'transition', 'n', 'p50 ms', 'p95 ms'],
      rows,
    },
  ];
}
