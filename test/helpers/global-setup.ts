// Runs once before all tests, in vitest's main process; workers inherit the environment.
//  1. A guard: `tmux` on PATH becomes a shim that refuses any call without -L/-S, so no
//     test (nor a subprocess it starts) can touch the user's default tmux server.
//  2. The CLI bundle is rebuilt so subprocess tests run the current source.
//  3. One line about programs some suites need and this machine lacks (Chromium, sshd): those
//     suites skip; under CI=true the run fails here instead.
//  4. XDG_CONFIG_HOME is a temp directory (serve's kept token).
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { isCi, missingTools, missingToolsLine } from './required-tools.js';

export const GUARD_MESSAGE = 'TEST GUARD: refusing to use the default tmux server (pass -L orc-test-… or -S)';

export default function setup(): () => void {
  const missing = missingToolsLine(missingTools(), isCi());
  if (missing && isCi()) throw new Error(missing);
  // Said once per run (each vitest project runs this setup).
  if (missing && !process.env.ORC_TOOLS_REPORTED) console.warn(missing);
  process.env.ORC_TOOLS_REPORTED = '1';
  const realTmux = execFileSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' }).trim();
  if (!realTmux) throw new Error('tmux is not installed: the tests need tmux >= 3.2');
  const dir = mkdtempSync(join(tmpdir(), 'orc-guard-'));
  const shim = join(dir, 'tmux');
  writeFileSync(
    shim,
    `#!/bin/sh
case "$1" in
  -L|-S) exec "${realTmux}" "$@" ;;
  -V) exec "${realTmux}" "$@" ;;
esac
echo "${GUARD_MESSAGE}: tmux $*" >&2
exit 97
`,
  );
  chmodSync(shim, 0o755);
  process.env.PATH = `${dir}:${process.env.PATH}`;
  process.env.ORC_REAL_TMUX = realTmux;
  process.env.ORC_TEST_GUARD = '1';
  // serve keeps its token in the config directory: never the user's own.
  process.env.XDG_CONFIG_HOME = join(dir, 'config');
  delete process.env.TMUX;
  delete process.env.TMUX_PANE;
  // A run started by a test (required-tools.test.ts) must not rewrite the bundle the outer run's
  // subprocess tests are using.
  if (!process.env.ORC_CLI_BUILT) execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
  process.env.ORC_CLI_BUILT = '1';
  return () => rmSync(dir, { recursive: true, force: true });
}
