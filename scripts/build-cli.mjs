// Bundles the CLI (src/cli) into dist/cli with esbuild: one small entry file plus lazily
// loaded chunks per command. Runs on `npm install` (prepare) and before the tests.
//
// Pure-JS dependencies (zod, ws) are bundled in: loading one pre-linked chunk is
// several times faster than resolving their hundreds of ESM files at every start, and start-up
// time is what a CLI is judged by. Native and optional-native packages stay in node_modules.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const outdir = new URL('../dist/cli/', import.meta.url).pathname;

// Old chunks are left in place (hashed names, a few KB each): several test runs may build
// and run the CLI at once, and deleting files under a running one would break it.
// zod's namespace re-exports every locale (64 files, ~400 KB bundled) though only English is
// ever used: the CLI gets a locales module holding English alone.
const onlyEnglishZodLocales = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: join(dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-locales' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
    }));
  },
};

await build({
  plugins: [onlyEnglishZodLocales],
  entryPoints: { 'tmux-orc': 'src/cli/index.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  external: ['better-sqlite3', 'electron', 'bufferutil', 'utf-8-validate'],
  // execa is ~380 KB of JavaScript to load at every start; the CLI uses a small compatible
  // subset of it (see src/cli/execa-lite.ts).
  alias: { execa: './src/cli/execa-lite.ts' },
  // Bundled CommonJS packages (ws) call require() for Node built-ins.
  banner: { js: "import { createRequire as __orcRequire } from 'node:module'; const require = __orcRequire(import.meta.url);" },
  define: { __ORC_VERSION__: JSON.stringify(pkg.version) },
  sourcemap: 'linked',
  // Less to parse at every start; names kept for error messages and stack traces.
  minify: true,
  keepNames: true,
  logLevel: 'warning',
});
