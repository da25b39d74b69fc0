// The control-mode stream parser: bytes in, reply blocks and notifications out. Pure (no I/O),
// so it is unit-tested on its own.
//
// A reply is `%begin <time> <num> <flags>` … `%end|%error <time> <num> <flags>`. A block is closed
// only by a line carrying the same three values, because the text inside (a captured screen)
// may itself start with `%end`. Blocks with flags 0 were not started by this client's commands
// (the attach's own block) and are not matched to the command queue.

import { parseNotification, parseOutputLine, type TmuxNotification } from './notifications.js';

export interface ReplyBlock {
  ok: boolean;
  /** Lines between %begin and %end, decoded as UTF-8. */
  lines: string[];
  /** False for blocks not caused by our commands (flags 0). */
  ours: boolean;
  number: number;
}

export interface ProtocolHandlers {
  reply(block: ReplyBlock): void;
  notification(n: TmuxNotification): void;
}

/** Lines longer than this are cut: bounds memory when a peer never sends a newline. */
const MAX_PENDING_BYTES = 64 * 1024 * 1024;
const NEWLINE = 0x0a;
const PERCENT = 0x25;

export class ControlParser {
  private partial: Buffer | null = null;
  private block: { id: string; flags: string; number: number; lines: string[] } | null = null;

  constructor(private readonly handlers: ProtocolHandlers) {}

  /**
   * Feed a chunk of stdout exactly as read. Lines are split on the bytes; %output lines (the
   * bulk of the stream) are never turned into strings here.
   */
  push(chunk: Buffer): void {
    const buf = this.partial ? Buffer.concat([this.partial, chunk]) : chunk;
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(NEWLINE, start);
      if (nl < 0) break;
      this.line(buf.subarray(start, nl));
      start = nl + 1;
    }
    const rest = buf.length - start;
    // A copy, so the partial line does not keep the whole chunk alive.
    this.partial = rest === 0 || rest > MAX_PENDING_BYTES ? null : Buffer.from(buf.subarray(start));
  }

  /** True while inside a reply block (for tests and diagnostics). */
  get inBlock(): boolean {
    return this.block !== null;
  }

  private line(bytes: Buffer): void {
    const b = this.block;
    if (b) {
      if (bytes[0] === PERCENT) {
        const line = bytes.toString('latin1');
        if ((line.startsWith('%end ') || line.startsWith('%error ')) && line.slice(line.indexOf(' ') + 1) === b.id) {
          this.block = null;
          this.handlers.reply({ ok: line.startsWith('%end '), lines: b.lines, ours: b.flags !== '0', number: b.number });
          return;
        }
      }
      b.lines.push(bytes.toString('utf8'));
      return;
    }
    if (bytes[0] !== PERCENT) return; // anything else outside a block is noise (never produced by tmux)
    const output = parseOutputLine(bytes);
    if (output) return this.handlers.notification(output);
    const line = bytes.toString('latin1');
    if (line.startsWith('%begin ')) {
      const id = line.slice(7);
      const parts = id.split(' ');
      this.block = { id, flags: parts[2] ?? '', number: Number(parts[1]), lines: [] };
      return;
    }
    this.handlers.notification(parseNotification(line));
  }
}
