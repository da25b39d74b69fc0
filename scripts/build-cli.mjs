// Bundles the CLI (src/cli) into dist/cli with esbuild: one fast-loading file plus lazily
// loaded chunks per command. Runs on `npm install` (prepare) and before the tests.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: { 'tmux-orc': 'src/cli/index.ts' },
  outdir: 'dist/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  // Native and large runtime packages stay in node_modules.
  packages: 'external',
  define: { __ORC_VERSION__: JSON.stringify(pkg.version) },
  sourcemap: 'linked',
  logLevel: 'warning',
});
