// Lint, and the layering rule of docs/DESIGN.md enforced as imports:
//   shared ← core ← {main, cli, server};  renderer ← shared;  preload ← shared (the contract) only.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const layer = (names) => names.map((n) => ({ group: [`**/${n}`, `**/${n}/**`], message: `this layer must not import ${n}/ (see DESIGN.md layering)` }));
const restrict = (paths, patterns) => ['error', { paths, patterns }];

// Core's folders talk to each other through their index.ts (the folder's public surface), never
// through its files: a folder can then be split or reorganised without touching its users.
// orchestrator/ holds the parts of core/orchestrator.ts, its only user.
const CORE_FOLDERS = ['actions', 'agents', 'hosts', 'log', 'monitor', 'store', 'tmux'];
const deepImports = (except, prefix) => [
  ...CORE_FOLDERS.filter((f) => f !== except).map((f) => ({
    group: [`**/${prefix}${f}/*`, `!**/${prefix}${f}/index.js`],
    message: `import core/${f} through its index.js, not its files (see DESIGN.md layering)`,
  })),
  ...(except === 'orchestrator' ? [] : [{ group: [`**/${prefix}orchestrator/*`], message: 'core/orchestrator/ holds the parts of core/orchestrator.ts: import that' }]),
];

export const layeringRules = [
  {
    files: ['src/shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': restrict(
        [...nodeBuiltins, 'electron'].map((name) => ({ name, message: 'shared/ is imported by the renderer: no Node or Electron here' })),
        layer(['core', 'main', 'preload', 'renderer', 'cli', 'server']),
      ),
    },
  },
  ...[...CORE_FOLDERS, 'orchestrator', null].map((folder) => ({
    files: folder ? [`src/core/${folder}/**/*.{ts,tsx}`, ...(folder === 'orchestrator' ? ['src/core/orchestrator.ts'] : [])] : ['src/core/*.{ts,tsx}'],
    ignores: folder ? [] : ['src/core/orchestrator.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [{ name: 'electron', message: 'core/ is Electron-free: it runs in the CLI and the web server too' }],
        [...layer(['main', 'preload', 'renderer', 'cli', 'server']), ...deepImports(folder, '')],
      ),
    },
  })),
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': restrict(
        [...nodeBuiltins, 'electron', 'better-sqlite3', 'execa', 'ws'].map((name) => ({
          name,
          message: 'the renderer never sees Node: talk to the engine through the contract',
        })),
        layer(['core', 'main', 'preload', 'cli', 'server']),
      ),
    },
  },
  {
    files: ['src/cli/**/*.{ts,tsx}', 'src/server/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': restrict(
        [{ name: 'electron', message: 'the CLI and the web server run without Electron' }],
        [...layer(['main', 'preload', 'renderer']), ...deepImports(null, 'core/')],
      ),
    },
  },
  {
    files: ['src/main/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': restrict([], [...layer(['renderer', 'cli', 'server']), ...deepImports(null, 'core/')]),
    },
  },
  {
    // The preload runs in the renderer's process with Electron's bridge: it passes calls through
    // and knows nothing but the contract.
    files: ['src/preload/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': restrict(
        [...nodeBuiltins, 'better-sqlite3', 'execa', 'ws'].map((name) => ({ name, message: 'the preload passes calls through: it imports only the contract (shared/) and electron' })),
        layer(['core', 'main', 'renderer', 'cli', 'server']),
      ),
    },
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test/lint/fixtures/**', 'test/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-control-regex': 'off',
    },
  },
  { files: ['src/renderer/**/*'], languageOptions: { globals: { ...globals.browser } } },
  ...layeringRules,
);
