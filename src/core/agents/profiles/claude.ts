// Claude Code (2.x): transcript above, the input box between two full-width rules
// (`❯ text`), a footer below (`? for shortcuts`, or `esc to interrupt` while working).
// Dialogs (folder trust, API key, tool permission) replace the box with a numbered list.
import {
  exited,
  isRule,
  numberedChoices,
  questionAbove,
  quote,
  result,
  screenLines,
  type Classification,
  type PaneFacts,
} from './common.js';
import { parseResetTime } from './reset-time.js';

export const CLAUDE_PATTERNS = {
  /** First row of the input box, and also how a submitted prompt is echoed in the transcript. */
  prompt: /^[❯>](?: (.*))?$/,
  /** A submitted prompt in the transcript. */
  userEcho: /^[❯>] \S/,
  /** The working line above the box: `✻ Working… (3s)`, `✶ Thinking… (12s · esc to interrupt)`. */
  spinner: /^\s*[·✢✳✶✻✽*∗]\s+\S[^…]*…/,
  /** The busy line while the API is retried. */
  retry: /\bRetrying in \d+\s*s\b/i,
  interrupt: /\besc to interrupt\b/i,
  /** The line left when a turn ends: `✻ Crunched for 3m 4s`. */
  finished: /^\s*[·✢✳✶✻✽*]\s+\w+ for \d+/,
  /** Cursor glyphs of a numbered choice list. */
  choiceCursor: '❯>',
  rateLimit: [
    /\busage limit reached\b/i,
    /\bYou['’]ve hit your (?:session |weekly |Opus |Sonnet |5-hour |usage |daily )?limit\b/i,
    /\b(?:session|weekly|5-hour|Opus|Sonnet) limit reached\b/i,
    /\bAPI Error\b.*\b429\b/,
    /\bRequest rejected \(429\)/,
  ],
  apiError: /^\s*(?:[⏺●⎿]\s*)?API Error\b/,
  /** Errors Claude Code words itself under the prompt (`⎿  Context limit reached · /compact …`). */
  turnError: /^\s*⎿\s+(?:Context limit reached|Invalid API key|Prompt is too long|Credit balance is too low|OAuth token (?:has )?(?:expired|been revoked)|Please run \/login)\b/i,
  /** An unnumbered menu: the cursor on one option (`  ❯ Yes, set auto mode …`), more options indented under it. */
  menuCursor: /^\s{2,}❯ \S/,
  /** Ink's crash overlay, or a fatal error the app cannot continue from. */
  fatal: /^\s*ERROR\s+\S/,
  /** Dim text shown in an empty box: examples, and the hint after an API error. */
  placeholder: /^(?:Try "[^"]*"|Resend your message to try again|Once fixed, resend your message)$/,
} as const;

interface InputBox {
  top: number;
  bottom: number;
  text: string;
}

/** The last `rule / ❯ … / rule` block on screen. */
export function findClaudeInputBox(lines: readonly string[]): InputBox | null {
  for (let bottom = lines.length - 1; bottom > 0; bottom--) {
    if (!isRule(lines[bottom] ?? '')) continue;
    for (let top = bottom - 1; top >= 0 && bottom - top <= 40; top--) {
      if (!isRule(lines[top] ?? '')) continue;
      const first = CLAUDE_PATTERNS.prompt.exec(lines[top + 1] ?? '');
      if (!first || top + 1 >= bottom) break;
      const rows = [first[1] ?? '', ...lines.slice(top + 2, bottom).map((l) => l.replace(/^ {2}/, ''))];
      let text = rows.join('\n').trim();
      if (CLAUDE_PATTERNS.placeholder.test(text)) text = '';
      return { top, bottom, text };
    }
  }
  return null;
}

export function classifyClaude(screen: string, facts: PaneFacts): Classification {
  const gone = exited(facts);
  if (gone) return gone;
  const lines = screenLines(screen);
  const box = findClaudeInputBox(lines);
  const input = box ? box.text : null;

  const dialog = numberedChoices(lines, CLAUDE_PATTERNS.choiceCursor).filter((i) => !box || i > box.bottom).at(-1);
  if (dialog !== undefined) {
    // The usage-limit menu (`/rate-limit-options`: wait, upgrade …) over the limit message: the
    // limit is the news, with its reset time. Other dialogs (a tool's permission) stay decisions.
    const limitMenu = lines.slice(dialog, dialog + 5).some((l) => /\blimit to reset\b|\bUpgrade your plan\b/i.test(l));
    const limited = limitMenu ? limitIn(latestResponse(lines, dialog), facts.now) : null;
    if (limited) return { ...limited, input };
    return result('waiting', waitingReason(lines, dialog), input);
  }

  if (!box) {
    const menu = lines.findLastIndex((l) => CLAUDE_PATTERNS.menuCursor.test(l));
    if (menu >= 0 && [lines[menu - 1], lines[menu + 1]].some((l) => /^\s{4,}\S/.test(l ?? ''))) {
      const question = questionAbove(lines, menu) ?? (lines[menu] ?? '').trim();
      return result('waiting', `waiting: menu ${quote(question)}`);
    }
    const fatal = lines.find((l) => CLAUDE_PATTERNS.fatal.test(l));
    if (fatal) return result('error', `error: ${quote(fatal.replace(/^\s*ERROR\s+/, ''))}`);
    if (lines.some((l) => CLAUDE_PATTERNS.userEcho.test(l) || /^\s*[⏺●]/.test(l)))
      return result('unknown', 'unknown: no input box on screen');
    return result('starting', 'starting: no input box yet');
  }

  const response = latestResponse(lines, box.top);
  const footer = lines.slice(box.bottom + 1);
  const busy = busyLine(lines, box.top) ?? footer.find((l) => CLAUDE_PATTERNS.interrupt.test(l));
  if (busy) return result('busy', `busy: ${quote(busy)}`, input);

  const limited = limitIn([...response, ...footer], facts.now);
  if (limited) return { ...limited, input };
  if (input) return result('unsubmitted', `unsubmitted: ${quote(input)} in the input box`, input);

  const apiError = lastApiError(response);
  if (apiError) return result('error', `error: ${quote(apiError)}`, input);
  return result('idle', 'idle: input box empty', input);
}

/** A usage-limit line in `region`: rate_limited, with the reset time read from it and the next line. */
function limitIn(region: readonly string[], now: number): Classification | null {
  const limit = region.findIndex((l) => CLAUDE_PATTERNS.rateLimit.some((p) => p.test(l)));
  if (limit < 0) return null;
  const text = `${region[limit] ?? ''} ${region[limit + 1] ?? ''}`;
  return result('rate_limited', `rate_limited: ${quote((region[limit] ?? '').replace(/^\s*[⏺●⎿]\s*/, ''))}`, null, parseResetTime(text, now));
}

function waitingReason(lines: readonly string[], choice: number): string {
  const question = questionAbove(lines, choice) ?? (lines[choice] ?? '').trim();
  const around = lines.slice(Math.max(0, choice - 14), choice + 4).join('\n');
  const kind = /trust/i.test(around) ? 'trust prompt' : /API key/i.test(around) ? 'API key question' : 'permission prompt';
  return `waiting: ${kind} ${quote(question)}`;
}

/** Transcript lines after the last submitted prompt, up to the box. */
function latestResponse(lines: readonly string[], boxTop: number): string[] {
  let start = 0;
  for (let i = boxTop - 1; i >= 0; i--) {
    if (CLAUDE_PATTERNS.userEcho.test(lines[i] ?? '')) {
      start = i + 1;
      break;
    }
  }
  return lines.slice(start, boxTop);
}

/** The spinner or retry line sitting just above the box (tips and blank lines may come between). */
function busyLine(lines: readonly string[], boxTop: number): string | undefined {
  for (let i = boxTop - 1, seen = 0; i >= 0 && seen < 4; i--) {
    const l = lines[i] ?? '';
    if (l.trim() === '' || /^\s*⎿/.test(l)) continue;
    if (CLAUDE_PATTERNS.spinner.test(l) || CLAUDE_PATTERNS.retry.test(l) || CLAUDE_PATTERNS.interrupt.test(l)) return l;
    if (CLAUDE_PATTERNS.userEcho.test(l) || CLAUDE_PATTERNS.finished.test(l)) return undefined;
    seen++;
  }
  return undefined;
}

/** An API error that ends the latest response (nothing but the finished line after it). */
function lastApiError(response: readonly string[]): string | null {
  for (let i = response.length - 1; i >= 0; i--) {
    const l = response[i] ?? '';
    if (CLAUDE_PATTERNS.apiError.test(l) || CLAUDE_PATTERNS.turnError.test(l)) return l.replace(/^\s*[⏺●⎿]\s*/, '');
    if (/^\s*[⏺●]\s/.test(l)) return null; // an assistant reply came after
  }
  return null;
}
