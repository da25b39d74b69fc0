// What every profile's classifier takes and gives, and the small screen helpers they share.
import type { AgentState } from '../../../shared/vocabulary.js';
import type { ScreenPrompt } from '../prompt.js';
import { parseResetTime } from './reset-time.js';

/** What tmux tells us about a pane besides its screen. */
export interface PaneFacts {
  /** `pane_current_command`: the foreground program (e.g. `claude`, `node`, `bash`). */
  currentCommand: string;
  /** `pane_dead`: the pane's process has exited (remain-on-exit). */
  dead: boolean;
  /** `pane_dead_status`, when dead. */
  deadStatus?: number | null;
  /** Milliseconds since the pane last printed anything. */
  quietMs: number;
  /** After this much quiet, output-driven profiles call the pane idle. */
  quietThresholdMs: number;
  /** Epoch ms "now", used to turn a shown reset time into an instant. */
  now: number;
  /** The command the pane was started with, when known; lets the generic profile tell a shell agent from a crashed one. */
  startCommand?: string;
}

export interface Classification {
  state: AgentState;
  /** Short and human, e.g. `waiting: permission prompt "Do you want to proceed?"`. */
  reason: string;
  /** Epoch ms of the usage-limit reset when the screen shows one. */
  resetAt: number | null;
  /** Text in the input box: '' when empty, null when no input box is visible. */
  input: string | null;
  /** For `waiting`: the prompt read off the screen (classifyScreen adds it), null when unreadable. */
  prompt?: ScreenPrompt | null;
}

export type ProfileClassifier = (screen: string, facts: PaneFacts) => Classification;

/**
 * Where a CLI is slower than most at taking a message or at redrawing (each field a measured
 * fact, with the measurement where it is set). Read by the delivery protocol (actions/protocol.ts)
 * and the monitor's hold of frames between screens (monitor/agent-states.ts).
 */
export interface ProfilePace {
  /** The delivery's waits (echo, box emptied after Enter, a sign of work after) are this many times the defaults. */
  deliveryFactor?: number;
  /** A frame between screens (blank, half drawn) after a known state keeps that state this long (default 1 s). */
  betweenFramesMs?: number;
}

const SHELLS = new Set([
  'sh', 'bash', 'zsh', 'fish', 'dash', 'ksh', 'mksh', 'tcsh', 'csh', 'ash', 'yash', 'nu', 'pwsh', 'elvish', 'xonsh', 'busybox',
]);

/** True when `command` (a program name or path, perhaps a login shell `-bash`) is an interactive shell. */
export function isShell(command: string): boolean {
  const base = command.trim().split(/\s+/)[0]?.split('/').pop()?.replace(/^-/, '') ?? '';
  return SHELLS.has(base);
}

/**
 * Screen lines with trailing spaces removed and trailing blank lines dropped (NBSP read as a
 * space: Claude Code draws `❯\u00a0text`; zero-width spaces dropped: Qwen Code's cursor is one).
 */
export function screenLines(screen: string): string[] {
  const lines = screen.replace(/\r/g, '').replace(/\u00a0/g, ' ').replace(/\u200b/g, '').split('\n').map((l) => l.trimEnd());
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The verdicts every non-generic profile starts with: a dead pane, or a pane back at its shell. */
export function exited(facts: PaneFacts): Classification | null {
  if (facts.dead) {
    const status = facts.deadStatus == null ? '' : ` (exit ${facts.deadStatus})`;
    return result('crashed', `crashed: pane is dead${status}`);
  }
  if (isShell(facts.currentCommand)) return result('crashed', `crashed: back at the shell (${facts.currentCommand})`);
  return null;
}

export function result(
  state: AgentState,
  reason: string,
  input: string | null = null,
  resetAt: number | null = null,
): Classification {
  return { state, reason, resetAt, input };
}

/** Quote a line of screen text for a reason, shortened so reasons stay one short line. */
export function quote(text: string, max = 80): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return `"${t.length > max ? t.slice(0, max - 1) + '…' : t}"`;
}

/** A full-width horizontal rule as Claude Code and Gemini CLI draw them around the input. */
export function isRule(line: string): boolean {
  return /^\s*─{20,}\s*$/.test(line);
}

/** Strip a box's side borders (`│ … │`) from a line. */
export function unboxed(line: string): string {
  return line.replace(/^\s*│/, '').replace(/│\s*$/, '');
}

/**
 * Where numbered choice lists start (`❯ 1. Yes` / `  2. No`), as indices into `lines`. A list
 * counts only when one of its options carries a cursor glyph from `cursor`: a plain numbered
 * list in the transcript (tips, a reply) is not a question.
 */
export function numberedChoices(lines: readonly string[], cursor: string): number[] {
  const option = new RegExp(`^\\s*(?:([${cursor}])\\s*)?(\\d+)\\.\\s+\\S`);
  const out: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const first = option.exec(unboxed(lines[i] ?? ''));
    if (!first || first[2] !== '1') continue;
    let cursorSeen = first[1] !== undefined;
    let count = 1;
    // Options may be separated by wrapped text or blank lines; look a few rows ahead.
    for (let j = i + 1, gap = 0; j < lines.length && gap <= 2; j++) {
      const m = option.exec(unboxed(lines[j] ?? ''));
      if (m && Number(m[2]) === count + 1) {
        count++;
        cursorSeen ||= m[1] !== undefined;
        gap = 0;
      } else gap++;
    }
    if (count >= 2 && cursorSeen) out.push(i);
  }
  return out;
}

/** The nearest question above `index` (the sentence ending in `?`), for the reason. */
export function questionAbove(lines: readonly string[], index: number, span = 12): string | null {
  for (let i = index - 1; i >= Math.max(0, index - span); i--) {
    const t = unboxed(lines[i] ?? '').trim();
    const q = /^(.*\?)(?:\s|$)/.exec(t);
    if (q?.[1]) return q[1];
  }
  return null;
}

/**
 * The composer: the bottom-most prompt row within the last `span` lines; its text ('' for a
 * placeholder). Rows `skip` rejects (a popup's entry drawn like a prompt) are passed over.
 */
export function bottomPrompt(
  lines: readonly string[],
  prompt: RegExp,
  span: number,
  isPlaceholder: (text: string) => boolean,
  skip: (lines: readonly string[], line: number) => boolean = () => false,
): { line: number; text: string } | null {
  for (let i = lines.length - 1; i >= Math.max(0, lines.length - span); i--) {
    const m = prompt.exec(unboxed(lines[i] ?? '').trimEnd());
    if (!m || skip(lines, i)) continue;
    const text = (m[1] ?? '').trim();
    return { line: i, text: isPlaceholder(text) ? '' : text };
  }
  return null;
}

/** Lines after the last echoed prompt above the composer (all of them when none is echoed). */
export function responseAbove(lines: readonly string[], composerLine: number, prompt: RegExp): string[] {
  for (let i = composerLine - 1; i >= 0; i--) {
    if (prompt.test(unboxed(lines[i] ?? ''))) return lines.slice(i + 1, composerLine);
  }
  return lines.slice(0, composerLine);
}

/** A usage-limit message in `response`: rate_limited, with the reset time read from it and the two lines after. */
export function rateLimitIn(response: readonly string[], patterns: readonly RegExp[], input: string | null, now: number): Classification | null {
  const at = response.findIndex((l) => patterns.some((p) => p.test(l)));
  if (at < 0) return null;
  const text = response.slice(at, at + 3).join(' ');
  return result('rate_limited', `rate_limited: ${quote(unboxed(response[at] ?? ''))}`, input, parseResetTime(text, now));
}
