import { describe, expect, it } from 'vitest';
import { parseInput } from '../../src/shared/api.js';
import { keysFromTerminalData } from '../../src/renderer/src/lib/terminal-keys.js';

describe('take-over keys: xterm.js input as tmux key names', () => {
  it('maps characters, control keys, cursor and function keys', () => {
    expect(keysFromTerminalData('hi there')).toEqual(['h', 'i', 'Space', 't', 'h', 'e', 'r', 'e']);
    expect(keysFromTerminalData('\r\x7f\t\x1b[Z')).toEqual(['Enter', 'BSpace', 'Tab', 'BTab']);
    expect(keysFromTerminalData('\x03\x04\x1a')).toEqual(['C-c', 'C-d', 'C-z']);
    expect(keysFromTerminalData('\x1b[A\x1bOB\x1b[1;5C\x1b[1;2D')).toEqual([
      'Up',
      'Down',
      'C-Right',
      'S-Left',
    ]);
    expect(keysFromTerminalData('\x1b[3~\x1b[5~\x1bOP\x1b[24~')).toEqual([
      'DC',
      'PPage',
      'F1',
      'F12',
    ]);
    expect(keysFromTerminalData('\x1b')).toEqual(['Escape']);
    expect(keysFromTerminalData('\x1bf')).toEqual(['M-f']);
    expect(keysFromTerminalData('é;"$~{')).toEqual(['é', ';', '"', '$', '~', '{']);
    expect(keysFromTerminalData('\x1b[99x')).toEqual([]); // no tmux name: dropped
  });

  it('every key it makes passes the contract', () => {
    const keys = keysFromTerminalData('aZ9 ;"\\$~{}é🎉\r\x7f\x03\x1b[A\x1b[1;5C\x1bf');
    expect(() => parseInput('sendKeys', { target: 'x', keys })).not.toThrow();
    expect(() => parseInput('sendKeys', { target: 'x', keys: ['\x03'] })).toThrow(/printable/);
  });
});
