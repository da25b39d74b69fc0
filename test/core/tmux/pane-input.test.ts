import { describe, expect, it } from 'vitest';
import { textInputCommands } from '../../../src/core/tmux/pane-input.js';

describe('textInputCommands (the one way text goes into a pane)', () => {
  it('types a short single line as literal keys', () => {
    expect(textInputCommands('%3', 'hello')).toEqual({ commands: [['send-keys', '-l', '-t', '%3', '--', 'hello']], buffer: null });
  });

  it('pastes multi-line text as one bracketed paste that keeps LF, and names the buffer to clean up', () => {
    const { commands, buffer } = textInputCommands('%3', 'a\nb');
    expect(buffer).toMatch(/^orc-paste-\d+-\d+$/);
    expect(commands).toEqual([
      ['set-buffer', '-b', buffer, '--', 'a\nb'],
      ['paste-buffer', '-p', '-d', '-r', '-b', buffer, '-t', '%3'],
    ]);
  });

  it('pastes a single line over pasteOverChars, in chunks appended to one buffer', () => {
    const text = 'x'.repeat(9000);
    expect(textInputCommands('%3', text).commands[0]![0]).toBe('send-keys');
    const { commands, buffer } = textInputCommands('%3', text, { pasteOverChars: 512 });
    expect(commands.map((c) => c.slice(0, 2))).toEqual([['set-buffer', '-b'], ['set-buffer', '-a'], ['paste-buffer', '-p']]);
    expect(commands.slice(0, 2).map((c) => c.at(-1)).join('')).toBe(text);
    expect(commands[2]).toContain(buffer);
  });

  it('refuses a NUL and a bad pane id; empty text is no command', () => {
    expect(() => textInputCommands('%3', 'a\0b')).toThrow(/NUL/);
    expect(() => textInputCommands('3', 'a')).toThrow(/pane id/);
    expect(textInputCommands('%3', '')).toEqual({ commands: [], buffer: null });
  });
});
