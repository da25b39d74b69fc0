import { describe, expect, it } from 'vitest';
import { commandLine, quoteArg, shellQuote, TmuxArgumentError } from '../../../src/core/tmux/quote.js';
import { argvArg, parseTmuxVersion, SSH_DEFAULT_OPTIONS, tmuxArgv } from '../../../src/core/tmux/once.js';
import { chunkText } from '../../../src/core/tmux/pane-input.js';

describe('quoteArg', () => {
  it('leaves plain words bare', () => {
    expect(quoteArg('send-keys')).toBe('send-keys');
    expect(quoteArg('%12')).toBe('%12');
    expect(quoteArg('-t')).toBe('-t');
  });

  it('double-quotes and escapes everything tmux would interpret', () => {
    expect(quoteArg('')).toBe('""');
    expect(quoteArg('a b')).toBe('"a b"');
    expect(quoteArg('a;b')).toBe('"a;b"');
    expect(quoteArg('$HOME')).toBe('"\\$HOME"');
    expect(quoteArg('say "hi"')).toBe('"say \\"hi\\""');
    expect(quoteArg('back\\slash')).toBe('"back\\\\slash"');
    expect(quoteArg('#{pane_id}')).toBe('"#{pane_id}"');
    expect(quoteArg('~')).toBe('"\\176"');
    expect(quoteArg('~/x~')).toBe('"\\176/x~"');
    expect(quoteArg('=s')).toBe('"=s"');
    // `%` starts a parser directive unless a pane id follows.
    expect(quoteArg('%0:continue')).toBe('"%0:continue"');
    expect(quoteArg('%')).toBe('"%"');
  });

  it('writes control characters as octal so a command stays on one line', () => {
    expect(quoteArg('a\nb')).toBe('"a\\012b"');
    expect(quoteArg('\t')).toBe('"\\011"');
    expect(quoteArg('\x7f')).toBe('"\\177"');
    expect(quoteArg('é😀')).toBe('"é😀"');
  });

  it('refuses NUL and empty commands (an empty line detaches a control client)', () => {
    expect(() => quoteArg('a\0b')).toThrow(TmuxArgumentError);
    expect(() => commandLine([])).toThrow(/empty tmux command/);
    expect(() => commandLine([''])).toThrow(/empty tmux command/);
  });

  it('builds one line per command', () => {
    expect(commandLine(['send-keys', '-l', '-t', '%1', '--', 'a;b\nc'])).toBe('send-keys -l -t %1 -- "a;b\\012c"');
  });
});

describe('one-shot argv', () => {
  it('escapes a trailing semicolon, which tmux would take as a command separator', () => {
    expect(argvArg('ab;')).toBe('ab\\;');
    expect(argvArg(';')).toBe('\\;');
    expect(argvArg('a;b')).toBe('a;b');
  });

  it('builds local and ssh command lines', () => {
    expect(tmuxArgv({ socketName: 'x' }, ['ls'])).toEqual(['tmux', '-L', 'x', 'ls']);
    expect(tmuxArgv({ socketPath: '/s', socketName: 'x' }, ['ls'])).toEqual(['tmux', '-S', '/s', 'ls']);
    expect(tmuxArgv({ host: 'local' }, ['ls'])).toEqual(['tmux', 'ls']);
    expect(tmuxArgv({ host: 'me@box', socketName: 'x' }, ['display', '-p', "it's"])).toEqual([
      'ssh', '-T', '-o', 'BatchMode=yes', ...SSH_DEFAULT_OPTIONS, '--', 'me@box', `tmux -u -L x display -p 'it'\\''s'`,
    ]);
    expect(tmuxArgv({ host: 'box', sshConfig: '/c', sshArgs: ['-o', 'Port=2'] }, ['ls'])).toEqual([
      'ssh', '-T', '-F', '/c', '-o', 'BatchMode=yes', '-o', 'Port=2', ...SSH_DEFAULT_OPTIONS, '--', 'box', 'tmux -u ls',
    ]);
    for (const bad of ['-oProxyCommand=touch /tmp/x', 'a b', 'box\n', ' ']) {
      expect(() => tmuxArgv({ host: bad }, ['ls'])).toThrow(/not an ssh destination/);
    }
    expect(shellQuote('a b')).toBe("'a b'");
  });

  it('parses versions', () => {
    expect(parseTmuxVersion('3.3a')).toBeCloseTo(3.3);
    expect(parseTmuxVersion('next-3.4')).toBeCloseTo(3.4);
    expect(parseTmuxVersion('master')).toBeNaN();
  });
});

describe('chunkText', () => {
  it('splits on code points, never inside a surrogate pair', () => {
    const text = '😀'.repeat(5);
    const parts = chunkText(text, 2);
    expect(parts).toEqual(['😀😀', '😀😀', '😀']);
    expect(parts.join('')).toBe(text);
  });
});
