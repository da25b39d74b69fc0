// The prompt a waiting agent shows, read off its screen: the question, the options with their
// labels and the keys that pick each, what is being approved (a command, a file, a folder)
// when the screen says, and a fingerprint of all that. Answers are bound to the fingerprint:
// a click or `tmux-orc answer` made for one prompt never lands on the prompt that replaced it.
// Pure (a hash aside); each CLI's dialog look is described here beside the others, on the real
// screens under test/fixtures/screens.
import { createHash } from 'node:crypto';
import type { PromptApproval, PromptOption } from '../../shared/domain.js';
import type { AgentType } from '../../shared/vocabulary.js';
import { isRule, numberedChoices, questionAbove, screenLines, unboxed } from './profiles/common.js';

/** A prompt as the screen shows it (the monitor adds when it first appeared). */
export interface ScreenPrompt {
  question: string;
  options: PromptOption[];
  approving: PromptApproval | null;
  fingerprint: string;
}

const CURSORS: Partial<Record<AgentType, string>> = { claude: '❯>', codex: '›>▶❯', gemini: '●>❯', qwen: '●>❯›' };
/** Longest label or question kept (a prompt is bounded like everything else). */
const MAX_TEXT = 300;
const MAX_OPTIONS = 20;

const clip = (s: string): string => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > MAX_TEXT ? `${t.slice(0, MAX_TEXT - 1)}…` : t;
};

/**
 * The fingerprint: what the prompt asks, about what, and its choices — never spinners, timers,
 * the cursor's row or the transcript around it. Whitespace is squashed so a redraw is the same prompt.
 */
export function promptFingerprint(p: Omit<ScreenPrompt, 'fingerprint'>): string {
  const parts = [p.question, p.approving ? `${p.approving.kind}:${p.approving.text}` : '', ...p.options.map((o) => `${o.number}=${o.label}`)];
  return createHash('sha256').update(parts.map(clip).join('\u0000')).digest('hex').slice(0, 16);
}

function make(question: string, options: PromptOption[], approving: PromptApproval | null): ScreenPrompt {
  const p = { question: clip(question), options: options.slice(0, MAX_OPTIONS), approving: approving && { ...approving, text: clip(approving.text) } };
  return { ...p, fingerprint: promptFingerprint(p) };
}

/** The prompt on a waiting agent's screen; null when none can be read. */
export function readPrompt(type: AgentType, screen: string): ScreenPrompt | null {
  const lines = screenLines(screen);
  switch (type) {
    case 'claude':
      return claudeMenu(lines) ?? numbered(type, lines);
    case 'codex':
    case 'gemini':
    case 'qwen':
      return numbered(type, lines);
    case 'opencode':
      return opencodePermission(lines) ?? opencodeQuestion(lines);
    case 'aider':
      return aiderQuestion(lines);
    default:
      return null;
  }
}

// ---- numbered menus (Claude Code, Codex, Gemini CLI, Qwen Code) ----------------------------

const OPTION = (cursor: string) => new RegExp(`^(\\s*(?:[${cursor}]\\s*)?)(\\d+)\\.\\s+(.*)$`);

/** A row without box borders on either side (`│`, Qwen's scrollbar `█`), its indentation kept. */
function row(line: string | undefined): string {
  return unboxed(line ?? '').replace(/\s*[│█]\s*$/, '');
}

/** Options from the list starting at `start`: sequential numbers, continuation rows as detail. */
function optionsAt(lines: readonly string[], start: number, cursor: string, keysOf: (n: number, text: string) => string[]): PromptOption[] {
  const re = OPTION(cursor);
  const out: PromptOption[] = [];
  let indent = 0;
  let detail: string[] = [];
  const flush = () => {
    const last = out.at(-1);
    if (!last) return;
    if (detail.length) last.detail = clip(detail.join(' '));
    // A shortcut shown after a wrapped label sits at the end of its last row.
    last.keys = keysOf(last.number, `${last.label} ${last.detail ?? ''}`.trim());
    detail = [];
  };
  for (let i = start, gap = 0; i < lines.length && gap <= 2 && out.length < MAX_OPTIONS; i++) {
    const r = row(lines[i]);
    if (isRule(r) || /^\s*╌{10,}/.test(r)) continue;
    const m = re.exec(r);
    if (m && Number(m[2]) === out.length + 1) {
      flush();
      indent = (m[1] ?? '').length;
      out.push({ number: out.length + 1, label: clip(m[3] ?? ''), detail: null, keys: [] });
      gap = 0;
      continue;
    }
    const text = r.trim();
    if (text === '') {
      gap++;
      continue;
    }
    // A wrapped label or a description sits indented under its option; anything else ends the list.
    if (out.length && r.length - r.trimStart().length > indent && gap === 0) {
      detail.push(text);
      continue;
    }
    break;
  }
  flush();
  return out;
}

/** Codex shows a shortcut after each option (`Yes, proceed (y)`, `No … (esc)`); the digit otherwise. */
function digitOrShortcut(type: AgentType) {
  return (n: number, label: string): string[] => {
    if (type === 'codex') {
      const s = /\((esc|[a-z])\)\s*$/i.exec(label)?.[1];
      if (s) return [s.toLowerCase() === 'esc' ? 'Escape' : s.toLowerCase()];
    }
    return [String(n)];
  };
}

/** The lowest numbered list, unless a question box with a text field was drawn below it. */
function numbered(type: AgentType, lines: readonly string[]): ScreenPrompt | null {
  const cursor = CURSORS[type] ?? '>';
  const start = numberedChoices(lines, cursor).at(-1);
  const box = type === 'claude' ? null : boxQuestion(lines);
  if (start === undefined || (box && box.at > start)) return box?.prompt ?? null;
  const options = optionsAt(lines, start, cursor, digitOrShortcut(type));
  if (options.length < 2) return null;
  return make(questionOf(lines, start), options, approvalAbove(type, lines, start));
}

/** The question above a list: the sentence ending in `?`, joined with the rows of its paragraph above. */
function questionOf(lines: readonly string[], start: number, span = 20): string {
  for (let i = start - 1; i >= Math.max(0, start - span); i--) {
    const t = clean(lines[i]);
    const q = /^(.*\?)(?:\s|$)/.exec(t);
    if (!q?.[1]) continue;
    const rows = [q[1]];
    for (let j = i - 1; j >= Math.max(0, i - 3); j--) {
      const above = clean(lines[j]);
      if (above === '' || /[.?!:]$/.test(above) || /[─━╌╭╮╰╯▀▄│]/.test(above) || /^[?☐●✦◆]/.test(above)) break;
      rows.unshift(above);
    }
    return rows.join(' ');
  }
  return questionAbove(lines, start, span) ?? clean(lines[start]);
}

/** A screen row without box borders (`│`, `┃`) and outer space. */
function clean(line: string | undefined): string {
  return unboxed(line ?? '')
    .replace(/^\s*┃/, '')
    .replace(/[│█]\s*$/, '')
    .trim();
}

/** What the dialog above a list approves, read the way each CLI draws it. */
function approvalAbove(type: AgentType, lines: readonly string[], start: number): PromptApproval | null {
  const top = Math.max(0, start - 20);
  const region = lines.slice(top, start);
  if (type === 'claude') return claudeApproval(region);
  if (type === 'codex') {
    const cmd = region.findLast((l) => /^\s*\$ \S/.test(l));
    return cmd ? { kind: 'command', text: cmd.trim().slice(2) } : null;
  }
  // Gemini CLI / Qwen Code: `? Shell  rm -rf ./build`, `? WriteFile  Writing to notes.txt`.
  const head = region.map(clean).findLast((l) => /^\?\s+\w+\s+\S/.test(l));
  if (!head) return null;
  const [, tool = '', rest = ''] = /^\?\s+(\w+)\s+(.*)$/.exec(head) ?? [];
  const text = rest.replace(/\s*←\s*$/, '').trim();
  if (/shell|command|exec/i.test(tool)) return { kind: 'command', text: text.replace(/\s+\(.*$/, '') };
  if (/write|edit|file|replace/i.test(tool)) return { kind: 'file', text: text.replace(/^(?:Writing to|Editing|Edit|Write)\s+/i, '') };
  return null;
}

/**
 * Claude Code's dialogs: a rule, a header (`Bash command`, `Create file`, `Accessing workspace:`),
 * then what it is about; newer versions put the command in a dashed box.
 */
function claudeApproval(region: readonly string[]): PromptApproval | null {
  const ruleAt = region.findLastIndex((l) => isRule(l));
  const body = region.slice(ruleAt + 1).map((l) => l.trim());
  const headAt = body.findIndex((l) => l !== '');
  const head = body[headAt] ?? '';
  const after = body.slice(headAt + 1).filter((l) => l !== '' && !/^Tip:/.test(l));
  if (/^Bash command$/i.test(head)) {
    const dashed = body.findIndex((l) => /^╌{10,}/.test(l));
    const inBox = dashed >= 0 ? body.slice(dashed + 1).find((l) => l !== '' && !/^╌/.test(l)) : undefined;
    const text = inBox ?? after[0];
    return text ? { kind: 'command', text } : null;
  }
  if (/^(?:Create|Edit|Write|Overwrite)\s+file$/i.test(head) && after[0]) return { kind: 'file', text: after[0] };
  if (/^Accessing workspace:?$/i.test(head) && after[0]) return { kind: 'folder', text: after[0] };
  return null;
}

/**
 * Claude Code's unnumbered menus (`❯ Yes, set auto mode …` over `  No, keep manual mode`): the
 * cursor row is known, so option k is reached with Up/Down from it, then Enter.
 */
function claudeMenu(lines: readonly string[]): ScreenPrompt | null {
  if (numberedChoices(lines, CURSORS.claude!).length) return null;
  const at = lines.findLastIndex((l) => /^\s{2,}❯ \S/.test(l));
  if (at < 0) return null;
  const indent = (lines[at] ?? '').indexOf('❯');
  let first = at;
  while (first > 0 && isMenuRow(lines[first - 1], indent)) first--;
  let last = at;
  while (last + 1 < lines.length && isMenuRow(lines[last + 1], indent)) last++;
  if (last === first) return null;
  const cursorRow = at - first;
  const options: PromptOption[] = [];
  for (let r = first; r <= last && options.length < MAX_OPTIONS; r++) {
    const k = r - first;
    const moves = k > cursorRow ? Array(k - cursorRow).fill('Down') : Array(cursorRow - k).fill('Up');
    options.push({ number: k + 1, label: clip((lines[r] ?? '').replace('❯', '')), detail: null, keys: [...moves, 'Enter'] });
  }
  return make(questionAbove(lines, first) ?? clean(lines[first - 1]), options, null);
}

function isMenuRow(line: string | undefined, indent: number): boolean {
  const l = line ?? '';
  return l.length > indent + 2 && l.slice(0, indent + 2).trim() === '' && /\S/.test(l[indent + 2] ?? '') || /^\s*❯ \S/.test(l);
}

/** A Gemini-like question box with a text field and no options (`Enter to submit · Esc to cancel`). */
function boxQuestion(lines: readonly string[]): { prompt: ScreenPrompt; at: number } | null {
  const at = lines.findLastIndex((l) => /\bEnter to submit\b.*\bEsc to cancel\b|\(Press Enter to submit, Esc to cancel/.test(unboxed(l)));
  if (at < 0) return null;
  const top = lines.slice(0, at).findLastIndex((l) => /^\s*╭/.test(l));
  const rows = lines.slice(top + 1, at).map(clean).filter((l) => l !== '' && !/[─╭╮╰╯]/.test(l));
  const question = rows.find((l) => /\?$/.test(l)) ?? rows.find((l) => !/^Answer Questions$/.test(l)) ?? 'a question';
  return { prompt: make(question, [], null), at };
}

// ---- opencode ------------------------------------------------------------------------------

/**
 * `△ Permission required` with `Allow once   Allow always   Reject` in a row: no numbers and no
 * shortcuts; the selection starts on "Allow once" (Right moves it) and Esc rejects.
 */
function opencodePermission(lines: readonly string[]): ScreenPrompt | null {
  const bottom = lines.slice(-16).map(clean);
  const at = bottom.findIndex((l) => /△ Permission required/.test(l));
  const row = bottom.findIndex((l) => /\bAllow once\s+Allow always\s+Reject\b/.test(l));
  if (row < 0) return null;
  const body = bottom.slice(at >= 0 ? at + 1 : 0, row).filter((l) => l !== '');
  const title = body[0]?.replace(/^[#←→]\s*/, '') ?? 'Permission required';
  const cmd = body.find((l) => /^\$ \S/.test(l));
  const dir = /^←\s*Access external directory\s+(.+)$/.exec(body[0] ?? '')?.[1];
  const file = /^→\s*(?:Edit|Write|Read)\s+(.+)$/.exec(body[0] ?? '')?.[1];
  const approving: PromptApproval | null = cmd ? { kind: 'command', text: cmd.slice(2) } : dir ? { kind: 'folder', text: dir } : file ? { kind: 'file', text: file } : null;
  return make(`Permission required: ${title}`, [
    { number: 1, label: 'Allow once', detail: null, keys: ['Enter'] },
    { number: 2, label: 'Allow always', detail: null, keys: ['Right', 'Enter'] },
    { number: 3, label: 'Reject', detail: null, keys: ['Escape'] },
  ], approving);
}

/** opencode's question: `┃  1. Postgres …` above `↑↓ select  enter submit  esc dismiss` (the cursor starts on 1). */
function opencodeQuestion(lines: readonly string[]): ScreenPrompt | null {
  const keysAt = lines.findLastIndex((l) => /\benter submit\b.*\besc dismiss\b/.test(l));
  if (keysAt < 0) return null;
  const rows = lines.map((l) => l.replace(/^\s*┃/, ''));
  const start = rows.slice(0, keysAt).findLastIndex((l) => /^\s*1\.\s+\S/.test(l));
  if (start < 0) return make(questionOf(rows, keysAt), [], null);
  const options = optionsAt(rows, start, '>', (n) => [...Array(n - 1).fill('Down'), 'Enter']);
  return make(questionOf(rows, start), options, null);
}

// ---- aider ---------------------------------------------------------------------------------

/** `Add file to the chat? (Y)es/(N)o/(D)on't ask again [Yes]:` — a letter and Enter. */
function aiderQuestion(lines: readonly string[]): ScreenPrompt | null {
  const last = lines.at(-1) ?? '';
  const m = /^(.*?\?)\s*((?:\(\w\)[^/[]*\/?)+)\s*\[[^\]]*\]:\s*$/.exec(last);
  if (!m) return null;
  const options = [...(m[2] ?? '').matchAll(/\((\w)\)([^/]*)/g)].map((o, i) => ({
    number: i + 1,
    label: clip(`${o[1]}${o[2] ?? ''}`),
    detail: null,
    keys: [(o[1] ?? '').toLowerCase(), 'Enter'],
  }));
  const file = lines.at(-2)?.trim();
  return make(m[1] ?? last, options, /file/i.test(m[1] ?? '') && file ? { kind: 'file', text: file } : null);
}
