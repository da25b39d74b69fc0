// Gemini CLI (0.x): transcript with `> prompt` echoes, a working line
// `⠼ Thinking... (esc to cancel, 3s)`, then the composer ` >   Type your message or @path/to/file`
// (bordered `│ > … │` in older versions) and a status footer. Dialogs (folder trust, auth,
// API key, tool confirmation) replace the composer, usually with a `● 1.` choice list.
import {
  bottomPrompt,
  exited,
  isRule,
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
import { parseResetTime } from './reset-time.js';

export const GEMINI_PATTERNS = {
  /** The composer and the echo of a submitted prompt. `*` in YOLO mode, `!` in shell mode. */
  prompt: /^\s*[>*!]\s+(.*)$/,
  /** The dim text of an empty composer (`!` shell mode: `Type your shell command`). */
  placeholder: /^(?:Type your message.*|Type your shell command.*)$/,
  /** `(esc to cancel, 3s)`; Qwen Code writes `(9s · ↓ 15 tokens · esc to cancel)`. */
  busy: /\([^()]*\besc to cancel\b[^()]*\)/i,
  /** A working line; while its hooks run (ours: BeforeAgent, BeforeTool…) Gemini CLI writes `⠹ Executing Hooks: COMMAND` instead. */
  spinner: /^\s*[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏⠂⠐⠁⠈]\s+(?:\S.*\.\.\.|Executing Hooks?:)/,
  choiceCursor: '●>❯',
  /** Dialogs that may have no numbered list. */
  dialogs: [
    /Do you trust the files in this folder\?/i,
    /How would you like to authenticate/i,
    /Enter Gemini API Key/i,
    /Waiting for auth/i,
    /Allow execution of/i,
    /Apply this change\?/i,
    /Do you want to proceed\?/i,
  ],
  rateLimit: [
    /Usage limit reached for/i,
    /exhausted your (?:daily )?quota/i,
    /exhausted your capacity/i,
    /reached your daily .*quota limit/i,
    /\bRESOURCE_EXHAUSTED\b/,
    /\bQuota exceeded\b/i,
  ],
  error: /(?:✕\s*)?\[?API Error\b|^\s*✕\s+\S/,
  /** The farewell /quit draws over the whole screen before the process ends (up to a second or more under load). */
  exiting: /\bAgent powering down\. Goodbye!/,
  /** The key line of a dialog drawn in place of, or around, the composer (`ask_user`'s typed answer). */
  dialogKeys: /\bEnter to (?:submit|select)\b.*\bEsc to cancel\b/,
} as const;

// The composer is the bottom-most prompt row; the footer under it is status text.
/** What a Gemini-CLI-like profile (Gemini CLI, its fork Qwen Code) reads the screen with. */
export type GeminiLikePatterns = { [K in keyof typeof GEMINI_PATTERNS]: (typeof GEMINI_PATTERNS)[K] extends readonly RegExp[] ? readonly RegExp[] : (typeof GEMINI_PATTERNS)[K] };

export const classifyGemini = geminiFamily(GEMINI_PATTERNS);

/** The classifier of a Gemini-CLI-like screen with `P`'s patterns. */
export function geminiFamily(P: GeminiLikePatterns): (screen: string, facts: PaneFacts) => Classification {
  const findComposer = (lines: readonly string[]) => bottomPrompt(lines, P.prompt, 12, (text) => P.placeholder.test(text), (l, i) => underPromptBox(l, i, P.prompt));
  return (screen, facts) => classifyGeminiLike(P, findComposer, screen, facts);
}

function classifyGeminiLike(
  GEMINI_PATTERNS: GeminiLikePatterns,
  findComposer: (lines: readonly string[]) => { line: number; text: string } | null,
  screen: string,
  facts: PaneFacts,
): Classification {
  const gone = exited(facts);
  if (gone) return gone;
  const lines = screenLines(screen);
  const composer = findComposer(lines);
  const input = composer ? composer.text : null;

  const choice = numberedChoices(lines, GEMINI_PATTERNS.choiceCursor)
    .filter((i) => !composer || i > composer.line)
    .at(-1);
  if (choice !== undefined) {
    // Gemini asks "Keep trying / Stop" under a usage-limit message: the limit is the news.
    const dialog = lines.slice(Math.max(0, choice - 15), choice);
    const limit = dialog.find((l) => GEMINI_PATTERNS.rateLimit.some((p) => p.test(l)));
    if (limit) {
      const text = dialog.join(' ');
      return result('rate_limited', `rate_limited: ${quote(unboxed(limit))}`, input, parseResetTime(text, facts.now));
    }
    const question = questionAbove(lines, choice, 20) ?? unboxed(lines[choice] ?? '').trim();
    return result('waiting', `waiting: ${dialogKind(question)} ${quote(question)}`, input);
  }
  // A question box with a text field: its `> Enter your response` row looks like the composer.
  const keysAt = lines.findLastIndex((l) => GEMINI_PATTERNS.dialogKeys.test(unboxed(l)));
  if (keysAt >= 0 && (!composer || keysAt > composer.line)) {
    const question = questionAbove(lines, keysAt, 20) ?? 'a question';
    return result('waiting', `waiting: question ${quote(question)}`);
  }
  if (!composer) {
    const farewell = lines.find((l) => GEMINI_PATTERNS.exiting.test(l));
    if (farewell) return result('crashed', `crashed: the agent is exiting (${quote(unboxed(farewell))})`);
    const dialog = lines.find((l) => GEMINI_PATTERNS.dialogs.some((p) => p.test(l)));
    if (dialog) return result('waiting', `waiting: ${dialogKind(dialog)} ${quote(unboxed(dialog))}`);
    if (lines.some((l) => /Gemini CLI v\d/.test(l) || GEMINI_PATTERNS.busy.test(l)))
      return result('unknown', 'unknown: no input prompt on screen');
    return result('starting', 'starting: no input prompt yet');
  }

  const above = lines.slice(Math.max(0, composer.line - 8), composer.line);
  const busy = above.find((l) => GEMINI_PATTERNS.busy.test(l) || GEMINI_PATTERNS.spinner.test(l));
  if (busy) return result('busy', `busy: ${quote(busy.replace(/\s{2,}.*$/, ''))}`, input);

  const response = responseAbove(lines, composer.line, GEMINI_PATTERNS.prompt);
  const limited = rateLimitIn(response, GEMINI_PATTERNS.rateLimit, input, facts.now);
  if (limited) return limited;
  if (input) return result('unsubmitted', `unsubmitted: ${quote(input)} in the input box`, input);
  const error = response.find((l) => GEMINI_PATTERNS.error.test(unboxed(l)));
  if (error) return result('error', `error: ${quote(unboxed(error))}`, input);
  return result('idle', 'idle: input prompt empty', input);
}

/** The edges the composer (and Gemini CLI's echoes) are drawn between: rules, half blocks, a box's corners. */
const isBoxTop = (line: string) => isRule(line) || /^\s*(?:▄{20,}|╭─{20,}╮)\s*$/.test(line);
const isBoxBottom = (line: string) => isRule(line) || /^\s*(?:▀{20,}|╰─{20,}╯)\s*$/.test(line);

/**
 * A row right under a closed box that holds a prompt row: a popup under the composer (Qwen Code
 * marks the chosen entry of its command list `> quit  exit the cli`), not the composer itself.
 */
function underPromptBox(lines: readonly string[], row: number, prompt: RegExp): boolean {
  if (!isBoxBottom(lines[row - 1] ?? '')) return false;
  let promptInside = false;
  for (let i = row - 2; i >= Math.max(0, row - 8); i--) {
    if (isBoxTop(lines[i] ?? '')) return promptInside;
    promptInside ||= prompt.test(unboxed(lines[i] ?? '').trimEnd());
  }
  return false;
}

function dialogKind(text: string): string {
  if (/trust/i.test(text)) return 'trust prompt';
  if (/authenticat|API key/i.test(text)) return 'auth question';
  return 'permission prompt';
}
