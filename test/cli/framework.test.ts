// The CLI as a program: help, version, usage errors and exit codes, completion scripts.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/spec.js';
import { oneLine, runCli } from './run-cli.js';

const COMMAND_NAMES = COMMANDS.map((c) => c.name);
const ALIASES = COMMANDS.flatMap((c) => c.aliases ?? []);

describe('tmux-orc as a program', () => {
  it('--help lists every command and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMAND_NAMES) expect(r.stdout).toContain(`  ${c}`);
    expect(r.stdout).toMatch(/Exit codes: 0 ok, 1 .*, 2 usage error/);
    expect(r.stderr).toBe('');
  });

  it('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\S*\n$/);
  });

  it.each(COMMAND_NAMES)('%s --help shows usage and an example', async (name) => {
    const r = await runCli([...name.split(' '), '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: tmux-orc ${name}`);
    expect(r.stdout).toMatch(/Examples?:\n {2}.*tmux-orc/);
  });

  it.each(ALIASES)('the alias %s shows the help of its command', async (alias) => {
    const r = await runCli([...alias.split(' '), '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Also: `);
    expect(r.stdout).toContain(`tmux-orc ${alias}`);
  });

  it('no command is a usage error', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/no command given; see tmux-orc --help/);
  });

  it('an unknown command exits 2 with one line', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe('tmux-orc: unknown command "frobnicate"; see tmux-orc --help');
    expect(r.stdout).toBe('');
  });

  it('an unknown option exits 2 and points at the command help', async () => {
    const r = await runCli(['notifications', '--bogus']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe('tmux-orc: unknown option --bogus; see tmux-orc notifications --help');
  });

  it('a missing option value, -L with -S, and extra arguments are usage errors', async () => {
    for (const args of [['--db'], ['-L', 'a', '-S', '/tmp/b', 'notifications'], ['history', 'a', 'b'], ['history']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(oneLine(r.stderr)).toMatch(/^tmux-orc: .*; see tmux-orc/);
    }
  });

  it('global options are accepted before and after the command', async () => {
    const a = await runCli(['--db', ':memory:', 'notifications', '--json']);
    const b = await runCli(['notifications', '--json', '--db', ':memory:']);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(JSON.parse(a.stdout)).toEqual([]);
    expect(JSON.parse(b.stdout)).toEqual([]);
  });

  it('completion bash is valid bash and completes commands, sub-commands and options', async () => {
    const r = await runCli(['completion', 'bash']);
    expect(r.code).toBe(0);
    await execa('bash', ['-n'], { input: r.stdout });
    const complete = async (words: string[]) => {
      const script = `${r.stdout}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_tmux_orc; printf '%s\\n' "\${COMPREPLY[@]}"`;
      return (await execa('bash', ['-c', script])).stdout.split('\n');
    };
    expect(await complete(['tmux-orc', 'noti'])).toEqual(['notifications']);
    expect(await complete(['tmux-orc', 'classify', '--ty'])).toEqual(['--type']);
    expect(await complete(['tmux-orc', 'classify', '--type', 'ge'])).toEqual(['gemini', 'generic']);
  });

  it('completion zsh is printed; an unknown shell is a usage error', async () => {
    const z = await runCli(['completion', 'zsh']);
    expect(z.code).toBe(0);
    expect(z.stdout).toMatch(/^#compdef tmux-orc/);
    const f = await runCli(['completion', 'fish']);
    expect(f.code).toBe(2);
    expect(oneLine(f.stderr)).toMatch(/no completion for "fish"; use bash or zsh/);
  });

  it('bench with a name that matches nothing exits 2', async () => {
    const r = await runCli(['bench', 'no-such-benchmark']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no benchmarks match no-such-benchmark');
  });
});
