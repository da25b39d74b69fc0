// Take-over typing: what xterm.js reports as typed (onData: characters and escape sequences)
// as tmux key names for the engine's sendKeys (one writer per pane, the same path as quick
// answers). Printable characters go one by one; sequences with no tmux name are dropped.

const SEQUENCES: Record<string, string> = {
  '\r': 'Enter',
  '\x7f': 'BSpace',
  '\b': 'BSpace',
  '\t': 'Tab',
  '\x1b[Z': 'BTab',
  ' ': 'Space',
  '\x1b': 'Escape',
  '\x1b[2~': 'IC',
  '\x1b[3~': 'DC',
  '\x1b[5~': 'PPage',
  '\x1b[6~': 'NPage',
  '\x1bOP': 'F1',
  '\x1bOQ': 'F2',
  '\x1bOR': 'F3',
  '\x1bOS': 'F4',
  '\x1b[15~': 'F5',
  '\x1b[17~': 'F6',
  '\x1b[18~': 'F7',
  '\x1b[19~': 'F8',
  '\x1b[20~': 'F9',
  '\x1b[21~': 'F10',
  '\x1b[23~': 'F11',
  '\x1b[24~': 'F12',
};
const CURSOR: Record<string, string> = {
  A: 'Up',
  B: 'Down',
  C: 'Right',
  D: 'Left',
  H: 'Home',
  F: 'End',
};
/** xterm's modifier parameter (1 + shift 1, alt 2, ctrl 4) as tmux prefixes. */
const MODIFIERS: Record<string, string> = {
  '2': 'S-',
  '3': 'M-',
  '4': 'M-S-',
  '5': 'C-',
  '6': 'C-S-',
  '7': 'C-M-',
  '8': 'C-M-S-',
};
const CONTROL_NAMES: Record<number, string> = {
  0: 'C-Space',
  0x1c: 'C-\\',
  0x1d: 'C-]',
  0x1e: 'C-^',
  0x1f: 'C-_',
};

/** The tmux key names for one onData chunk, in order. */
export function keysFromTerminalData(data: string): string[] {
  const keys: string[] = [];
  let i = 0;
  while (i < data.length) {
    const rest = data.slice(i);
    // Cursor keys, plain (CSI/SS3) or with modifiers (CSI 1;m X).
    const cursor = /^\x1b(?:\[|O)(?:1;([2-8]))?([ABCDHF])/.exec(rest);
    if (cursor) {
      keys.push(`${cursor[1] ? MODIFIERS[cursor[1]]! : ''}${CURSOR[cursor[2]!]!}`);
      i += cursor[0].length;
      continue;
    }
    const seq = /^\x1b\[[0-9;]*[~A-Za-z]|^\x1bO[A-Za-z]/.exec(rest)?.[0];
    if (seq) {
      if (SEQUENCES[seq]) keys.push(SEQUENCES[seq]);
      i += seq.length;
      continue;
    }
    const ch = String.fromCodePoint(rest.codePointAt(0)!);
    const code = ch.codePointAt(0)!;
    if (ch === '\x1b' && rest.length > 1 && rest[1] !== '\x1b') {
      // Alt+key arrives as ESC then the key.
      const next = String.fromCodePoint(rest.codePointAt(1)!);
      keys.push(`M-${next === ' ' ? 'Space' : next}`);
      i += 1 + next.length;
      continue;
    }
    if (SEQUENCES[ch]) keys.push(SEQUENCES[ch]);
    else if (code < 0x20) keys.push(CONTROL_NAMES[code] ?? `C-${String.fromCharCode(code + 0x60)}`);
    else keys.push(ch);
    i += ch.length;
  }
  return keys;
}
