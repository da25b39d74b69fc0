// How each real CLI comes up: when its screen first reads as ready (idle or waiting) and how long
// after that it still changes (Claude Code's auto-mode offer, Codex's composer hints, Gemini CLI's
// redraw). What spawn's settle time (src/core/actions/spawn.ts readySettleMs) is chosen from.
//   npx tsx scripts/measure-startup.ts [--only claude,codex,gemini] [--rounds 3]
// Each CLI runs in a private tmux server against the model-API stand-in; the screen is read
// every 20 ms for 6 s after it first reads as ready.
import { rmSync } from 'node:fs';
import type { AgentType } from '../src/shared/vocabulary.js';
import { classifyScreen } from '../src/core/agents/classify.js';
import { startModelApi } from '../test/helpers/model-api/index.js';
import { prepareCli, realCliPath, realCliScratch, type RealCli } from '../test/helpers/real-clis.js';
import { createTmuxServer } from '../test/helpers/tmux.js';

const WATCH_AFTER_READY_MS = 6_000;
const STARTUP_LIMIT_MS = 90_000;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const only = (arg('--only') ?? 'claude,codex,gemini').split(',') as RealCli[];
const rounds = Number(arg('--rounds') ?? 3);

interface Round {
  readyMs: number;
  /** Ms after ready of each later change of the screen, with the state it then read as. */
  changes: string[];
}

async function measure(cli: RealCli, apiUrl: string): Promise<Round | null> {
  const server = createTmuxServer();
  const scratch = realCliScratch(`startup-${cli}`);
  try {
    const run = prepareCli(cli, apiUrl, scratch);
    const envArgs = Object.entries(run.env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    const t0 = Date.now();
    // Without CI=true: Gemini CLI takes it for "not interactive".
    const pane = (
      await server.tmux('new-session', '-d', '-s', 'm', '-x', '120', '-y', '40', '-c', run.work, '-P', '-F', '#{pane_id}', ...envArgs,
        'bash', '--norc', '--noprofile', '-c', `unset CI CONTINUOUS_INTEGRATION; exec ${run.argv.join(' ')}`)
    ).trim();
    let last = '';
    let readyAt = 0;
    const changes: string[] = [];
    while (Date.now() - t0 < STARTUP_LIMIT_MS && !(readyAt && Date.now() - readyAt > WATCH_AFTER_READY_MS)) {
      const screen = await server.capture(pane);
      if (screen !== last) {
        const c = classifyScreen(cli as AgentType, screen, { currentCommand: cli, dead: false, quietMs: 60_000, quietThresholdMs: 2_000, now: Date.now() });
        if (!readyAt && (c.state === 'idle' || c.state === 'waiting')) readyAt = Date.now();
        else if (readyAt) changes.push(`+${Date.now() - readyAt} ${c.state}`);
        last = screen;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return readyAt ? { readyMs: readyAt - t0, changes } : null;
  } finally {
    await server.kill();
    rmSync(scratch, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
}

const api = await startModelApi();
try {
  for (const cli of only) {
    if (!realCliPath(cli)) {
      console.log(`${cli}: not installed (scripts/install-real-clis.sh)`);
      continue;
    }
    for (let i = 0; i < rounds; i++) {
      const r = await measure(cli, api.url);
      console.log(r ? `${cli}: ready ${r.readyMs} ms after start; then ${r.changes.join(', ') || 'no change'}` : `${cli}: never ready`);
    }
  }
} finally {
  await api.stop();
}
