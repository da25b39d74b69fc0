// The single-writer lease: whoever runs the monitor for a tmux server holds its row. A second
// live holder is refused with a message naming the first; a holder whose pid is gone (same
// host) or whose heartbeat expired is taken over. Readers need no lease.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { StoreContext } from './context.js';
import { StoreError } from './errors.js';
import { epochMs, text } from './validate.js';

export interface LeaseHolder {
  pid: number;
  host: string;
  /** What holds it, e.g. "tmux-orchestrator app" or "tmux-orc monitor". */
  app: string;
}

export interface LeaseInfo extends LeaseHolder {
  serverKey: string;
  /** Epoch ms the holder acquired it. */
  since: number;
  heartbeatAt: number;
}

export interface LeaseOptions {
  /** A heartbeat older than this means the holder is gone. Default 30 s. */
  ttlMs?: number;
  /** Beat automatically this often (an unref'd timer); 0 = the caller calls heartbeat(). Default ttl/3. */
  heartbeatMs?: number;
  /** Called once if the lease is found taken over or its heartbeat fails. */
  onLost?: (reason: string) => void;
  now?: () => number;
}

export interface LeaseHandle {
  readonly serverKey: string;
  readonly holder: LeaseHolder;
  readonly since: number;
  /** True until released or lost. */
  readonly held: boolean;
  /** Refresh the heartbeat; throws StoreError('lease_held') if someone took it over. */
  heartbeat(): void;
  release(): void;
}

export interface LeaseApi {
  acquire(serverKey: string, holder: LeaseHolder, opts?: LeaseOptions): LeaseHandle;
  /** Who holds the lease now (live or not), or null. */
  current(serverKey: string): LeaseInfo | null;
}

/** The store's side: it releases every lease this connection still holds when it closes. */
export interface LeaseInternals extends LeaseApi {
  releaseAll(): void;
}

export const DEFAULT_LEASE_TTL_MS = 30_000;

interface Row {
  server_key: string;
  token: string;
  pid: number;
  host: string;
  app: string;
  acquired_at: number;
  heartbeat_at: number;
}

const toInfo = (r: Row): LeaseInfo => ({
  serverKey: r.server_key,
  pid: r.pid,
  host: r.host,
  app: r.app,
  since: r.acquired_at,
  heartbeatAt: r.heartbeat_at,
});

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isLive(r: Row, now: number, ttlMs: number): boolean {
  if (now - r.heartbeat_at > ttlMs) return false;
  // On this host we can ask the kernel; on another we trust the heartbeat.
  return r.host !== hostname() || pidAlive(r.pid);
}

function describe(r: Row): string {
  return `${r.app} (pid ${r.pid} on ${r.host}, since ${new Date(r.acquired_at).toISOString()})`;
}

function checkHolder(h: LeaseHolder): LeaseHolder {
  if (!h || !Number.isInteger(h.pid) || h.pid <= 0) throw new StoreError('bad_input', 'lease holder needs a positive pid');
  return { pid: h.pid, host: text(h.host, 'lease host'), app: text(h.app, 'lease app') };
}

export function createLease(ctx: StoreContext): LeaseInternals {
  const handles = new Set<LeaseHandle>();
  const read = (key: string) => ctx.stmt('SELECT * FROM lease WHERE server_key = ?').get(key) as Row | undefined;
  return {
    current: (key) =>
      ctx.read(() => {
        const r = read(key);
        return r ? toInfo(r) : null;
      }),
    acquire: (key, holderIn, opts = {}) => {
      const serverKey = text(key, 'server key');
      const holder = checkHolder(holderIn);
      const ttlMs = opts.ttlMs ?? DEFAULT_LEASE_TTL_MS;
      const now = opts.now ?? Date.now;
      const token = randomUUID();
      const since = epochMs(now(), 'now');
      ctx.write(() => {
        const r = read(serverKey);
        if (r && isLive(r, since, ttlMs)) {
          throw new StoreError('lease_held', `tmux server ${serverKey} is already monitored by ${describe(r)}`);
        }
        if (r) ctx.warn(`took over the monitor lease of ${serverKey} from ${describe(r)}: it is gone`);
        ctx
          .stmt(
            `INSERT INTO lease (server_key, token, pid, host, app, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (server_key) DO UPDATE SET token = excluded.token, pid = excluded.pid, host = excluded.host,
               app = excluded.app, acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at`,
          )
          .run(serverKey, token, holder.pid, holder.host, holder.app, since, since);
      });
      const handle = makeHandle(ctx, { serverKey, holder, since, token, ttlMs, now, opts }, () => handles.delete(handle));
      handles.add(handle);
      return handle;
    },
    releaseAll: () => {
      for (const h of [...handles]) {
        try {
          h.release();
        } catch {
          // Closing anyway: an unreleased row expires with its heartbeat.
        }
      }
    },
  };
}

interface HandleArgs {
  serverKey: string;
  holder: LeaseHolder;
  since: number;
  token: string;
  ttlMs: number;
  now: () => number;
  opts: LeaseOptions;
}

function makeHandle(ctx: StoreContext, a: HandleArgs, forget: () => void): LeaseHandle {
  let held = true;
  let timer: NodeJS.Timeout | null = null;
  const stop = () => {
    held = false;
    if (timer) clearInterval(timer);
    timer = null;
    forget();
  };
  const lose = (reason: string) => {
    if (!held) return;
    stop();
    a.opts.onLost?.(reason);
  };
  const heartbeat = () => {
    if (!held) throw new StoreError('lease_held', `the monitor lease of ${a.serverKey} is no longer held`);
    const changed = ctx.write(
      () =>
        ctx.stmt('UPDATE lease SET heartbeat_at = ? WHERE server_key = ? AND token = ?').run(a.now(), a.serverKey, a.token)
          .changes,
    );
    if (changed === 0) {
      const r = ctx.read(() => ctx.stmt('SELECT * FROM lease WHERE server_key = ?').get(a.serverKey) as Row | undefined);
      const reason = `the monitor lease of ${a.serverKey} was taken over${r ? ` by ${describe(r)}` : ''}`;
      lose(reason);
      throw new StoreError('lease_held', reason);
    }
  };
  const every = a.opts.heartbeatMs ?? Math.floor(a.ttlMs / 3);
  if (every > 0) {
    timer = setInterval(() => {
      try {
        heartbeat();
      } catch (err) {
        // A full disk must not stop monitoring: report it; the lease stays ours until it expires.
        if (err instanceof StoreError && err.kind !== 'lease_held') ctx.warn(`lease heartbeat failed: ${err.message}`);
      }
    }, every);
    timer.unref();
  }
  return {
    serverKey: a.serverKey,
    holder: a.holder,
    since: a.since,
    get held() {
      return held;
    },
    heartbeat,
    release: () => {
      if (!held) return;
      stop();
      if (!ctx.db.open) return;
      ctx.write(() => ctx.stmt('DELETE FROM lease WHERE server_key = ? AND token = ?').run(a.serverKey, a.token));
    },
  };
}
