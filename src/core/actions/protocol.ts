// The delivery protocol: put text into an agent's input and make sure it was submitted.
//
// Agents with an input box (claude, codex, gemini, aider): clear stale text with Backspace
// (never C-c: that interrupts or quits a busy agent), type the text literally (send-keys -l,
// or one bracketed paste for multi-line text), wait until the box shows it, press Enter, and
// verify on the screen: the text left the box and the agent went busy, or echoed the message
// into its transcript. Enter is pressed again (bounded) while the text still sits in the box;
// an Enter on an empty box is ignored by these programs, so a retry cannot submit twice.
// Generic agents (any command): type, Enter, and count output after Enter as receipt.
import type { AgentType } from '../../shared/vocabulary.js';
import { profilePace } from '../agents/index.js';
import type { TmuxConnection } from '../tmux/index.js';
import type { ActionContext, ActionTimings } from './context.js';
import type { Look } from './observe.js';

export interface Outcome {
  status: 'delivered' | 'unsubmitted' | 'failed';
  reason: string;
}

/** Whitespace removed: how echoes are compared (boxes wrap, indent and reflow text). */
export function squash(s: string): string {
  return s.replace(/\s+/g, '');
}

/** States that show the agent acted on a submitted message (`crashed`: the message made it exit). */
const TOOK_IT: readonly string[] = ['busy', 'waiting', 'rate_limited', 'error', 'crashed'];

/** How TUIs show a paste in the box: Claude `[Pasted text #1 +12 lines]`, Codex `[Pasted Content 900 chars]`… */
const PLACEHOLDER = /\[(?:Pasted\b|[^\]\n]*\bpasted\])[^\]\n]*\]?/i;
const TAIL = 24;

/** Does the input box (or, when the box is taller than the screen, the screen) show the whole text? */
export function showsText(l: Look, text: string): boolean {
  const multi = /[\n\r]/.test(text);
  const tail = squash(text).slice(-TAIL);
  const input = l.classification.input;
  if (input !== null && input !== '') {
    if (PLACEHOLDER.test(input)) return true;
    if (multi) return true; // a bracketed paste lands whole
    return squash(input).endsWith(tail);
  }
  // The box's top scrolled off (very long text): the screen's end still shows the text's end.
  return input === null && !multi && squash(l.screen).includes(tail);
}

/** The box no longer holds our text. */
function leftBox(l: Look, text: string): boolean {
  if (l.classification.input === '') return true;
  if (l.classification.input === null) return TOOK_IT.includes(l.classification.state);
  return !showsText(l, text);
}

/** Signs the agent took the message: it works, asks, or echoed the message in its transcript. */
function received(l: Look, before: string, text: string): boolean {
  if (TOOK_IT.includes(l.classification.state)) return true;
  const firstLine = text.split(/\r?\n/).find((x) => x.trim() !== '') ?? '';
  const head = squash(firstLine).slice(0, 16);
  if (head === '') return false;
  const old = new Set(before.split('\n'));
  return l.screen.split('\n').some((line) => !old.has(line) && squash(line).includes(head));
}

/** Above this many characters even one line goes in as a paste: typed, a TUI redraws per key. */
export const PASTE_OVER_CHARS = 512;

/** Type text literally: short single lines as keys, anything else as one bracketed paste. */
export function typeText(conn: TmuxConnection, paneId: string, text: string): Promise<void> {
  return conn.sendText(paneId, text, { pasteOverChars: PASTE_OVER_CHARS });
}

/** The delivery's waits for this CLI: the defaults, stretched for one slower than most (its profile's pace). */
export function deliveryTimings(t: ActionTimings, type: AgentType): ActionTimings {
  const f = profilePace(type).deliveryFactor ?? 1;
  if (f === 1) return t;
  return { ...t, echoMs: t.echoMs * f, clearMs: t.clearMs * f, submitWaitMs: t.submitWaitMs * f, confirmMs: t.confirmMs * f };
}

/** Remove stale text from the box with Backspace, when the agent can take keys safely. */
async function clearStale(ctx: ActionContext, paneId: string, type: AgentType, l: Look, clearMs: number): Promise<Look | string> {
  const input = l.classification.input ?? '';
  if (input === '') return l;
  const presses = Math.min(20_000, Array.from(input).length + 4);
  await ctx.conn.run(['send-keys', '-t', paneId, '-N', String(presses), 'BSpace']);
  const r = await ctx.observer.until(paneId, type, (x) => (x && x.classification.input === '' ? x : undefined), clearMs);
  return r.value ?? `could not clear the text already in the input box (${r.last?.classification.reason ?? 'pane gone'})`;
}

export async function deliver(ctx: ActionContext, paneId: string, type: AgentType, text: string, first: Look): Promise<Outcome> {
  if (type === 'generic') return deliverGeneric(ctx, paneId, text, first);
  const t = deliveryTimings(ctx.timings, type);
  const cleared = await clearStale(ctx, paneId, type, first, t.clearMs);
  if (typeof cleared === 'string') return { status: 'failed', reason: cleared };

  await typeText(ctx.conn, paneId, text);
  const echo = await ctx.observer.until(paneId, type, (l) => (l && showsText(l, text) ? l : undefined), t.echoMs);
  if (!echo.value) {
    if (!echo.last) return { status: 'failed', reason: 'the pane went away while typing' };
    return { status: 'unsubmitted', reason: `the text did not show in the input box within ${t.echoMs} ms; not submitted` };
  }
  const before = echo.value.screen;
  for (let attempt = 1; attempt <= t.submitAttempts; attempt++) {
    await ctx.conn.sendKeys(paneId, ['Enter']);
    const gone = await ctx.observer.until(paneId, type, (l) => (!l ? null : leftBox(l, text) ? l : undefined), t.submitWaitMs);
    if (gone.value === null) return { status: 'failed', reason: 'the pane went away after Enter' };
    if (!gone.value) continue;
    const ok = await ctx.observer.until(paneId, type, (l) => (!l ? null : received(l, before, text) ? l : undefined), t.confirmMs);
    if (ok.value) {
      const how = ok.value.classification.state === 'busy' ? 'the agent went busy' : ok.value.classification.state === 'idle' ? 'the agent echoed it' : `the agent is ${ok.value.classification.state}`;
      return { status: 'delivered', reason: `verified: the input box emptied and ${how}${attempt > 1 ? ` (Enter pressed ${attempt} times)` : ''}` };
    }
    return { status: 'failed', reason: 'the text left the input box but the agent showed no sign of receiving it' };
  }
  return { status: 'unsubmitted', reason: `the text is still in the input box after ${t.submitAttempts} Enter presses` };
}

async function deliverGeneric(ctx: ActionContext, paneId: string, text: string, first: Look): Promise<Outcome> {
  const { tracker } = ctx.observer;
  await typeText(ctx.conn, paneId, text);
  const typedAt = ctx.now();
  // A program that echoes input shows it; one that does not never will: the wait is bounded.
  await ctx.observer.until(paneId, 'generic', (l) => (!l || (tracker.lastOutputAt(paneId) ?? 0) >= typedAt || l.screen !== first.screen ? true : undefined), Math.min(ctx.timings.echoMs, 500));
  const shown = await ctx.observer.look(paneId, 'generic');
  if (!shown) return { status: 'failed', reason: 'the pane went away while typing' };
  const enterAt = ctx.now();
  await ctx.conn.sendKeys(paneId, ['Enter']);
  const r = await ctx.observer.until(
    paneId,
    'generic',
    (l) => (!l ? null : (tracker.lastOutputAt(paneId) ?? 0) >= enterAt || l.screen !== shown.screen ? l : undefined),
    ctx.timings.confirmMs,
  );
  if (r.value === null) return { status: 'failed', reason: 'the pane went away after Enter' };
  if (r.value) return { status: 'delivered', reason: 'sent; the program printed after Enter (a generic agent has no input box to check)' };
  return { status: 'unsubmitted', reason: 'sent, but the program printed nothing after Enter: cannot tell whether it read the text' };
}
