// Runs the real built CLI (`node bin/tmux-orc.js …`) as a subprocess, as a user would.
import { resolve } from 'node:path';
import { execa } from 'execa';

export const BIN = resolve('bin/tmux-orc.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  input?: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  cwd?: string;
}

export async function runCli(args: readonly string[], o: CliRunOptions = {}): Promise<CliRun> {
  const r = await execa(process.execPath, [BIN, ...args], {
    reject: false,
    input: o.input,
    // Without input, stdin is closed (as in a script): nothing waits on a terminal.
    stdin: o.input === undefined ? 'ignore' : undefined,
    env: { ORC_DB: undefined, ...o.env },
    timeout: o.timeoutMs ?? 30_000,
    cwd: o.cwd,
    stripFinalNewline: false,
  });
  return { code: r.exitCode ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

/** The CLI's errors are exactly one line on stderr. */
export function oneLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l !== '');
  if (lines.length !== 1) throw new Error(`expected one stderr line, got ${lines.length}:\n${stderr}`);
  return lines[0]!;
}
