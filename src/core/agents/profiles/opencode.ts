// opencode (1.x, a full-screen TUI). Messages the person sent, errors, tool output and the
// composer are blocks with a `┃` bar; the composer is the last one, closed by `╹▀▀▀…`, with the
// agent and model on its last row (`┃  Build · model provider`) and `Ask anything… "…"` as
// its placeholder on the home screen. Replies end with `▣  Build · model · 25.9s`. A turn in
// progress shows `esc interrupt` in the footer; a permission request
// (`△ Permission required … Allow once   Allow always   Reject`) and a question
// (`↑↓ select  enter submit  esc dismiss`) are drawn in place of the composer.
import { exited, questionAbove, quote, result, screenLines, type Classification, type PaneFacts } from './common.js';
import { parseResetTime } from './reset-time.js';

export const OPENCODE_PATTERNS = {
  bar: /^\s*┃(?:\s(.*))?$/,
  composerEnd: /^\s*╹▀{3,}/,
  /** The composer's last row: the agent and the model (`Build · orc model orc stand-in`). */
  agentLine: /^\s*┃\s+\S+ · \S/,
  placeholder: /^Ask anything…/,
  busy: /\besc interrupt\b/,
  permission: /△ Permission required|\bAllow once\s+Allow always\s+Reject\b/,
  question: /\benter submit\b.*\besc dismiss\b|\bType your own answer\b/,
  /** The line that ends a reply; with a duration once the turn is over. */
  turnEnd: /^\s*▣\s+\S/,
  rateLimit: [/\bRate limit reached\b/i, /\busage limit\b/i, /\bquota\b/i, /\bToo Many Requests\b/i, /\b429\b/],
  error: [
    /\bIncorrect API key\b|\binvalid[_ ]api[_ ]key\b|\bUnauthorized\b|\bauthentication\b/i,
    /\bcontext (?:window|length)\b|\bexceeds the context\b|\btoo long\b/i,
    /\bInternal Server Error\b|\bserver had an error\b|\boverloaded\b|\bhigh demand\b|\bService Unavailable\b/i,
    /\b(?:API|Provider|Unknown)\s?Error\b|\bError:/,
  ],
} as const;

interface Composer {
  top: number;
  end: number;
  text: string;
}

/** The last `┃` block closed by `╹▀▀▀`: its text rows (without the agent row). */
export function findOpencodeComposer(lines: readonly string[]): Composer | null {
  const end = lines.findLastIndex((l) => OPENCODE_PATTERNS.composerEnd.test(l));
  if (end < 1) return null;
  let top = end - 1;
  while (top > 0 && OPENCODE_PATTERNS.bar.test(lines[top - 1] ?? '')) top--;
  const rows = lines.slice(top, end);
  const agentRow = rows.findLastIndex((l) => OPENCODE_PATTERNS.agentLine.test(l));
  const textRows = (agentRow >= 0 ? rows.slice(0, agentRow) : rows).map((l) => OPENCODE_PATTERNS.bar.exec(l)?.[1]?.trim() ?? '');
  const text = textRows.join('\n').trim().replace(/\n{2,}/g, '\n');
  return { top, end, text: OPENCODE_PATTERNS.placeholder.test(text) ? '' : text };
}

/** The text rows of the last non-empty `┃` block above line `before`. */
function lastBarBlock(lines: readonly string[], before: number): string[] {
  const rows: string[] = [];
  for (let i = before - 1; i >= 0; i--) {
    const m = OPENCODE_PATTERNS.bar.exec(lines[i] ?? '');
    if (!m) {
      if (rows.length) break;
      continue;
    }
    const text = m[1]?.trim() ?? '';
    if (text === '') {
      if (rows.length) break;
      continue;
    }
    rows.unshift(text);
  }
  return rows;
}

export function classifyOpencode(screen: string, facts: PaneFacts): Classification {
  const gone = exited(facts);
  if (gone) return gone;
  const lines = screenLines(screen);
  const bottom = lines.slice(-12);

  const permission = bottom.findIndex((l) => OPENCODE_PATTERNS.permission.test(l));
  if (permission >= 0) {
    const at = lines.length - bottom.length + permission;
    const what = lines.slice(at, at + 3).find((l) => /#\s+\S/.test(l));
    return result('waiting', `waiting: permission prompt ${quote(what?.replace(/^\s*┃\s*#\s*/, '') ?? 'Permission required')}`);
  }
  const asking = bottom.findIndex((l) => OPENCODE_PATTERNS.question.test(l));
  if (asking >= 0) {
    const question = questionAbove(lines.map((l) => l.replace(/^\s*┃/, '')), lines.length - bottom.length + asking, 20) ?? 'a question';
    return result('waiting', `waiting: question ${quote(question)}`);
  }

  const composer = findOpencodeComposer(lines);
  const footer = lines.slice(composer ? composer.end + 1 : -3);
  const busy = footer.find((l) => OPENCODE_PATTERNS.busy.test(l));
  if (!composer) {
    if (busy) return result('busy', `busy: ${quote(busy.trim())}`);
    return result('starting', 'starting: no composer yet');
  }
  const input = composer.text;
  // While it waits out a limit the footer says so (`The usage limit has been reached [retrying in 1h …]`).
  const footerText = footer.join(' ').replace(/\s+/g, ' ');
  if (OPENCODE_PATTERNS.rateLimit.some((p) => p.test(footerText)) && /\bretrying in\b/i.test(footerText))
    return result('rate_limited', `rate_limited: ${quote(footerText.replace(/^[^A-Za-z]*/, ''))}`, input, parseResetTime(footerText, facts.now));
  if (busy) return result('busy', 'busy: "esc interrupt" in the footer', input);

  // A failed turn leaves its error as the last `┃` block above the composer (no `▣ … 12.3s` end
  // line with a duration after it); the person's own message is a block of the same look, so
  // only the last block is read.
  const lastEnd = lines.slice(0, composer.top).findLastIndex((l) => OPENCODE_PATTERNS.turnEnd.test(l));
  const finishedOk = lastEnd >= 0 && /·\s*[\d.]+m?s\s*$/.test(lines[lastEnd] ?? '');
  if (!finishedOk) {
    const block = lastBarBlock(lines, lastEnd >= 0 ? lastEnd : composer.top);
    const text = block.join(' ');
    if (OPENCODE_PATTERNS.rateLimit.some((p) => p.test(text)))
      return result('rate_limited', `rate_limited: ${quote(text)}`, input, parseResetTime(text, facts.now));
    if (!input && OPENCODE_PATTERNS.error.some((p) => p.test(text))) return result('error', `error: ${quote(text)}`, input);
  }
  if (input) return result('unsubmitted', `unsubmitted: ${quote(input)} in the composer`, input);
  return result('idle', 'idle: composer empty', input);
}
