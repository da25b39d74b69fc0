// A long-running CLI process (monitor, serve) started as a user would, with its stdout as lines;
// every one still running when the test file ends is killed.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll } from 'vitest';
import { BIN } from './run-cli.js';

export interface LongRun {
  /** Throws (with its stderr) when the process already exited. */
  alive(): void;
  child: ReturnType<typeof spawn>;
  lines: string[];
  stderr(): string;
  exited: Promise<number | null>;
}

const children = new Set<ReturnType<typeof spawn>>();
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

/** `tmux-orc ARGS` (or, with `program`, `program ARGS`: a shell that sets limits first). */
export function startLong(args: string[], env?: NodeJS.ProcessEnv, program?: string): LongRun {
  const argv = program ? args : [BIN, ...args];
  const child = spawn(program ?? process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
  const lines: string[] = [];
  let stderr = '';
  createInterface({ input: child.stdout! }).on('line', (l) => lines.push(l));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  children.add(child);
  let code: number | null | undefined;
  const exited = new Promise<number | null>((res) =>
    child.once('exit', (c) => {
      code = c;
      children.delete(child);
      res(c);
    }),
  );
  // A process that exits early fails the test with its stderr instead of a timeout.
  const alive = () => {
    if (code !== undefined) throw new Error(`tmux-orc ${args.join(' ')} exited ${code}: ${stderr}`);
  };
  return { alive, child, lines, stderr: () => stderr, exited };
}
