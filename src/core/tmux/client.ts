// One `tmux -C attach` process: writes command lines, matches reply blocks to a FIFO queue,
// and hands notifications to its owner. The connection (connection.ts) owns several of these.

import { EventEmitter } from 'node:events';
import { startProcess, type StartedProcess } from '../child-process.js';
import { ControlParser, type ReplyBlock } from './protocol.js';
import { parseNotification, type TmuxNotification } from './notifications.js';
import { TmuxCommandError, TmuxConnectionError, TmuxTimeoutError } from './errors.js';
import { replyBlocksOf } from './quote.js';

/** Bound on unanswered commands per client (a hung server must not grow the queue forever). */
const MAX_IN_FLIGHT = 100_000;
/** A client whose oldest command is this many timeouts old is considered stuck. */
const STUCK_FACTOR = 3;

interface Pending {
  line: string;
  sentAt: number;
  resolve(lines: string[]): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout | null;
  /** Timed out: the reply will still come and must still be consumed to keep the queue in step. */
  abandoned: boolean;
}

export interface ControlClientEvents {
  notification: [TmuxNotification];
  /** The attach succeeded (the flags-0 block ended with %end). */
  attached: [];
  /** The process is gone; `reason` is the %exit text, the attach error or stderr. */
  exit: [{ reason: string; attached: boolean }];
  rtt: [number];
}

export interface ControlClientOptions {
  /** Program and arguments, e.g. ['tmux', '-L', 'x', '-C', 'attach', …]. */
  argv: string[];
  commandTimeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

export class ControlClient extends EventEmitter<ControlClientEvents> {
  private readonly proc: StartedProcess['child'];
  private readonly queue: Pending[] = [];
  private readonly parser: ControlParser;
  private stderr = '';
  private exitReason = '';
  private gone = false;
  attached = false;

  constructor(private readonly opts: ControlClientOptions) {
    super();
    this.parser = new ControlParser({
      reply: (b) => this.onReply(b),
      notification: (n) => this.onNotification(n),
    });
    const [file, ...args] = opts.argv;
    const started = startProcess(file!, args, opts.env);
    this.proc = started.child;
    this.proc.stdout.on('data', (chunk: Buffer) => this.parser.push(chunk));
    this.proc.stderr.on('data', (chunk: Buffer) => {
      if (this.stderr.length < 4096) this.stderr += chunk.toString('utf8');
    });
    void started.exited.then((why) => this.onExit(why));
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  get pendingCount(): number {
    return this.queue.length;
  }

  get alive(): boolean {
    return !this.gone;
  }

  /** Write many command lines in one write; one promise per line, in order. */
  send(lines: string[], timeoutMs = this.opts.commandTimeoutMs): Promise<string[]>[] {
    if (this.gone || this.queue.length + lines.length > MAX_IN_FLIGHT) {
      const err = new TmuxConnectionError(
        this.gone ? `tmux control client is gone: ${this.exitReason || 'exited'}` : `too many tmux commands in flight (${this.queue.length})`,
      );
      return lines.map(() => Promise.reject(err));
    }
    const now = performance.now();
    const promises = lines.map(
      (line) =>
        new Promise<string[]>((resolve, reject) => {
          const p: Pending = { line, sentAt: now, resolve, reject, timer: null, abandoned: false };
          if (timeoutMs > 0) {
            p.timer = setTimeout(() => {
              p.abandoned = true;
              reject(new TmuxTimeoutError(`tmux did not answer within ${timeoutMs} ms: ${line.slice(0, 200)}`));
              this.checkStuck(timeoutMs);
            }, timeoutMs);
          }
          this.queue.push(p);
          // The further blocks of this line (an if-shell's branch) are consumed unseen.
          for (let extra = replyBlocksOf(line) - 1; extra > 0; extra--) this.queue.push({ ...p, resolve: () => {}, reject: () => {}, timer: null, abandoned: true });
        }),
    );
    this.proc.stdin.write(lines.join('\n') + '\n');
    return promises;
  }

  /**
   * Replies come in order, so an unanswered command at the head blocks everything behind it.
   * When the head has waited STUCK_FACTOR command timeouts, give up on this client: its exit
   * rejects what is pending and the owner starts a fresh one.
   */
  private checkStuck(timeoutMs: number): void {
    const head = this.queue[0];
    if (!head || performance.now() - head.sentAt < STUCK_FACTOR * timeoutMs) return;
    this.exitReason = `no reply for ${Math.round(performance.now() - head.sentAt)} ms to: ${head.line.slice(0, 200)}`;
    this.close();
  }

  /** Stop the process; pending commands are rejected. */
  close(): void {
    if (this.gone) return;
    this.proc.stdin.end();
    this.proc.kill('SIGTERM');
  }

  private onReply(b: ReplyBlock): void {
    if (!b.ours) {
      // The attach command's own block.
      if (b.ok) {
        this.attached = true;
        this.emit('attached');
      } else {
        this.exitReason = b.lines.join('\n');
      }
      return;
    }
    const p = this.queue.shift();
    if (!p) return;
    if (p.timer) clearTimeout(p.timer);
    // tmux writes %continue inside the reply block of the refresh-client that caused it
    // (measured, 3.3a); refresh-client prints nothing else, so its lines are notifications.
    if (p.line.startsWith('refresh-client ')) {
      for (const l of b.lines) if (l.startsWith('%')) this.onNotification(parseNotification(Buffer.from(l).toString('latin1')));
      b.lines = [];
    }
    if (p.abandoned) return;
    this.emit('rtt', performance.now() - p.sentAt);
    if (b.ok) p.resolve(b.lines);
    else p.reject(new TmuxCommandError(b.lines.join('\n') || 'tmux reported an error', p.line));
  }

  private onNotification(n: TmuxNotification): void {
    if (n.kind === 'exit' && n.reason && !this.exitReason) this.exitReason = n.reason;
    this.emit('notification', n);
  }

  private onExit(processError: string): void {
    if (this.gone) return;
    this.gone = true;
    const reason = this.exitReason || this.stderr.trim() || processError || 'tmux control client exited';
    this.exitReason = reason;
    const err = new TmuxConnectionError(`tmux connection lost: ${reason}`);
    for (const p of this.queue.splice(0)) {
      if (p.timer) clearTimeout(p.timer);
      if (!p.abandoned) p.reject(err);
    }
    this.emit('exit', { reason, attached: this.attached });
  }
}
