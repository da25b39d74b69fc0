// `tmux-orc mcp`: the round trip of a tool call as an agent's MCP host sees it (the SDK's own
// client over stdio), list_agents at 10 and 100 agents, against the protocol floor (an MCP
// ping through the same pipe) and `tmux list-panes -a` on the same server, in the same run.
// Target (issue 21): list_agents at 100 agents < 50 ms.
//
// Agents are panes tagged @orc-type claude showing an idle Claude Code screen (as in cli.bench).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { createTmuxServer } from '../test/helpers/tmux.js';
import { idleClaudeAgents, median, percentile, timeIt, type BenchTable } from './lib.js';

const CALLS = 30;
const BIN = resolve('bin/tmux-orc.js');

async function sample(fn: () => Promise<unknown>): Promise<number[]> {
  await fn();
  const xs: number[] = [];
  for (let i = 0; i < CALLS; i++) xs.push(await timeIt(fn));
  return xs;
}

function tmuxWall(server: string): number[] {
  const xs: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    spawnSync('tmux', ['-L', server, 'list-panes', '-a'], { stdio: 'ignore' });
    xs.push(performance.now() - t0);
  }
  return xs;
}

export default async function bench(): Promise<BenchTable[]> {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'orc-mcp-bench-'));
  const server = createTmuxServer();
  const client = new Client({ name: 'orc-bench', version: '1.0.0' });
  const rows: (string | number)[][] = [];
  try {
    const agents = await idleClaudeAgents(server, dir);
    const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [BIN, '-L', server.name, '--db', join(dir, 'orc.db'), 'mcp'], env, stderr: 'ignore' }),
    );
    for (const n of [10, 100]) {
      await agents.growTo(n);
      const list = async () => {
        const r = await client.callTool({ name: 'list_agents', arguments: {} });
        const seen = (r.structuredContent as { agents: unknown[] } | undefined)?.agents.length;
        if (seen !== n) throw new Error(`list_agents saw ${seen} agents, expected ${n}`);
      };
      const xs = await sample(list);
      const tmux = median(tmuxWall(server.name));
      rows.push([`list_agents, ${n} agents`, median(xs), percentile(xs, 95), tmux, median(xs) / tmux]);
    }
    const pings = await sample(() => client.ping());
    rows.push(['ping (protocol floor)', median(pings), percentile(pings, 95), '-', '-']);
  } finally {
    await client.close().catch(() => undefined);
    await server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    {
      title: `MCP tool call round trip (tmux-orc mcp, SDK client over stdio, ${CALLS} calls)`,
      columns: ['call', 'median ms', 'p95 ms', 'tmux list-panes -a ms', 'ratio'],
      rows,
      notes: [
        'baseline: `tmux list-panes -a` on the same server, as a process (what any front end pays to see the panes)',
        'target: list_agents at 100 agents < 50 ms',
        'the engine opens at the first call and stays open: later calls are one snapshot (listing, pipelined captures, classify)',
      ],
    },
  ];
}
