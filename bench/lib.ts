// Shared helpers for benchmarks: statistics and the printed table. Benchmarks are not tests:
// they print figures (medians, percentiles, ratios against a baseline run in the same process).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function median(xs: number[]): number {
  return percentile(xs, 50);
}

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i]!;
}

export interface BenchTable {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  notes?: string[];
}

const fmt = (v: string | number) =>
  typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v < 10 ? v.toFixed(2) : v.toFixed(1)) : v;

export function formatTable(t: BenchTable): string {
  const cells = [t.columns, ...t.rows.map((r) => r.map(fmt))];
  const widths = t.columns.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: (string | number)[]) =>
    '| ' + r.map((c, i) => String(c).padEnd(widths[i]!)).join(' | ') + ' |';
  const out = [`## ${t.title}`, line(t.columns), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|'];
  for (const r of cells.slice(1)) out.push(line(r));
  for (const n of t.notes ?? []) out.push(`- ${n}`);
  return out.join('\n');
}

/** A benchmark module's default export. */
export type Benchmark = () => Promise<BenchTable[]>;

export async function timeIt(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Panes that look like idle Claude Code agents: they draw its idle screen, then sleep. */
export interface IdleAgents {
  /** Add agents (tagged @orc-type claude, named agent-N) until there are `n`, in session `bench`. */
  growTo(n: number): Promise<void>;
}

export async function idleClaudeAgents(
  server: { tmux(...args: string[]): Promise<string>; newSession(session: string, command?: string[]): Promise<string> },
  dir: string,
): Promise<IdleAgents> {
  const rule = '─'.repeat(100);
  const screen = join(dir, 'idle-claude-screen.sh');
  writeFileSync(screen, `printf '%s\\n' '✻ Welcome to Claude Code' '' '${rule}' '❯ ' '${rule}' '  ? for shortcuts'; exec sleep 3600\n`);
  await server.newSession('bench', ['sh', screen]);
  let agents = 0;
  return {
    async growTo(n) {
      for (; agents < n; agents++) {
        const pane =
          agents === 0
            ? (await server.tmux('list-panes', '-t', 'bench:', '-F', '#{pane_id}')).trim()
            : (await server.tmux('new-window', '-d', '-t', 'bench:', '-P', '-F', '#{pane_id}', 'sh', screen)).trim();
        await server.tmux('set-option', '-p', '-t', pane, '@orc-type', 'claude');
        await server.tmux('set-option', '-p', '-t', pane, '@orc-name', `agent-${agents}`);
      }
    },
  };
}
