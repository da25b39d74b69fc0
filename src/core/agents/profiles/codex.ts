// Codex CLI (Rust TUI, 0.17x; patterns checked on real screens, test/fixtures/screens/codex):
// the composer `› text` (`▌` in older builds) above a footer (`? for shortcuts`,
// `⏎ send`, `NN% context left`), a status line `• Working (12s • esc to interrupt)`, approval
// overlays (`Would you like to run the following command?` / `› 1. Yes, proceed (y)`), errors
// drawn as `■ …`, and the usage-limit message `■ You've hit your usage limit. … try again at 3:28 PM.`
import {
  bottomPrompt,
  exited,
  numberedChoices,
  questionAbove,
  quote,
  rateLimitIn,
  responseAbove,
  result,
  screenLines,
  unboxed,
  type Classification,
  type PaneFacts,
} from './common.js';

export const CODEX_PATTERNS = {
  prompt: /^\s*[›▌]\s?(.*)$/,
  /** Example prompts shown dimmed in an empty composer. */
  placeholders: [
    /^Ask Codex to do anything$/,
    /^Explain this codebase$/,
    /^Summarize recent commits$/,
    /^Implement \{feature\}$/,
    /^Find and fix a bug in @filename$/,
    /^Write tests for @filename$/,
    /^Improve documentation in @filename$/,
    /^Run \/review on my current changes$/,
    /^Use \/skills to list available skills$/,
  ],
  footer: /\? for shortcuts|⏎ send|context left|⌃C quit|ctrl \+ c to quit/i,
  busy: /\besc to interrupt\b/i,
  choiceCursor: '›>▶❯',
  dialogs: [
    /Would you like to run the following command\?/i,
    /Would you like to make the following edits\?/i,
    /Allow command\?/i,
    /Do you trust the contents of this directory\?/i,
    /allow Codex to work in this folder/i,
    /Sign in with ChatGPT/i,
  ],
  // Real screens write U+2019 (`You’ve`).
  rateLimit: [/You['’]ve hit your usage limit/i, /\bRate limit reached\b/i, /\busage_limit_reached\b/],
  error: /^\s*■\s+\S/,
  /** Esc by the person: the turn ends, nothing is wrong. */
  interrupted: /^\s*■\s+Conversation interrupted\b/,
  /** Output of the model or a tool in the transcript. */
  output: /^\s*[•✔✗]\s/,
  /** The line that closes a turn: `Worked for 3s • 02:19` (or `─ Worked for 1m 2s ─`), or a `■` line. */
  turnClosed: /^\s*(?:─+\s*)?Worked for\b|^\s*■\s/,
} as const;

const findComposer = (lines: readonly string[]) =>
  bottomPrompt(lines, CODEX_PATTERNS.prompt, 10, (text) => CODEX_PATTERNS.placeholders.some((p) => p.test(text)));

export function classifyCodex(screen: string, facts: PaneFacts): Classification {
  const gone = exited(facts);
  if (gone) return gone;
  const lines = screenLines(screen);
  const dialogLine = lines.findIndex((l) => CODEX_PATTERNS.dialogs.some((p) => p.test(l)));
  const choice = numberedChoices(lines, CODEX_PATTERNS.choiceCursor).at(-1);
  // An approval overlay replaces the composer; its own `› 1. Yes` row must not be read as input.
  if (dialogLine >= 0 && (choice === undefined || choice > dialogLine)) {
    const text = unboxed(lines[dialogLine] ?? '');
    return result('waiting', `waiting: ${/trust|folder/i.test(text) ? 'trust prompt' : 'approval'} ${quote(text)}`);
  }
  const composer = findComposer(lines);
  const input = composer ? composer.text : null;
  if (choice !== undefined && (!composer || choice >= composer.line)) {
    const question = questionAbove(lines, choice) ?? unboxed(lines[choice] ?? '').trim();
    return result('waiting', `waiting: approval ${quote(question)}`);
  }
  if (!composer) {
    if (lines.some((l) => /OpenAI Codex/.test(l))) return result('unknown', 'unknown: no composer on screen');
    return result('starting', 'starting: no composer yet');
  }

  const around = lines.slice(Math.max(0, composer.line - 6), composer.line).concat(lines.slice(composer.line + 1));
  const busy = around.find((l) => CODEX_PATTERNS.busy.test(l));
  if (busy) return result('busy', `busy: ${quote(busy)}`, input);

  const response = responseAbove(lines, composer.line, CODEX_PATTERNS.prompt);
  const limited = rateLimitIn(response, CODEX_PATTERNS.rateLimit, input, facts.now);
  if (limited) return limited;
  // Codex draws no status line while the answer streams: the turn runs until its closing line.
  const lastOutput = response.findLastIndex((l) => CODEX_PATTERNS.output.test(l));
  if (lastOutput >= 0 && response.findLastIndex((l) => CODEX_PATTERNS.turnClosed.test(l)) < lastOutput)
    return result('busy', 'busy: the answer is streaming (no closing "Worked for" line yet)', input);
  if (input) return result('unsubmitted', `unsubmitted: ${quote(input)} in the input box`, input);
  const error = response.filter((l) => CODEX_PATTERNS.error.test(l)).at(-1);
  if (error && !CODEX_PATTERNS.interrupted.test(error)) return result('error', `error: ${quote(error.replace(/^\s*■\s*/, ''))}`, input);
  return result('idle', 'idle: composer empty', input);
}
