// Targeted rules of the classifier: precedence, exits, reset times, the generic profile.
import { describe, expect, it } from 'vitest';
import { classifyScreen, isShell, parseResetTime, type PaneFacts } from '../../../src/core/agents/classify.js';
import { findClaudeInputBox } from '../../../src/core/agents/profiles/claude.js';
import { screenLines } from '../../../src/core/agents/profiles/common.js';

const NOW = Date.parse('2026-11-28T07:27:50.000Z');
const facts = (over: Partial<PaneFacts> = {}): PaneFacts => ({
  currentCommand: 'claude',
  dead: false,
  quietMs: 10_000,
  quietThresholdMs: 2000,
  now: NOW,
  ...over,
});
const RULE = '─'.repeat(100);
const box = (text = '', footer = '  ? for shortcuts') => [RULE, `❯ ${text}`.trimEnd(), RULE, footer].join('\n');

describe('Claude Code profile', () => {
  it('reads the input box, with NBSP after the prompt glyph and wrapped rows', () => {
    const c = classifyScreen('claude', `⏺ Hi\n\n${RULE}\n❯\u00a0first row\n  second row\n${RULE}\n`, facts());
    expect(c.state).toBe('unsubmitted');
    expect(c.input).toBe('first row\nsecond row');
    expect(findClaudeInputBox(screenLines(box()))?.text).toBe('');
    expect(classifyScreen('claude', box(), facts()).input).toBe('');
  });

  it('does not take an echoed prompt in the transcript for the input box', () => {
    const screen = `❯ fix the tests\n\n⏺ Done.\n\n${box()}`;
    expect(classifyScreen('claude', screen, facts())).toMatchObject({ state: 'idle', input: '' });
  });

  it('waiting wins when a decision prompt shows, whatever else is on screen', () => {
    const screen = [
      '❯ clean up',
      '',
      '⏺ Working… on it, usage limit reached earlier · API Error: none',
      '',
      RULE,
      ' Bash command',
      '   rm -rf ./build',
      ' Do you want to proceed?',
      ' ❯ 1. Yes',
      "   2. Yes, and don't ask again for rm commands in /work",
      '   3. No, and tell Claude what to do differently (esc)',
    ].join('\n');
    const c = classifyScreen('claude', screen, facts());
    expect(c.state).toBe('waiting');
    expect(c.reason).toBe('waiting: permission prompt "Do you want to proceed?"');
  });

  it('a numbered list above the live box (an old answer) is not a decision', () => {
    const screen = ['Do you want to proceed?', '❯ 1. Yes', '  2. No', '  ⎿  Answer: Yes', '', box()].join('\n');
    expect(classifyScreen('claude', screen, facts()).state).toBe('idle');
  });

  it('a numbered list without a cursor (tips, a reply) is not a decision', () => {
    const screen = ['❯ list steps', '', '⏺ Steps:', '  1. Build', '  2. Test', '', '✻ Thinking… (2s)', '', box()].join('\n');
    expect(classifyScreen('claude', screen, facts()).state).toBe('busy');
    expect(classifyScreen('claude', 'Tips:\n1. Create GEMINI.md files\n2. /help for more information\n', facts()).state).toBe('starting');
  });

  it('busy wins over unsubmitted: text typed while working is queued', () => {
    const screen = `❯ go\n\n✶ Thinking… (12s · ↓ 1.2k tokens)\n  ⎿  Tip: hold on\n\n${box('next task', '')}`;
    expect(classifyScreen('claude', screen, facts())).toMatchObject({ state: 'busy', input: 'next task' });
  });

  it('the finished line is not busy', () => {
    expect(classifyScreen('claude', `❯ go\n\n⏺ Hello\n\n✻ Crunched for 3m 4s\n\n${box()}`, facts()).state).toBe('idle');
  });

  it('crashed when the pane is dead or back at a shell', () => {
    expect(classifyScreen('claude', box(), facts({ dead: true, deadStatus: 1 }))).toMatchObject({
      state: 'crashed',
      reason: 'crashed: pane is dead (exit 1)',
    });
    for (const sh of ['bash', 'zsh', 'sh', 'fish', 'dash', '-bash', '/bin/zsh'])
      expect(classifyScreen('claude', box(), facts({ currentCommand: sh })).state).toBe('crashed');
    expect(classifyScreen('claude', box(), facts({ currentCommand: 'node' })).state).toBe('idle');
  });

  it('rate limited, with the reset time parsed from both wordings', () => {
    const now2 = classifyScreen('claude', `❯ go\n\n  ⎿  You've hit your session limit · resets 3pm (UTC)\n\n${box()}`, facts());
    expect(now2.state).toBe('rate_limited');
    expect(now2.reason).toBe('rate_limited: "You\'ve hit your session limit · resets 3pm (UTC)"'); // without Claude's ⎿ glyph
    expect(new Date(now2.resetAt ?? 0).toISOString()).toBe('2026-11-28T15:00:00.000Z');
    const old = classifyScreen(
      'claude',
      `> go\n\n  ⎿  Claude usage limit reached. Your limit will reset at 5am (Europe/London).\n\n${box()}`,
      facts(),
    );
    expect(old.state).toBe('rate_limited');
    expect(new Date(old.resetAt ?? 0).toISOString()).toBe('2026-11-29T05:00:00.000Z');
  });

  it('a limit message from an earlier turn no longer counts', () => {
    const screen = `❯ a\n\n  ⎿  You've hit your session limit · resets 3pm (UTC)\n\n❯ b\n\n⏺ Fine now.\n\n${box()}`;
    expect(classifyScreen('claude', screen, facts()).state).toBe('idle');
  });

  it('an API error ending the turn is an error; a reply after it is not', () => {
    const err = `❯ go\n\n● API Error: Connection error.\n\n✻ Baked for 2s\n\n${box()}`;
    expect(classifyScreen('claude', err, facts())).toMatchObject({ state: 'error', reason: 'error: "API Error: Connection error."' });
    expect(classifyScreen('claude', err.replace(box(), box('retry please')), facts()).state).toBe('unsubmitted');
  });

  it('starting until the box is drawn', () => {
    expect(classifyScreen('claude', '$ claude\n', facts()).state).toBe('starting');
  });
});

describe('Gemini CLI profile', () => {
  const composer = (text: string) => `${RULE}\n Shift+Tab to accept edits\n\n > ${text}\n\n workspace (/directory)     sandbox\n /tmp/x     no sandbox`;
  it('placeholder is an empty box; text is unsubmitted; thinking is busy', () => {
    expect(classifyScreen('gemini', composer('  Type your message or @path/to/file'), facts({ currentCommand: 'node' }))).toMatchObject({ state: 'idle', input: '' });
    expect(classifyScreen('gemini', composer('hello'), facts({ currentCommand: 'node' }))).toMatchObject({ state: 'unsubmitted', input: 'hello' });
    const busy = ` > hi\n ⠼ Thinking... (esc to cancel, 3s)        ? for shortcuts\n${composer('more')}`;
    expect(classifyScreen('gemini', busy, facts({ currentCommand: 'node' })).state).toBe('busy');
  });

  it('rate limited with the reset time Gemini prints', () => {
    const screen = ` > hi\n\n✕ Usage limit reached for gemini-2.5-pro.\nAccess resets at 9:45 AM UTC.\n/stats model for usage details\n\n${composer('  Type your message or @path/to/file')}`;
    const c = classifyScreen('gemini', screen, facts({ currentCommand: 'node' }));
    expect(c.state).toBe('rate_limited');
    expect(new Date(c.resetAt ?? 0).toISOString()).toBe('2026-11-28T09:45:00.000Z');
  });
});

describe('generic profile', () => {
  it('judges by activity alone', () => {
    expect(classifyScreen('generic', 'anything ❯ 1. Yes\n  2. No', facts({ currentCommand: 'python3', quietMs: 100 })).state).toBe('busy');
    expect(classifyScreen('generic', 'Do you want to proceed?', facts({ currentCommand: 'python3', quietMs: 5000 }))).toMatchObject({
      state: 'idle',
      input: null,
    });
  });

  it('crashed when dead, or at a shell when the command was not a shell', () => {
    expect(classifyScreen('generic', '', facts({ dead: true })).state).toBe('crashed');
    expect(classifyScreen('generic', '$', facts({ currentCommand: 'bash', startCommand: 'python3 bot.py' })).state).toBe('crashed');
  });

  it('a shell agent is judged by dead only', () => {
    expect(classifyScreen('generic', '$', facts({ currentCommand: 'bash', startCommand: 'bash' })).state).toBe('idle');
    expect(classifyScreen('generic', '$', facts({ currentCommand: 'zsh' })).state).toBe('idle');
  });
});

describe('helpers', () => {
  it('isShell', () => {
    expect(['bash', '-zsh', '/usr/bin/fish', 'dash', 'sh'].every(isShell)).toBe(true);
    expect(['node', 'claude', 'bashful', 'python'].some(isShell)).toBe(false);
  });

  it.each([
    ['resets 3pm (UTC)', '2026-11-28T15:00:00.000Z'],
    ['resets 7am (UTC)', '2026-11-29T07:00:00.000Z'],
    ['resets 10:30am (America/New_York)', '2026-11-28T15:30:00.000Z'],
    ['resets Dec 2, 10am (UTC)', '2026-12-02T10:00:00.000Z'],
    ['resets Jan 3, 10am (UTC)', '2027-01-03T10:00:00.000Z'],
    ['try again at Aug 8th, 2027 12:30 PM UTC', '2027-08-08T12:30:00.000Z'],
    ['Access resets at 3:45 PM GMT+1.', '2026-11-28T14:45:00.000Z'],
    ['try again in 3 days 6 hours 57 minutes.', '2026-12-01T14:24:50.000Z'],
    ['Your quota will reset after 2h13m4s.', '2026-11-28T09:40:54.000Z'],
    ['Claude AI usage limit reached|1795852800', '2026-11-28T08:00:00.000Z'],
  ])('parseResetTime(%s)', (text, iso) => {
    expect(new Date(parseResetTime(text, NOW) ?? 0).toISOString()).toBe(iso);
  });

  it('parseResetTime gives null when no time is shown', () => {
    expect(parseResetTime('usage limit reached', NOW)).toBeNull();
  });
});

describe('any screen at all', () => {
  it('always yields a state of the vocabulary and a reason, never throws', async () => {
    const fc = await import('fast-check');
    const { AGENT_STATES, AGENT_TYPES } = await import('../../../src/shared/vocabulary.js');
    const pieces = ['❯ ', '> ', '─'.repeat(30), '1. Yes', '❯ 1. Yes', '  2. No', 'esc to interrupt', '✻ Working…', 'resets 3pm', '│', '\n', '\u00a0', '■ ', 'Type your message'];
    const screen = fc.array(fc.oneof(fc.string(), fc.constantFrom(...pieces)), { maxLength: 60 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.constantFrom(...AGENT_TYPES), screen, fc.string({ maxLength: 8 }), fc.boolean(), fc.nat(100_000), (type, s, cmd, dead, quiet) => {
        const c = classifyScreen(type, s, facts({ currentCommand: cmd, dead, quietMs: quiet }));
        return AGENT_STATES.includes(c.state) && c.reason.startsWith(`${c.state}:`) && (c.input === null || typeof c.input === 'string');
      }),
      { numRuns: 500 },
    );
  });

  it('copes with a 100 KB screen', () => {
    const big = `${'x'.repeat(119)}\n`.repeat(850) + box('tail text');
    expect(classifyScreen('claude', big, facts())).toMatchObject({ state: 'unsubmitted', input: 'tail text' });
  });
});
