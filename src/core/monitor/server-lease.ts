// One monitor per tmux server, whatever names it (-L, -S, $TMUX) and whichever database it uses:
// the monitor's lease is kept ON the tmux server, as the server option @orc-monitor, where every
// monitor sees it. `set-option -s -o` refuses an option already set and the server runs one
// command at a time, so taking it is an atomic test-and-set. The value names the holder and its
// last heartbeat; a holder whose pid is gone (same host) or whose heartbeat is older than the
// TTL is taken over. A heartbeat rewrites the value only while it still carries our token (one
// `if-shell -F` command: never someone else's). The option dies with the server; a server that
// comes back finds no holder and the next heartbeat takes it again.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { ApiError } from '../../shared/api.js';
import { ORC_OPTION, quoteArg } from '../tmux/index.js';
import { pidAlive } from '../store/index.js';

export const MONITOR_OPTION = ORC_OPTION.monitor;
export const SERVER_LEASE_TTL_MS = 30_000;

/** Run one tmux command (argv) on the server; rejects with tmux's message. */
export type TmuxRun = (args: string[]) => Promise<string[]>;

export interface ServerLeaseHolder {
  pid: number;
  host: string;
  app: string;
  /** Epoch ms it was taken, and of the last heartbeat. */
  since: number;
  heartbeatAt: number;
}

export interface ServerLeaseOptions {
  app: string;
  /** Which server, for messages (e.g. its ServerIdentity key). */
  server: string;
  ttlMs?: number;
  /** Heartbeat period (default ttl/3); 0: the caller calls beat(). */
  heartbeatMs?: number;
  /** Called once when another monitor holds the server (taken over, or there first after a restart). */
  onLost?: (reason: string) => void;
  now?: () => number;
  pid?: number;
  host?: string;
}

const safe = (s: string) => s.replace(/[|\n\r]/g, '_');

function encode(token: string, h: ServerLeaseHolder): string {
  return [token, h.pid, safe(h.host), h.since, h.heartbeatAt, safe(h.app)].join('|');
}

/** The holder in a value (null for '' or a value that is not ours to read). */
export function parseHolder(value: string): (ServerLeaseHolder & { token: string }) | null {
  const [token, pid, host, since, beat, ...app] = value.trim().split('|');
  if (!token || !/^[0-9a-f]+$/.test(token) || app.length === 0) return null;
  return {
    token,
    pid: Number(pid),
    host: host ?? '',
    since: Number(since),
    heartbeatAt: Number(beat),
    app: app.join('|'),
  };
}

export function describeHolder(h: ServerLeaseHolder): string {
  return `${h.app} (pid ${h.pid} on ${h.host}, since ${new Date(h.since).toISOString()})`;
}

/** The value on the server ('' when unset). */
async function readValue(run: TmuxRun): Promise<string> {
  return ((await run(['show-options', '-s', '-q', '-v', MONITOR_OPTION]))[0] ?? '').trim();
}

/** Who holds the server's monitor lease, live or not (null when nobody). */
export async function currentServerHolder(run: TmuxRun): Promise<ServerLeaseHolder | null> {
  return parseHolder(await readValue(run));
}

/** A command that runs `cmd` only while the option still carries `token`. */
function ifOurs(token: string, cmd: string): string[] {
  return ['if-shell', '-F', `#{m:${token}|*,#{${MONITOR_OPTION}}}`, cmd];
}

/** The holder of the server's monitor lease if it is alive (heartbeat within the TTL, pid alive here). */
export async function liveServerHolder(run: TmuxRun, now: () => number = Date.now, ttlMs = SERVER_LEASE_TTL_MS): Promise<ServerLeaseHolder | null> {
  const h = await currentServerHolder(run);
  if (!h || now() - h.heartbeatAt > ttlMs) return null;
  return h.host !== hostname() || pidAlive(h.pid) ? h : null;
}

export class ServerLease {
  private readonly token = randomBytes(8).toString('hex');
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly me: Omit<ServerLeaseHolder, 'heartbeatAt'>;
  private timer: NodeJS.Timeout | null = null;
  private state: 'pending' | 'held' | 'lost' | 'released' = 'pending';

  constructor(
    private run: TmuxRun,
    private readonly o: ServerLeaseOptions,
  ) {
    this.ttlMs = o.ttlMs ?? SERVER_LEASE_TTL_MS;
    this.now = o.now ?? Date.now;
    this.me = {
      pid: o.pid ?? process.pid,
      host: o.host ?? hostname(),
      app: o.app,
      since: this.now(),
    };
  }

  get held(): boolean {
    return this.state === 'held';
  }

  /** Later commands go through `run` (e.g. the control connection once it is up). */
  useRunner(run: TmuxRun): void {
    this.run = run;
  }

  private isLive(h: ServerLeaseHolder): boolean {
    if (this.now() - h.heartbeatAt > this.ttlMs) return false;
    // On this host the kernel knows; on another we trust the heartbeat.
    return h.host !== this.me.host || pidAlive(h.pid);
  }

  /**
   * Take the lease: at once when free, over a gone holder's, or refused with
   * ApiError('conflict') naming the live holder. Rejects with tmux's error when there is no server.
   */
  async acquire(): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const value = encode(this.token, { ...this.me, heartbeatAt: this.now() });
      try {
        await this.run(['set-option', '-s', '-o', MONITOR_OPTION, value]);
        this.state = 'held';
        return;
      } catch (err) {
        if (!/already set/.test((err as Error).message)) throw err;
      }
      const raw = await readValue(this.run);
      const h = parseHolder(raw);
      if (h && h.token === this.token) {
        this.state = 'held';
        return;
      }
      if (h && this.isLive(h)) {
        throw new ApiError(
          'conflict',
          `tmux server ${this.o.server} is already monitored by ${describeHolder(h)}`,
        );
      }
      // A gone (or unreadable) holder: remove exactly that value, then try again.
      const cond = h
        ? `#{m:${h.token}|*,#{${MONITOR_OPTION}}}`
        : /^[^,#{}]*$/.test(raw)
          ? `#{==:#{${MONITOR_OPTION}},${raw}}`
          : '1';
      if (raw) await this.run(['if-shell', '-F', cond, `set-option -s -u ${MONITOR_OPTION}`]);
    }
    throw new ApiError(
      'conflict',
      `tmux server ${this.o.server}: its monitor lease keeps changing hands; try again`,
    );
  }

  /**
   * Refresh the heartbeat (or take the lease if the server lost it, e.g. it restarted). Calls
   * onLost once and stops when another monitor holds it. A server that is not reachable is left
   * alone: the next beat tries again.
   */
  async beat(): Promise<void> {
    if (this.state === 'lost' || this.state === 'released') return;
    try {
      const next = encode(this.token, { ...this.me, heartbeatAt: this.now() });
      await this.run(ifOurs(this.token, `set-option -s ${MONITOR_OPTION} ${quoteArg(next)}`));
      const after = await readValue(this.run);
      if (parseHolder(after)?.token === this.token) {
        this.state = 'held';
        return;
      }
      await this.acquire();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'conflict') this.lose(err.message);
      // Any other failure (server gone, command timed out): try again at the next beat.
    }
  }

  private lose(reason: string): void {
    if (this.state === 'lost') return;
    this.state = 'lost';
    this.stop();
    this.o.onLost?.(reason);
  }

  /** Beat every heartbeatMs (an unref'd timer) until stopped, released or lost. */
  start(): void {
    const every = this.o.heartbeatMs ?? Math.floor(this.ttlMs / 3);
    if (every <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.beat(), every);
    this.timer.unref?.();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Give it up (only while it is still ours). Never throws: a gone server took it along. */
  async release(): Promise<void> {
    this.stop();
    if (this.state !== 'held') return;
    this.state = 'released';
    await this.run(ifOurs(this.token, `set-option -s -u ${MONITOR_OPTION}`)).catch(() => undefined);
  }
}
