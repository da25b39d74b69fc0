// How many captured screens (test/fixtures/screens) the classifier gets right, per CLI folder.
//   npx tsx scripts/fixture-accuracy.ts [--wrong]      (--wrong lists each miss with the reason)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyScreen } from '../src/core/agents/classify.js';
import type { AgentState, AgentType } from '../src/shared/vocabulary.js';

const ROOT = 'test/fixtures/screens';
const showWrong = process.argv.includes('--wrong');
interface Header {
  type: AgentType;
  expect: AgentState;
  alt?: AgentState;
  synthetic?: boolean;
  captured: string;
  facts: { currentCommand: string; startCommand?: string; dead: boolean; deadStatus: number | null; quietMs: number; quietThresholdMs: number };
}
const rows: string[] = [];
let all = 0;
let right = 0;
for (const dir of readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory())) {
  let n = 0;
  let ok = 0;
  for (const f of readdirSync(join(ROOT, dir.name)).filter((x) => x.endsWith('.txt'))) {
    const text = readFileSync(join(ROOT, dir.name, f), 'utf8');
    const nl = text.indexOf('\n');
    const h = JSON.parse(text.slice('#fixture '.length, nl)) as Header;
    if (h.synthetic) continue;
    const c = classifyScreen(h.type, text.slice(nl + 1), { ...h.facts, now: Date.parse(h.captured) });
    n++;
    if (c.state === h.expect || c.state === h.alt) ok++;
    else if (showWrong) console.log(`${dir.name}/${f}: want ${h.expect}${h.alt ? `|${h.alt}` : ''}, got ${c.reason}`);
  }
  if (n) rows.push(`${dir.name.padEnd(10)} ${String(ok).padStart(4)}/${String(n).padEnd(4)} ${((100 * ok) / n).toFixed(0).padStart(3)} %`);
  all += n;
  right += ok;
}
console.log(rows.join('\n'));
console.log(`${'all'.padEnd(10)} ${String(right).padStart(4)}/${String(all).padEnd(4)} ${((100 * right) / all).toFixed(0).padStart(3)} %`);
