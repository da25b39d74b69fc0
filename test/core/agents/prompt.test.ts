// The prompt a waiting agent shows, read off real screens (test/fixtures/screens): question,
// options with labels and the keys that pick them, what is approved, and a fingerprint that
// ignores what moves (spinners, timers, the transcript) but not what is asked.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyScreen } from '../../../src/core/agents/classify.js';
import { readPrompt } from '../../../src/core/agents/prompt.js';
import type { AgentType } from '../../../src/shared/vocabulary.js';

const ROOT = 'test/fixtures/screens';

interface Fixture {
  type: AgentType;
  expect: string;
  synthetic?: boolean;
  captured: string;
  facts: { currentCommand: string; dead: boolean; deadStatus: number | null; quietMs: number; quietThresholdMs: number };
  screen: string;
}

function load(rel: string): Fixture {
  const text = readFileSync(join(ROOT, rel), 'utf8');
  const nl = text.indexOf('\n');
  return { ...(JSON.parse(text.slice('#fixture '.length, nl)) as Omit<Fixture, 'screen'>), screen: text.slice(nl + 1) };
}

function promptOf(rel: string) {
  const f = load(rel);
  const c = classifyScreen(f.type, f.screen, { ...f.facts, now: Date.parse(f.captured) });
  expect(c.state).toBe('waiting');
  return c.prompt!;
}

const labels = (rel: string) => promptOf(rel).options.map((o) => `${o.number} ${o.label} [${o.keys.join(' ')}]`);

describe('prompt on real screens', () => {
  it('Claude Code trust prompt: the folder, two options picked by digit', () => {
    const p = promptOf('claude/waiting-trust-folder-dialog.txt');
    expect(p.question).toBe('Quick safety check: Is this a project you created or one you trust?');
    expect(p.approving).toEqual({ kind: 'folder', text: '/tmp/orc-capture-MQFfvp/claude-project' });
    expect(labels('claude/waiting-trust-folder-dialog.txt')).toEqual(['1 Yes, I trust this folder [1]', '2 No, exit [2]']);
  });

  it('Claude Code Bash permission: the command, three options (not a generic Yes/No/1/2/3)', () => {
    const p = promptOf('claude/waiting-bash-permission-prompt.txt');
    expect(p.question).toBe('Do you want to proceed?');
    expect(p.approving).toEqual({ kind: 'command', text: 'rm -rf ./build' });
    expect(labels('claude/waiting-bash-permission-prompt.txt')).toEqual([
      '1 Yes [1]',
      '2 Yes, and always allow access to claude-project-api/ from this project [2]',
      '3 No [3]',
    ]);
    // The newer look: the command in a dashed box under a tip.
    expect(promptOf('claude/waiting-shell-permission.txt').approving).toEqual({ kind: 'command', text: 'rm -rf ./build' });
    expect(promptOf('claude/waiting-shell-permission.txt').options.map((o) => o.label).at(-1)).toBe('No');
  });

  it('Claude Code file write and its unnumbered menu (cursor moves, then Enter)', () => {
    const w = promptOf('claude/waiting-file-write-permission.txt');
    expect(w.question).toBe('Do you want to create notes.txt?');
    expect(w.approving).toEqual({ kind: 'file', text: 'notes.txt' });
    expect(labels('claude/waiting-auto-mode-offer.txt')).toEqual([
      '1 Yes, set auto mode as my default permission mode [Enter]',
      '2 No, keep manual mode [Down Enter]',
    ]);
  });

  it('Codex approval: the command, and each option by the shortcut it shows', () => {
    const p = promptOf('codex/waiting-shell-permission.txt');
    expect(p.question).toBe('Would you like to run the following command?');
    expect(p.approving).toEqual({ kind: 'command', text: 'rm -rf ./build' });
    expect(labels('codex/waiting-shell-permission.txt')).toEqual([
      '1 Yes, proceed (y) [y]',
      "2 Yes, and don't ask again for commands that start with `rm -rf ./build` (p) [p]",
      '3 No, and tell Codex what to do differently (esc) [Escape]',
    ]);
    // Narrow: the shortcut wrapped onto the next row is still found.
    expect(promptOf('codex/waiting-shell-permission-narrow.txt').options[1]?.keys).toEqual(['p']);
  });

  it('Gemini CLI: shell permission, a choice question with descriptions, a free-text question', () => {
    const p = promptOf('gemini/waiting-shell-permission.txt');
    expect(p.question).toBe('Allow execution of [Shell]?');
    expect(p.approving).toEqual({ kind: 'command', text: 'rm -rf ./build' });
    expect(labels('gemini/waiting-shell-permission.txt')).toEqual(['1 Allow once [1]', '2 Allow for this session [2]', '3 No, suggest changes (esc) [3]']);
    const q = promptOf('gemini/waiting-choice-question-narrow.txt');
    expect(q.question).toBe('Which database should I use for the cache, Postgres or SQLite?');
    expect(q.options.map((o) => [o.label, o.detail])).toEqual([
      ['Postgres', 'A server, shared by every worker'],
      ['SQLite', 'A file beside the app'],
      ['Enter a custom value', null],
    ]);
    expect(promptOf('gemini/waiting-free-text-question.txt')).toMatchObject({ question: 'What should the new cache directory be called?', options: [] });
    expect(promptOf('gemini/waiting-file-write-permission.txt').approving).toEqual({ kind: 'file', text: 'notes.txt' });
  });

  it('opencode: "Allow once / Allow always / Reject" in a row, and its numbered question', () => {
    const p = promptOf('opencode/waiting-shell-permission.txt');
    expect(p.approving).toEqual({ kind: 'command', text: 'rm -rf ./build' });
    expect(labels('opencode/waiting-shell-permission.txt')).toEqual(['1 Allow once [Enter]', '2 Allow always [Right Enter]', '3 Reject [Escape]']);
    expect(promptOf('opencode/waiting-file-write-permission.txt').approving).toEqual({ kind: 'folder', text: '/example' });
    expect(labels('opencode/waiting-choice-question.txt')).toEqual(['1 Postgres [Enter]', '2 SQLite [Down Enter]', '3 Type your own answer [Down Down Enter]']);
  });

  it("Qwen Code: the scrollbar is not part of a label", () => {
    expect(labels('qwen/waiting-choice-question.txt')).toEqual(['1 Postgres [1]', '2 SQLite [2]', '3 Type something... [3]']);
    expect(promptOf('qwen/waiting-shell-permission-narrow.txt').options[0]?.label).toBe('Yes, allow once');
  });

  it('every waiting screen of a real CLI yields a prompt with a question; no other state carries one', () => {
    const dirs = readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory());
    let waiting = 0;
    for (const d of dirs) {
      for (const file of readdirSync(join(ROOT, d.name)).filter((f) => f.endsWith('.txt'))) {
        const f = load(join(d.name, file));
        const c = classifyScreen(f.type, f.screen, { ...f.facts, now: Date.parse(f.captured) });
        if (c.state !== 'waiting') {
          expect({ file, prompt: c.prompt }).toEqual({ file, prompt: undefined });
          continue;
        }
        waiting++;
        expect({ file, question: (c.prompt?.question ?? '').length > 3 }).toEqual({ file, question: true });
        for (const o of c.prompt!.options) expect({ file, keys: o.keys.length > 0, label: o.label.length > 0 }).toEqual({ file, keys: true, label: true });
      }
    }
    expect(waiting).toBeGreaterThanOrEqual(30);
  });
});

describe('prompt fingerprint', () => {
  const bash = load('claude/waiting-bash-permission-prompt.txt').screen;

  it('ignores what moves: the transcript, a timer, trailing space', () => {
    const a = readPrompt('claude', bash)!;
    const moved = bash.replace('Cogitated for 7s', 'Cogitated for 9s').replace('Do you want to proceed?', 'Do you want to proceed?   ');
    expect(readPrompt('claude', moved)!.fingerprint).toBe(a.fingerprint);
    // The cursor on another row is the same prompt.
    const cursorMoved = bash.replace('❯ 1. Yes', '  1. Yes').replace('   3. No', ' ❯ 3. No');
    expect(readPrompt('claude', cursorMoved)!.fingerprint).toBe(a.fingerprint);
  });

  it('changes with the command approved, the question or an option', () => {
    const a = readPrompt('claude', bash)!.fingerprint;
    expect(readPrompt('claude', bash.replace('   rm -rf ./build', '   rm -rf ./src'))!.fingerprint).not.toBe(a);
    expect(readPrompt('claude', bash.replace('Do you want to proceed?', 'Do you want to continue?'))!.fingerprint).not.toBe(a);
    expect(readPrompt('claude', bash.replace('   3. No', '   3. No, stop'))!.fingerprint).not.toBe(a);
    const trust = promptOf('claude/waiting-trust-folder-dialog.txt').fingerprint;
    expect(trust).not.toBe(a);
  });
});
