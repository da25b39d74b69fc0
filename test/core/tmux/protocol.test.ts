import { describe, expect, it } from 'vitest';
import { ControlParser, type ReplyBlock } from '../../../src/core/tmux/protocol.js';
import { decodeOutput, outputLength, parseNotification, type TmuxNotification } from '../../../src/core/tmux/notifications.js';

function collect() {
  const replies: ReplyBlock[] = [];
  const notes: TmuxNotification[] = [];
  const parser = new ControlParser({ reply: (b) => replies.push(b), notification: (n) => notes.push(n) });
  return { parser, replies, notes };
}

describe('ControlParser', () => {
  it('matches blocks and marks the attach block (flags 0) as not ours', () => {
    const { parser, replies } = collect();
    parser.push(Buffer.from('%begin 1 10 0\n%end 1 10 0\n%begin 1 11 1\nhello\nworld\n%end 1 11 1\n%begin 1 12 1\nbad\n%error 1 12 1\n'));
    expect(replies).toEqual([
      { ok: true, lines: [], ours: false, number: 10 },
      { ok: true, lines: ['hello', 'world'], ours: true, number: 11 },
      { ok: false, lines: ['bad'], ours: true, number: 12 },
    ]);
  });

  it('closes a block only on the same three values (screen text may start with %end)', () => {
    const { parser, replies, notes } = collect();
    parser.push(Buffer.from('%begin 5 7 1\n%end 5 8 1\n%error 5 7 0\n%output %1 x\n%end 5 7 1\n'));
    expect(replies).toHaveLength(1);
    expect(replies[0]!.lines).toEqual(['%end 5 8 1', '%error 5 7 0', '%output %1 x']);
    expect(notes).toHaveLength(0);
  });

  it('reassembles lines split across chunks, including a split UTF-8 character', () => {
    const { parser, replies } = collect();
    const bytes = Buffer.from('%begin 1 2 1\nhé😀\n%end 1 2 1\n');
    for (let i = 0; i < bytes.length; i++) parser.push(bytes.subarray(i, i + 1));
    expect(replies[0]!.lines).toEqual(['hé😀']);
  });

  it('dispatches notifications outside blocks', () => {
    const { parser, notes } = collect();
    parser.push(Buffer.from('%window-add @3\n%sessions-changed\n%exit\n'));
    expect(notes.map((n) => n.kind)).toEqual(['window-add', 'sessions-changed', 'exit']);
  });
});

describe('notifications', () => {
  it('decodes %output octal escapes to bytes, raw bytes >= 0x80 pass through', () => {
    const line = Buffer.concat([Buffer.from('%output %4 a\\134b\\015\\012'), Buffer.from([0xc3])]).toString('latin1');
    const n = parseNotification(line);
    expect(n).toMatchObject({ kind: 'output', paneId: '%4', ageMs: null });
    if (n.kind !== 'output') throw new Error('kind');
    expect([...decodeOutput(n.escaped)]).toEqual([...Buffer.from('a\\b\r\n'), 0xc3]);
    expect(outputLength(n.escaped)).toBe(6);
  });

  it('passes %output lines on undecoded, as a view of the bytes read, split or not', () => {
    const { parser, notes } = collect();
    const bytes = Buffer.concat([Buffer.from('%output %9 x\\033[1m'), Buffer.from('é😀'), Buffer.from('\n%extended-output %9 12 : \\134ok\n')]);
    for (let i = 0; i < bytes.length; i += 5) parser.push(bytes.subarray(i, i + 5));
    expect(notes.map((n) => n.kind)).toEqual(['output', 'output']);
    const [a, b] = notes as Extract<TmuxNotification, { kind: 'output' }>[];
    expect(a!.paneId).toBe('%9');
    expect(decodeOutput(a!.escaped).toString('utf8')).toBe('x\x1b[1mé😀');
    expect(outputLength(a!.escaped)).toBe(Buffer.byteLength('x\x1b[1mé😀'));
    expect(b).toMatchObject({ paneId: '%9', ageMs: 12 });
    expect(decodeOutput(b!.escaped).toString()).toBe('\\ok');
  });

  it('leaves a backslash not followed by three octal digits alone', () => {
    expect(decodeOutput('a\\9x\\12').toString('latin1')).toBe('a\\9x\\12');
    expect(outputLength(Buffer.from('a\\9x\\12'))).toBe(7);
  });

  it('parses %extended-output with its age and payload', () => {
    const n = parseNotification('%extended-output %7 1234 : hi \\033[0m');
    expect(n.kind).toBe('output');
    if (n.kind !== 'output') throw new Error('kind');
    expect(n.paneId).toBe('%7');
    expect(n.ageMs).toBe(1234);
    expect(decodeOutput(n.escaped).toString()).toBe('hi \x1b[0m');
  });

  it('parses every kind the engine uses', () => {
    const cases: [string, TmuxNotification][] = [
      ['%pause %1', { kind: 'pause', paneId: '%1' }],
      ['%continue %1', { kind: 'continue', paneId: '%1' }],
      ['%pane-mode-changed %2', { kind: 'pane-mode-changed', paneId: '%2' }],
      ['%window-add @1', { kind: 'window-add', windowId: '@1' }],
      ['%window-close @1', { kind: 'window-close', windowId: '@1' }],
      ['%unlinked-window-close @1', { kind: 'unlinked-window-close', windowId: '@1' }],
      ['%window-renamed @1 new name', { kind: 'window-renamed', windowId: '@1', name: 'new name' }],
      ['%layout-change @1 abcd,80x24,0,0,1 abcd,80x24,0,0,1 *', { kind: 'layout-change', windowId: '@1', layout: 'abcd,80x24,0,0,1' }],
      ['%session-changed $1 work', { kind: 'session-changed', sessionId: '$1', name: 'work' }],
      ['%session-window-changed $1 @2', { kind: 'session-window-changed', sessionId: '$1', windowId: '@2' }],
      ['%sessions-changed', { kind: 'sessions-changed' }],
      // The value is not escaped and may hold ' : ' itself: only the first one separates.
      ['%subscription-changed orc-pane-facts $1 @2 3 %4 : node\x1f0 : x', { kind: 'subscription-changed', name: 'orc-pane-facts', sessionId: '$1', windowId: '@2', paneId: '%4', value: 'node\x1f0 : x' }],
      ['%subscription-changed s $1 @2 3 %4 - - : ', { kind: 'subscription-changed', name: 's', sessionId: '$1', windowId: '@2', paneId: '%4', value: '' }],
      ['%exit too far behind', { kind: 'exit', reason: 'too far behind' }],
      ['%exit', { kind: 'exit', reason: '' }],
      ['%client-detached /dev/pts/1', { kind: 'other', name: 'client-detached', rest: '/dev/pts/1' }],
    ];
    for (const [line, want] of cases) expect(parseNotification(line)).toEqual(want);
  });

  it('decodes names as UTF-8', () => {
    const line = Buffer.from('%window-renamed @1 café').toString('latin1');
    expect(parseNotification(line)).toEqual({ kind: 'window-renamed', windowId: '@1', name: 'café' });
  });
});
