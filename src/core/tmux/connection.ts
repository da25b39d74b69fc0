// TmuxConnection: the engine's one handle on a tmux server.
//
// Coverage — one control client per session, chosen by measurement (bench/tmux.bench.ts,
// tmux 3.3a, 2 shared cores): control mode reports %output only for the session a client is
// attached to. Linking every agent window into a private monitor session is cheaper (20 windows
// linked in ≈9–16 ms, pipelined) but changes the user's windows: killing the user's session no
// longer ends its agents (they live on in ours), `#{window_linked}` flips, every window is
// listed twice and an extra session appears. A `tmux -C` client costs ≈3.5 MB RSS and 15–40 ms to
// attach, once per session; all commands go through one client (the primary), so more sessions
// add no command latency (round trip p50 ≈0.7 ms; %output → event p50 0.3–1.9 ms). Each client
// attaches with `-f ignore-size` (never resizes a window: test/core/tmux/ignore-size.test.ts)
// and `pause-after=N` (flow control: tmux drops what a paused pane would have queued, so a
// flooding pane bounds memory on both sides).

import { EventEmitter } from 'node:events';
import { StringDecoder } from 'node:string_decoder';
import { Backoff } from '../../shared/backoff.js';
import type { ConnectionStatus } from '../../shared/domain.js';
import { ControlClient } from './client.js';
import type { ConnectOptions, RunOptions, TmuxConnectionEvents } from './connection-types.js';
import { assertPaneId, captureArgs, textInputCommands, type CaptureOptions, type TextInputOptions } from './pane-input.js';
import { commandLine, TmuxArgumentError } from './quote.js';
import { formatOf, splitFields } from './vocabulary.js';
import { attachFailure, deniedSocketMessage, noProgramMessage, probeSocket } from './reachability.js';
import { localSocketPath } from './server-identity.js';
import { assertSshHost, isRemote, oneShotStats, programExists, runTmuxOnce, tmuxArgv, tmuxEnv, type TmuxTarget } from './once.js';
import { TmuxCommandError, TmuxConnectionError, TmuxTimeoutError } from './errors.js';
import { CounterSet, type TmuxCounters } from './counters.js';
import { listPanesArgs, parsePaneRows, type PaneRow } from './panes.js';
import { decodeOutput, outputLength, type TmuxNotification } from './notifications.js';
import { FactsSubscriptions, WINDOWS_CHANGED } from './facts-subscriptions.js';
import { Coalesced } from './coalesced.js';

const TOPOLOGY_KINDS = new Set([
  'window-add', 'window-close', 'unlinked-window-add', 'unlinked-window-close', 'window-renamed',
  'unlinked-window-renamed', 'sessions-changed', 'session-renamed', 'layout-change', 'window-pane-changed',
]);

export class TmuxConnection extends EventEmitter<TmuxConnectionEvents> {
  status: ConnectionStatus = 'connecting';
  statusMessage = 'connecting';
  /**
   * Local only: why this tmux cannot be used at all by this process (the program missing, the
   * socket not ours to open), or null. Unlike a passing error, one-shot callers fail on it.
   */
  unusable: string | null = null;
  private primary: ControlClient | null = null;
  /** Control clients by session id ($N), including the primary's. */
  private readonly clients = new Map<string, ControlClient>();
  private readonly decoders = new Map<string, StringDecoder>();
  private readonly counterSet = new CounterSet();
  private readonly timeoutMs: number;
  private readonly pauseAfter: number;
  private readyWaiters: (() => void)[] = [];
  private retryTimer: NodeJS.Timeout | null = null;
  private sessionSettleTimer: NodeJS.Timeout | null = null;
  private readonly reconnect: Backoff;
  private closed = false;
  /** The connection attempt under way, if any. */
  private attempt: Promise<void> | null = null;
  private everConnected = false;
  private pendingTopology: string[] | null = null;
  /** Makes sure every (watched) session has a control client. */
  private readonly sessionSync = new Coalesced(() => this.syncSessions());

  constructor(private readonly opts: ConnectOptions) {
    super();
    this.timeoutMs = opts.commandTimeoutMs ?? 10_000;
    this.pauseAfter = Math.max(1, Math.round(opts.pauseAfterSec ?? 5));
    this.reconnect = new Backoff({ minMs: opts.reconnectMinMs ?? 200, maxMs: opts.reconnectMaxMs ?? 5000 });
    // A bad destination is refused here, once, rather than on every reconnect attempt.
    if (isRemote(opts)) assertSshHost(opts.host!);
    void this.connect();
  }

  // ---- public API -------------------------------------------------------------------------

  /** Where this connection's tmux runs (host, socket, ssh options): for runOnHost and friends. */
  get target(): TmuxTarget {
    const { host, socketName, socketPath, tmuxPath, sshConfig, sshArgs } = this.opts;
    return { host, socketName, socketPath, tmuxPath, sshConfig, sshArgs };
  }

  /** Run one command; resolves its output lines, rejects with tmux's message. */
  async run(args: string[], opts: RunOptions = {}): Promise<string[]> {
    const [p] = await this.sendLines([commandLine(args)], opts.timeoutMs);
    return p!;
  }

  /** Run many commands in one write (pipelined); rejects on the first error. */
  async runAll(list: string[][], opts: RunOptions = {}): Promise<string[][]> {
    if (list.length === 0) return [];
    return Promise.all(await this.sendLines(list.map(commandLine), opts.timeoutMs));
  }

  /** Pipelined, each command's own outcome. */
  async runSettled(list: string[][], opts: RunOptions = {}): Promise<PromiseSettledResult<string[]>[]> {
    if (list.length === 0) return [];
    return Promise.allSettled(await this.sendLines(list.map(commandLine), opts.timeoutMs));
  }

  async capture(paneId: string, opts: CaptureOptions = {}): Promise<string> {
    assertPaneId(paneId);
    return (await this.run(captureArgs(paneId, opts))).join('\n');
  }

  /** Capture many panes in one pipelined write; panes that fail (gone) are left out. */
  async captureMany(paneIds: string[], opts: CaptureOptions = {}): Promise<Map<string, string>> {
    paneIds.forEach(assertPaneId);
    const results = await this.runSettled(paneIds.map((id) => captureArgs(id, opts)));
    const out = new Map<string, string>();
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') out.set(paneIds[i]!, r.value.join('\n'));
    });
    return out;
  }

  async listPanes(): Promise<PaneRow[]> {
    return parsePaneRows(await this.run(listPanesArgs()));
  }

  /** Type text into a pane literally (pane-input.ts decides keys or one bracketed paste). No Enter. */
  async sendText(paneId: string, text: string, opts: TextInputOptions = {}): Promise<void> {
    const { commands, buffer } = textInputCommands(paneId, text, opts);
    if (commands.length === 0) return;
    try {
      await this.runAll(commands);
    } catch (err) {
      if (buffer) await this.run(['delete-buffer', '-b', buffer]).catch(() => undefined);
      throw err;
    }
  }

  /** Press keys by name (`Enter`, `C-c`, `Escape`…). */
  async sendKeys(paneId: string, keys: string[]): Promise<void> {
    assertPaneId(paneId);
    if (keys.length === 0 || keys.some((k) => k === '')) throw new TmuxArgumentError('sendKeys needs key names');
    await this.run(['send-keys', '-t', paneId, ...keys]);
  }

  /**
   * Make sure a session exists (created detached when missing). The only method that may start
   * a tmux server. Resolves whether it was created.
   */
  async ensureSession(name: string, opts: { cwd?: string } = {}): Promise<{ created: boolean }> {
    if (name === '' || /[:.]/.test(name) || name.includes('\0')) {
      throw new TmuxArgumentError(`invalid session name ${JSON.stringify(name)}: must be non-empty without ':' or '.'`);
    }
    const create = ['new-session', '-d', '-s', name, ...(opts.cwd ? ['-c', opts.cwd] : [])];
    if (this.status === 'connected') {
      const ok = await this.run(['has-session', '-t', `=${name}`]).then(() => true, () => false);
      if (ok) return { created: false };
      // Lost a race with someone creating it: fine, but not ours (its first pane is theirs).
      const created = await this.run(create).then(
        () => true,
        (err: unknown) => {
          if (err instanceof TmuxCommandError && /duplicate session/.test(err.message)) return false;
          throw err;
        },
      );
      return { created };
    }
    const created = await runTmuxOnce(this.opts, create).then(
      () => true,
      (err: unknown) => {
        if (err instanceof TmuxCommandError && /duplicate session/.test(err.message)) return false;
        throw err;
      },
    );
    this.reconnectNow();
    await this.waitConnected(this.timeoutMs);
    return { created };
  }

  /**
   * Re-check which sessions get a control client (after the `watchSession` predicate's answer
   * changed); happens by itself when sessions come and go.
   */
  async refreshSessions(): Promise<void> {
    this.sessionSync.request();
    await this.sessionSync.settled();
  }

  /** Session ids ($N) that currently have a control client, i.e. whose output is reported. */
  watchedSessions(): string[] {
    return [...this.clients.keys()];
  }

  counters(): TmuxCounters {
    const attached = [...this.clients.values()].filter((c) => c.attached).length;
    return this.counterSet.snapshot({ controlClients: attached, oneShotProcesses: oneShotStats.processesSpawned });
  }

  /** Wait until connected (resolves at once when connected); rejects after timeoutMs. */
  waitConnected(timeoutMs = this.timeoutMs): Promise<void> {
    if (this.status === 'connected') return Promise.resolve();
    if (this.closed) return Promise.reject(new TmuxConnectionError('connection closed'));
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.readyWaiters = this.readyWaiters.filter((w) => w !== done);
        reject(new TmuxConnectionError(`not connected to tmux after ${timeoutMs} ms (${this.status}: ${this.statusMessage})`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(t);
        resolve();
      };
      this.readyWaiters.push(done);
    });
  }

  /** Try to connect now instead of waiting for the backoff timer. */
  reconnectNow(): void {
    if (this.closed || this.status === 'connected') return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    void this.connect();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.sessionSettleTimer) clearTimeout(this.sessionSettleTimer);
    this.retryTimer = this.sessionSettleTimer = null;
    for (const c of this.clients.values()) c.close();
    this.primary?.close();
    this.clients.clear();
    this.primary = null;
    this.setStatus('disconnected', 'closed');
  }

  // ---- commands ---------------------------------------------------------------------------

  private async sendLines(lines: string[], timeoutMs = this.timeoutMs): Promise<Promise<string[]>[]> {
    // Connected (every command of the monitor's loop), nothing to wait for and no await spent.
    if (!this.primary) await this.connectFirst(timeoutMs);
    if (this.status === 'connecting' && !this.closed) await this.waitConnected(timeoutMs).catch(() => undefined);
    const client = this.primary;
    if (!client || this.status !== 'connected') {
      throw new TmuxConnectionError(`not connected to tmux (${this.status}: ${this.statusMessage})`);
    }
    this.counterSet.commandsSent += lines.length;
    return client.send(lines, timeoutMs).map((p) =>
      p.catch((err: unknown) => {
        if (err instanceof TmuxCommandError) this.counterSet.commandErrors++;
        if (err instanceof TmuxTimeoutError) this.counterSet.commandTimeouts++;
        throw err;
      }),
    );
  }

  // ---- lifecycle --------------------------------------------------------------------------

  private setStatus(status: ConnectionStatus, message: string): void {
    if (status === this.status && message === this.statusMessage) return;
    this.status = status;
    this.statusMessage = message;
    this.emit('status', { status, message });
    if (status === 'connected') for (const w of this.readyWaiters.splice(0)) w();
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    const delay = this.reconnect.next();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
    this.retryTimer.unref?.();
  }

  private socketPath(): string {
    return localSocketPath(this.opts);
  }

  /**
   * Between retries a local server may be back (a new session, a restarted server) before the
   * backoff's next try, seconds away: a command tries to connect now (or joins the attempt under
   * way, for at most timeoutMs) rather than fail.
   */
  private async connectFirst(timeoutMs: number): Promise<void> {
    if (this.closed || isRemote(this.opts)) return;
    if (!this.attempt) {
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.retryTimer = null;
      void this.connect();
    }
    const attempt = this.attempt;
    if (!attempt) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([attempt, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  /** Connect, or join the attempt under way (resolves when it succeeded or failed). */
  private connect(): Promise<void> {
    if (this.closed || this.primary) return Promise.resolve();
    return (this.attempt ??= this.tryConnect().finally(() => (this.attempt = null)));
  }

  private async tryConnect(): Promise<void> {
    if (this.status !== 'disconnected' && this.status !== 'no_server') this.setStatus('connecting', 'connecting');
    if (!isRemote(this.opts)) {
      const program = this.opts.tmuxPath ?? 'tmux';
      this.unusable = null;
      if (!programExists(program)) {
        this.unusable = noProgramMessage(program);
        this.setStatus('error', this.unusable);
        return this.scheduleRetry();
      }
      const socket = await probeSocket(this.socketPath());
      if (socket !== 'listening') {
        if (socket === 'denied') {
          this.unusable = deniedSocketMessage(this.socketPath());
          this.setStatus('error', this.unusable);
        } else this.setStatus('no_server', `no tmux server running at ${this.socketPath()}`);
        return this.scheduleRetry();
      }
    }
    const client = this.spawnClient(null);
    const outcome = await new Promise<{ ok: boolean; reason: string }>((resolve) => {
      client.once('attached', () => resolve({ ok: true, reason: '' }));
      client.once('exit', (e) => resolve({ ok: false, reason: e.reason }));
    });
    if (this.closed) return client.close();
    if (!outcome.ok) {
      const failed = attachFailure(outcome.reason);
      this.setStatus(failed.status, failed.message);
      return this.scheduleRetry();
    }
    this.primary = client;
    const [sid] = await client.send([commandLine(['display-message', '-p', '#{session_id}'])])[0]!.catch(() => ['']);
    if (sid) this.clients.set(sid, client);
    this.reconnect.reset();
    if (this.everConnected) this.counterSet.reconnects++;
    this.everConnected = true;
    this.setStatus('connected', `connected to ${this.describe()}`);
    this.sessionSync.request();
    if (this.status === 'connected') this.queueTopology('connected');
  }

  private describe(): string {
    const where = this.opts.socketPath ? `-S ${this.opts.socketPath}` : this.opts.socketName ? `-L ${this.opts.socketName}` : 'default server';
    return isRemote(this.opts) ? `${this.opts.host} (${where})` : where;
  }

  private spawnClient(sessionId: string | null): ControlClient {
    const flags = `ignore-size,pause-after=${this.pauseAfter}`;
    // -E: attaching must not copy this process's environment (update-environment: DISPLAY,
    // SSH_AUTH_SOCK…) into the person's session, where their next windows would inherit it.
    const args = ['-C', 'attach-session', '-E', '-f', flags, ...(sessionId ? ['-t', sessionId] : [])];
    const client = new ControlClient({ argv: tmuxArgv(this.opts, args), commandTimeoutMs: this.timeoutMs, env: tmuxEnv() });
    this.counterSet.processesSpawned++;
    // Subscriptions are per client and cover its session's panes: each client keeps its own.
    const facts = new FactsSubscriptions(client);
    client.on('notification', (n) => {
      if (WINDOWS_CHANGED.has(n.kind)) facts.refresh();
      if (n.kind === 'subscription-changed') for (const f of facts.changedFacts(n.name, n.windowId, n.value)) this.emit('pane-facts', f);
      this.onNotification(client, n);
    });
    client.once('attached', () => facts.refresh());
    client.on('rtt', (ms) => this.counterSet.recordRtt(ms));
    client.on('exit', (e) => this.onClientExit(client, e.reason));
    return client;
  }

  private onClientExit(client: ControlClient, reason: string): void {
    for (const [sid, c] of this.clients) if (c === client) this.clients.delete(sid);
    if (client !== this.primary) return;
    this.primary = null;
    if (this.closed) return;
    // The primary's session went away but others may remain: promote another client.
    const next = [...this.clients.values()].find((c) => c.alive && c.attached);
    if (next) {
      this.primary = next;
      this.sessionSync.request();
      return;
    }
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
    this.decoders.clear();
    // Over ssh the reason is usually ssh's own ("Connection to box closed by remote host").
    this.setStatus('disconnected', isRemote(this.opts) ? `connection to ${this.opts.host} lost: ${reason}` : 'tmux server went away (or its last session closed)');
    this.queueTopology('disconnected');
    this.scheduleRetry();
  }

  private async syncSessions(): Promise<void> {
    if (!this.primary || this.closed) return;
    const lines = await this.run(['list-sessions', '-F', formatOf(['session_id', 'session_name'])]);
    for (const line of lines) {
      const [id = '', name = ''] = splitFields(line, 2);
      if (!id.startsWith('$')) continue;
      const wanted = !this.opts.watchSession || this.opts.watchSession({ id, name });
      const have = this.clients.get(id);
      if (have && !wanted && have !== this.primary) {
        this.clients.delete(id);
        have.close();
      }
      if (have || !wanted) continue;
      const c = this.spawnClient(id);
      this.clients.set(id, c);
      c.once('exit', () => {
        if (this.clients.get(id) === c) this.clients.delete(id);
      });
    }
  }

  // ---- notifications ----------------------------------------------------------------------

  private onNotification(client: ControlClient, n: TmuxNotification): void {
    this.emit('notification', n);
    switch (n.kind) {
      case 'output':
        return this.onOutput(n.paneId, n.escaped);
      case 'pause':
        this.counterSet.pauses++;
        this.emit('pane-paused', { paneId: n.paneId });
        // Resume on the client that paused (pause state is per client); the consumer re-captures
        // on 'pane-continued'. Best effort: the client may be exiting.
        client.send([commandLine(['refresh-client', '-A', `${n.paneId}:continue`])])[0]!.catch(() => undefined);
        return;
      case 'continue':
        this.decoders.delete(n.paneId);
        this.emit('pane-continued', { paneId: n.paneId });
        return;
      case 'pane-mode-changed':
        this.emit('pane-mode-changed', { paneId: n.paneId });
        return;
      case 'session-changed':
        return this.onClientMoved(client, n.sessionId);
      default:
        if (TOPOLOGY_KINDS.has(n.kind)) {
          this.queueTopology(n.kind);
          if ((n.kind === 'sessions-changed' || n.kind === 'session-renamed') && client === this.primary) this.syncSessionsSoon();
        }
    }
  }

  /**
   * New sessions get their control client once the session list has been still for
   * sessionSettleMs (150 ms). tmux ≤ 3.6 crash the whole server when a notification (a session
   * closing, a window added…) reaches a control client still identifying itself (tmux PR 5004),
   * and a session's first moments are when its creator acts on it or kills it again: attaching
   * then brought servers down (4 of 7 runs of 300 create-then-kill cycles; 0 of 3 with the
   * settle). The session's first output is not lost: the monitor captures a new pane on sight.
   */
  private syncSessionsSoon(): void {
    if (this.sessionSettleTimer) clearTimeout(this.sessionSettleTimer);
    this.sessionSettleTimer = setTimeout(() => {
      this.sessionSettleTimer = null;
      if (!this.closed) this.sessionSync.request();
    }, this.opts.sessionSettleMs ?? 150);
    this.sessionSettleTimer.unref?.();
  }

  /**
   * A client moved to another session (its session was destroyed with detach-on-destroy off, or
   * it just attached): keep one client per session, the primary winning.
   */
  private onClientMoved(client: ControlClient, sessionId: string): void {
    for (const [sid, c] of this.clients) if (c === client && sid !== sessionId) this.clients.delete(sid);
    const holder = this.clients.get(sessionId);
    if (!holder || holder === client) {
      if (client.attached || client === this.primary) this.clients.set(sessionId, client);
      return;
    }
    const loser = holder === this.primary ? client : holder;
    if (loser === holder) this.clients.set(sessionId, client);
    loser.close();
    this.sessionSync.request();
  }

  private onOutput(paneId: string, escaped: Buffer): void {
    const bytes = outputLength(escaped);
    this.counterSet.outputEvents++;
    this.counterSet.outputBytes += bytes;
    this.emit('output', { paneId, bytes });
    if (this.listenerCount('output-text') === 0) return;
    let dec = this.decoders.get(paneId);
    if (!dec) {
      // Bounded: one decoder per pane seen; forget them all if panes churn past the cap.
      if (this.decoders.size >= 10_000) this.decoders.clear();
      dec = new StringDecoder('utf8');
      this.decoders.set(paneId, dec);
    }
    const text = dec.write(decodeOutput(escaped));
    if (text !== '') this.emit('output-text', { paneId, text });
  }

  private queueTopology(reason: string): void {
    if (this.pendingTopology) {
      if (!this.pendingTopology.includes(reason)) this.pendingTopology.push(reason);
      return;
    }
    this.pendingTopology = [reason];
    setImmediate(() => {
      const reasons = this.pendingTopology ?? [];
      this.pendingTopology = null;
      this.emit('topology', { reasons });
    });
  }
}

/** Open a connection (it connects in the background; watch `status` or await waitConnected). */
export function connectTmux(opts: ConnectOptions = {}): TmuxConnection {
  return new TmuxConnection(opts);
}
