// Commands that read a pane's screen or put text into it: the one place that decides how text
// is typed (send-keys -l) or pasted (a paste buffer, bracketed), for the connection to run.
import { TmuxArgumentError } from './quote.js';

/** Longest piece of text per send-keys / set-buffer command (code points). */
const TEXT_CHUNK = 8000;
const PANE_ID = /^%\d+$/;

export interface CaptureOptions {
  /** Keep colours and attributes as escape sequences (`capture-pane -e`). */
  ansi?: boolean;
  /** Lines of history above the visible screen to include. */
  scrollback?: number;
}

export interface TextInputOptions {
  /**
   * Single-line text longer than this goes in as a paste too (default: never). Typed, a TUI
   * redraws per key; pasted, it takes the text at once.
   */
  pasteOverChars?: number;
}

/** What typing text takes: the commands, and the paste buffer to delete if they fail (or null). */
export interface TextInputCommands {
  commands: string[][];
  buffer: string | null;
}

export function assertPaneId(paneId: string): void {
  if (!PANE_ID.test(paneId)) throw new TmuxArgumentError(`not a tmux pane id (expected %N): ${JSON.stringify(paneId)}`);
}

/** Split text into pieces of at most `size` code points (never inside a surrogate pair). */
export function chunkText(text: string, size = TEXT_CHUNK): string[] {
  const cps = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < cps.length; i += size) out.push(cps.slice(i, i + size).join(''));
  return out;
}

export function captureArgs(paneId: string, opts: CaptureOptions): string[] {
  const args = ['capture-pane', '-p', '-t', paneId];
  if (opts.ansi) args.push('-e');
  if (opts.scrollback && opts.scrollback > 0) args.push('-S', String(-Math.floor(opts.scrollback)));
  return args;
}

let bufferSeq = 0;

/**
 * Text typed literally. Short single-line text goes through `send-keys -l`; text with newlines
 * (or over `pasteOverChars`) through a paste buffer as one bracketed paste (`paste-buffer -p`,
 * newlines kept as LF with -r), so a TUI sees it as pasted rather than as Enter presses. Long
 * text is split in chunks, all meant for one pipelined write. No Enter.
 */
export function textInputCommands(paneId: string, text: string, opts: TextInputOptions = {}): TextInputCommands {
  assertPaneId(paneId);
  if (text.includes('\0')) throw new TmuxArgumentError('text cannot contain a NUL character');
  if (text === '') return { commands: [], buffer: null };
  const chunks = chunkText(text);
  if (!/[\n\r]/.test(text) && text.length <= (opts.pasteOverChars ?? Infinity)) {
    return { commands: chunks.map((c) => ['send-keys', '-l', '-t', paneId, '--', c]), buffer: null };
  }
  const buffer = `orc-paste-${process.pid}-${++bufferSeq}`;
  const commands = chunks.map((c, i) => ['set-buffer', ...(i ? ['-a'] : []), '-b', buffer, '--', c]);
  commands.push(['paste-buffer', '-p', '-d', '-r', '-b', buffer, '-t', paneId]);
  return { commands, buffer };
}
