// The CLI's wall time as a user sees it: `tmux-orc list` at 10 and 100 agents against plain
// `tmux list-panes -a` on the same server in the same run (the floor any tmux front end pays),
// `tmux-orc --help`, and bare `node -e 0` (the floor any Node program pays).
// Targets (issue 7): list at 100 agents < 250 ms wall, --help < 150 ms.
//
// Agents are panes tagged @orc-type claude that show a Claude Code idle screen and then sleep:
// the CLI does the same work as for real agents (one listing, a capture per agent, classify),
// without 100 Node processes competing for the machine.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTmuxServer } from '../test/helpers/tmux.js';
import { idleClaudeAgents, median, type BenchTable } from './lib.js';

const RUNS = 9;
const BIN = resolve('bin/tmux-orc.js');

function wallMs(file: string, args: string[], env?: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const r = spawnSync(file, args, { stdio: ['ignore', 'ignore', 'pipe'], env: env ?? process.env });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${file} ${args.join(' ')} exited ${r.status}: ${r.stderr?.toString()}`);
  return ms;
}

/** Median wall ms of RUNS runs, after one warm-up (file cache, tmux server). */
function medianWall(file: string, args: string[], env?: NodeJS.ProcessEnv): number {
  wallMs(file, args, env);
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) xs.push(wallMs(file, args, env));
  return median(xs);
}

export default async function bench(): Promise<BenchTable[]> {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'orc-cli-bench-'));
  const db = join(dir, 'orc.db');
  const env = { ...process.env, ORC_DB: db };
  const server = createTmuxServer();
  const rows: (string | number)[][] = [];
  try {
    const agents = await idleClaudeAgents(server, dir);
    for (const n of [10, 100]) {
      await agents.growTo(n);
      const listed = JSON.parse(execFileSync(process.execPath, [BIN, '-L', server.name, 'list', '--json'], { env, encoding: 'utf8' })) as unknown[];
      if (listed.length !== n) throw new Error(`tmux-orc list saw ${listed.length} agents, expected ${n}`);
      const tmuxMs = medianWall('tmux', ['-L', server.name, 'list-panes', '-a']);
      const listMs = medianWall(process.execPath, [BIN, '-L', server.name, 'list'], env);
      const jsonMs = medianWall(process.execPath, [BIN, '-L', server.name, 'list', '--json'], env);
      rows.push([`tmux-orc list, ${n} agents`, listMs, tmuxMs, listMs / tmuxMs]);
      rows.push([`tmux-orc list --json, ${n} agents`, jsonMs, tmuxMs, jsonMs / tmuxMs]);
    }
    const nodeMs = medianWall(process.execPath, ['-e', '0']);
    const helpMs = medianWall(process.execPath, [BIN, '--help']);
    rows.push(['tmux-orc --help', helpMs, nodeMs, helpMs / nodeMs]);
    rows.push(['node -e 0 (Node start-up floor)', nodeMs, nodeMs, 1]);
  } finally {
    await server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    {
      title: 'CLI wall time (median of 9 runs)',
      columns: ['command', 'median ms', 'baseline ms', 'ratio'],
      rows,
      notes: [
        'baseline: `tmux list-panes -a` on the same server for list; `node -e 0` for --help',
        'targets: list at 100 agents < 250 ms; --help < 150 ms',
        'agents: panes tagged @orc-type claude showing an idle Claude Code screen',
      ],
    },
  ];
}
