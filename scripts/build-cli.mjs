// Bundles the CLI (src/cli) into dist/cli with esbuild: one small entry file plus lazily
// loaded chunks per command. Runs on `npm install` (prepare) and before the tests.
//
// Pure-JS dependencies (zod, execa, ws) are bundled in: loading one pre-linked chunk is
// several times faster than resolving their hundreds of ESM files at every start, and start-up
// time is what a CLI is judged by. Native and optional-native packages stay in node_modules.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const outdir = new URL('../dist/cli/', import.meta.url).pathname;

// Old chunks are left in place (hashed names, a few KB each): several test runs may build
// and run the CLI at once, and deleting files under a running one would break it.
await build({
  entryPoints: { 'tmux-orc': 'src/cli/index.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  external: ['better-sqlite3', 'electron', 'bufferutil', 'utf-8-validate'],
  // Bundled CommonJS packages (ws) call require() for Node built-ins.
  banner: { js: "import { createRequire as __orcRequire } from 'node:module'; const require = __orcRequire(import.meta.url);" },
  define: { __ORC_VERSION__: JSON.stringify(pkg.version) },
  sourcemap: 'linked',
  logLevel: 'warning',
});
