// `tmux-orc bench [NAME...]`: runs the benchmarks like `npm run bench` (node --import tsx
// bench/run.ts) from the package root and passes their tables through.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CliContext } from '../context.js';
import { CliFailure, EXIT_FAILED, EXIT_OK } from '../errors.js';
import { packageRoot } from '../paths.js';
import type { CommandArgs } from '../spec-types.js';

export async function run(ctx: CliContext, args: CommandArgs): Promise<number> {
  const root = packageRoot();
  const runner = join(root, 'bench', 'run.ts');
  if (!existsSync(runner)) throw new CliFailure(`no benchmarks in ${root}; run this from a source checkout`);
  if (!existsSync(join(root, 'node_modules', 'tsx'))) {
    throw new CliFailure('the benchmarks need the dev dependencies; run `npm install` in the checkout');
  }
  const child = spawn(process.execPath, ['--import', 'tsx', runner, ...args.positionals], {
    cwd: root,
    stdio: 'inherit',
  });
  const onAbort = () => child.kill('SIGINT');
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c) => resolve(c));
  });
  ctx.signal.removeEventListener('abort', onAbort);
  // bench/run.ts exits 2 when no benchmark matches the names given.
  if (code === 0) return EXIT_OK;
  return code === 2 ? 2 : EXIT_FAILED;
}
