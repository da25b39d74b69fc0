// Bundles the CLI (src/cli) into dist/cli with esbuild: one small entry file plus lazily
// loaded chunks per command. Runs on `npm install` (prepare) and before the tests.
//
// Pure-JS dependencies (zod, ws) are bundled in: loading one pre-linked chunk is
// several times faster than resolving their hundreds of ESM files at every start, and start-up
// time is what a CLI is judged by. Native and optional-native packages stay in node_modules.
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

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

// Core's folders are imported through their index.js (a lint rule), but esbuild's code splitting
// puts every module a barrel re-exports into the chunks of whoever imports the barrel, unused or
// not: `list` would load the whole monitor and the actions, `hook` the classifier and the tmux
// connection. So in the bundle an import from a core folder's index.js is rewritten into imports
// from the files that define the names (the same bindings; index.ts lists them).
const coreDir = new URL('../src/core/', import.meta.url).pathname;
const barrels = new Map();
function barrelOf(indexFile) {
  if (!barrels.has(indexFile)) {
    const names = new Map();
    const text = readFileSync(indexFile, 'utf8');
    for (const m of text.matchAll(/^export\s+(type\s+)?\{([^}]*)\}\s*from\s*'([^']+)';/gm)) {
      if (m[1]) continue;
      const file = resolve(dirname(indexFile), m[3]);
      for (const spec of m[2].split(',').map((x) => x.trim())) {
        if (spec === '' || spec.startsWith('type ')) continue;
        const [orig, alias] = spec.split(/\s+as\s+/);
        names.set(alias ?? orig, { file, orig });
      }
    }
    barrels.set(indexFile, names);
  }
  return barrels.get(indexFile);
}
const flattenCoreBarrels = {
  name: 'flatten-core-barrels',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const contents = source.replace(/^import\s+\{([^}]*)\}\s+from\s+'([^']*\/index\.js)';/gm, (whole, specs, from) => {
        const indexFile = resolve(dirname(args.path), from.replace(/\.js$/, '.ts'));
        if (!indexFile.startsWith(coreDir) || !existsSync(indexFile)) return whole;
        const names = barrelOf(indexFile);
        const byFile = new Map();
        const kept = [];
        for (const spec of specs.split(',').map((x) => x.trim())) {
          if (spec === '' || spec.startsWith('type ')) continue;
          const [name, local] = spec.split(/\s+as\s+/);
          const def = names.get(name);
          if (!def) {
            kept.push(spec);
            continue;
          }
          byFile.set(def.file, [...(byFile.get(def.file) ?? []), `${def.orig} as ${local ?? name}`]);
        }
        const lines = [...byFile].map(([file, list]) => `import { ${list.join(', ')} } from ${JSON.stringify(file)};`);
        if (kept.length > 0) lines.push(`import { ${kept.join(', ')} } from '${from}';`);
        return lines.join(' ');
      });
      return { contents, loader: 'ts' };
    });
  },
};

await build({
  plugins: [onlyEnglishZodLocales, flattenCoreBarrels],
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
  // Less to parse at every start; names kept for error messages and stack traces.
  minify: true,
  keepNames: true,
  logLevel: 'warning',
});
