// `npm run bench [NAME...]`: runs bench/*.bench.ts (or the named ones) one after another and
// prints each one's tables. Run on a quiet machine; figures are medians.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { formatTable, type Benchmark } from './lib.js';

const dir = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

if (files.length === 0) {
  console.error(`no benchmarks match ${wanted.join(' ') || '(any)'}; see bench/*.bench.ts`);
  process.exit(2);
}
for (const f of files) {
  const t0 = performance.now();
  process.stderr.write(`running ${f}…\n`);
  const mod = (await import(pathToFileURL(join(dir, f)).href)) as { default: Benchmark };
  const tables = await mod.default();
  for (const t of tables) console.log(formatTable(t) + '\n');
  process.stderr.write(`${f} took ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
