// One writer per pane across processes and hosts: a lock held on the tmux server itself, as the
// pane option @orc-lock. `set-option -o` refuses to set an option that is already set, and the
// server runs one command at a time, so it is an atomic test-and-set every client respects
// (the app, `serve`, the monitor, every `tmux-orc` process, on any host). It never blocks the
// control-mode connection (a `wait-for -L` there would stall every later command): a sender that
// finds it held looks again with backoff until its deadline, then fails with a clear "busy".
// The value names the holder and when it took it; a holder that died (or hung) past the
// stale time is taken over. The option dies with the pane.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { ApiError } from '../../shared/api.js';
import { Backoff } from '../../shared/backoff.js';
import { ORC_OPTION } from '../tmux/index.js';

export const LOCK_OPTION = ORC_OPTION.lock;

/** Run one tmux command (argv) on the pane's server; rejects with tmux's message. */
export type TmuxRun = (args: string[]) => Promise<string[]>;

export interface PaneLockOptions {
  /** Give up waiting after this long (default 30 s: a verified send takes a few seconds). */
  waitMs?: number;
  /** A lock older than this is a dead holder's: taken over (default 60 s). */
  staleMs?: number;
  now?: () => number;
}

const ME = `${hostname().replace(/[^A-Za-z0-9.-]/g, '_')}.${process.pid}`;

/** `host.pid.random@epochMs`: who holds it and since when (tmux-safe characters only). */
function ownerValue(now: number): string {
  return `${ME}.${randomBytes(4).toString('hex')}@${now}`;
}

function since(value: string): number {
  const at = Number(value.slice(value.lastIndexOf('@') + 1));
  return Number.isFinite(at) ? at : 0;
}

async function tryTake(run: TmuxRun, paneId: string, value: string): Promise<boolean> {
  try {
    await run(['set-option', '-p', '-o', '-t', paneId, LOCK_OPTION, value]);
    return true;
  } catch (err) {
    if (/already set/.test((err as Error).message)) return false;
    throw err;
  }
}

async function holder(run: TmuxRun, paneId: string): Promise<string> {
  return ((await run(['display-message', '-p', '-t', paneId, `#{${LOCK_OPTION}}`]))[0] ?? '').trim();
}

/** Unset the option only while it still holds `value` (one command: nobody else's lock goes). */
function unsetIf(run: TmuxRun, paneId: string, value: string): Promise<string[]> {
  return run(['if-shell', '-t', paneId, '-F', `#{==:#{${LOCK_OPTION}},${value}}`, `set-option -p -u -t ${paneId} ${LOCK_OPTION}`]);
}

/**
 * Take the pane's lock (waiting for another holder up to `waitMs`); returns its release.
 * Throws ApiError('conflict', 'busy: another sender holds this pane …') at the deadline.
 */
export async function takePaneLock(run: TmuxRun, paneId: string, o: PaneLockOptions = {}): Promise<() => Promise<void>> {
  const now = o.now ?? Date.now;
  const waitMs = o.waitMs ?? 30_000;
  const staleMs = o.staleMs ?? 60_000;
  const deadline = now() + waitMs;
  const pause = new Backoff({ minMs: 5, maxMs: 100 });
  for (;;) {
    const value = ownerValue(now());
    if (await tryTake(run, paneId, value)) {
      return async () => {
        await unsetIf(run, paneId, value).catch(() => undefined); // pane gone: so is the lock
      };
    }
    const held = await holder(run, paneId);
    if (held && now() - since(held) > staleMs) {
      await unsetIf(run, paneId, held);
      continue;
    }
    if (now() >= deadline) {
      const age = held ? ` (${held.slice(0, held.lastIndexOf('@'))}, for ${Math.round((now() - since(held)) / 1000)} s)` : '';
      throw new ApiError('conflict', `busy: another sender holds this pane ${paneId}${age}; try again`);
    }
    await new Promise((r) => setTimeout(r, Math.min(pause.next(), Math.max(1, deadline - now()))));
  }
}
