// opencode (1.x, a full-screen TUI). Messages the person sent, errors, tool output and the
// composer are blocks with a `┃` bar; the composer is the last one, closed by `╹▀▀▀…`, with the
// agent and model on its last row (`┃  Build · model provider`) and `Ask anything… "…"` as
// its placeholder on the home screen. Replies end with `▣  Build · model · 25.9s`. A turn in
// progress shows `esc interrupt` in the footer; a permission request
// (`△ Permission required … Allow once   Allow always   Reject`) and a question
// (`↑↓ select  enter submit  esc dismiss`) are drawn in place of the composer.
import { exited, questionAbove, quote, result, screenLines, type Classification, type PaneFacts, type ProfilePace } from './common.js';
import { parseResetTime } from './reset-time.js';

/**
 * Measured with opencode 1.18 in tmux on a loaded 2-core machine (test/real-cli/opencode-lifecycle.test.ts):
 * the first message of a session, typed on the home screen, stays in the box 1–3.6 s after
 * Enter (opencode creates the session first; the engine's 3 Enters × 1 s gave up as
 * "unsubmitted"), then the screen is BLANK for 4–7 s while it opens the session view (the
 * engine's 6 s wait for a sign of work gave up as "failed", and the monitor reported `starting`).
 * Later messages of the session take the defaults. Typed keys echo within 0.4–0.8 s.
 */
export const OPENCODE_PACE: ProfilePace = { deliveryFactor: 4, betweenFramesMs: 15_000 };

export const OPENCODE_PATTERNS = {
  bar: /^\s*┃(?:\s(.*))?$/,
  composerEnd: /^\s*╹▀{3,}/,
  /** The composer's last row: the agent and the model (`Build · orc model orc stand-in`). */
  agentLine: /^\s*┃\s+\S+ · \S/,
  placeholder: /^Ask anything…/,
  busy: /\besc interrupt\b/,
  /** The footer's progress bar (`■■⬝⬝⬝⬝⬝⬝  esc interrupt`), drawn only while a turn runs; its first glyphs alone in a frame caught mid-draw. */
  progressBar: /^\s*[■⬝]/,
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

/** The text rows of the last non-empty `┃` block above line `before`, and the line it starts at. */
function lastBarBlock(lines: readonly string[], before: number): { rows: string[]; top: number } {
  const rows: string[] = [];
  let top = before;
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
    top = i;
  }
  return { rows, top };
}

/** Is the block starting at `top` right under a turn's end line (`▣ …`)? Then it opens the next turn: the person's message. */
function opensTurn(lines: readonly string[], top: number): boolean {
  const above = lines.slice(0, top).findLast((l) => l.trim() !== '' && !/^\s*┃\s*$/.test(l));
  return above !== undefined && OPENCODE_PATTERNS.turnEnd.test(above);
}

/** Everything above line `before` is one `┃` block with text (a message, nothing else yet). */
function onlyOneBlock(lines: readonly string[], before: number): boolean {
  const shown = lines.slice(0, before).map((l, i) => ({ l, i })).filter(({ l }) => l.trim() !== '');
  if (shown.length === 0 || !shown.every(({ l }) => OPENCODE_PATTERNS.bar.test(l))) return false;
  const first = shown[0]!.i;
  const last = shown[shown.length - 1]!.i;
  return last - first + 1 === shown.length && shown.some(({ l }) => (OPENCODE_PATTERNS.bar.exec(l)?.[1] ?? '').trim() !== '');
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
  // While it waits out a limit the footer says so (`The usage limit has been reached [retrying in
  // 1h 59m | attempt #1]`; `[retrying attempt #1]` once a first Esc asks `esc again to interrupt`).
  const footerText = footer.join(' ').replace(/\s+/g, ' ');
  if (OPENCODE_PATTERNS.rateLimit.some((p) => p.test(footerText)) && /\[retrying\b/i.test(footerText))
    return result('rate_limited', `rate_limited: ${quote(footerText.replace(/^[^A-Za-z]*/, ''))}`, input, parseResetTime(footerText, facts.now));
  if (busy) return result('busy', 'busy: "esc interrupt" in the footer', input);
  if (OPENCODE_PATTERNS.progressBar.test(footer[0] ?? '')) return result('busy', 'busy: the progress bar in the footer', input);

  const lastEnd = lines.slice(0, composer.top).findLastIndex((l) => OPENCODE_PATTERNS.turnEnd.test(l));
  // The first message of a session: the session view shows it alone (no reply header yet, no
  // `esc interrupt` for 0.2–4 s while opencode prepares the request); it is at work on it. (The
  // block is the person's message, whatever it says: an error always follows one.)
  if (!input && lastEnd < 0 && onlyOneBlock(lines, composer.top)) return result('busy', 'busy: its first message sent, the reply not begun', input);
  // A failed turn leaves its error as the last `┃` block above the composer (no `▣ … 12.3s` end
  // line with a duration after it); the person's own message is a block of the same look, so
  // only the last block is read. A turn the person interrupted (`▣ … · interrupted`) ended there.
  const finishedOk = lastEnd >= 0 && /·\s*(?:[\d.]+m?s|interrupted)\s*$/.test(lines[lastEnd] ?? '');
  const block = lastBarBlock(lines, lastEnd >= 0 ? lastEnd : composer.top);
  // An error follows the message it answers (or the reply's text); a block right under the
  // previous turn's end is the person's next message, whatever it says (`orc-429 …`), and a
  // bare `▣` after it is a turn interrupted before any answer.
  if (!finishedOk && !opensTurn(lines, block.top)) {
    const text = block.rows.join(' ');
    if (OPENCODE_PATTERNS.rateLimit.some((p) => p.test(text)))
      return result('rate_limited', `rate_limited: ${quote(text)}`, input, parseResetTime(text, facts.now));
    if (!input && OPENCODE_PATTERNS.error.some((p) => p.test(text))) return result('error', `error: ${quote(text)}`, input);
  }
  if (input) return result('unsubmitted', `unsubmitted: ${quote(input)} in the composer`, input);
  return result('idle', 'idle: composer empty', input);
}
