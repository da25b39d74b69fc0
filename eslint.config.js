// Lint, and the layering rule of docs/DESIGN.md enforced as imports:
//   shared ← core ← {main, cli, server};  renderer ← shared;  preload ← shared (the contract) only.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const layer = (names) => names.map((n) => ({ group: [`**/${n}`, `**/${n}/**`], message: `this layer must not import ${n}/ (see DESIGN.md layering)` }));
const restrict = (paths, patterns) => ['error', { paths, patterns }];

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
  {
    files: ['src/core/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': restrict(
        [{ name: 'electron', message: 'core/ is Electron-free: it runs in the CLI and the web server too' }],
        layer(['main', 'preload', 'renderer', 'cli', 'server']),
      ),
    },
  },
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
        layer(['main', 'preload', 'renderer']),
      ),
    },
  },
  {
    files: ['src/main/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': restrict([], layer(['renderer', 'cli', 'server'])),
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
