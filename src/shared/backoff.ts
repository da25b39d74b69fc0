// The one exponential backoff: reconnecting to tmux, the hook feed's waiter, the pane lock's
// polling, auto-restart of crashed agents and the web client's socket all wait minMs, then twice
// as long each time, up to maxMs; a success starts again from minMs. Pure (no timers, no Node):
// the caller schedules, so the renderer uses it too.

export interface BackoffOptions {
  /** The first delay. */
  minMs: number;
  /** No delay is longer (before jitter). */
  maxMs: number;
  /** Spread each delay by ± this fraction (0.2: 80 %…120 %), so many clients do not retry in step. */
  jitter?: number;
  /** Injected for tests; Math.random otherwise. */
  random?: () => number;
}

/** The delay before retry number `attempt` (0 = the first retry): minMs · 2^attempt, at most maxMs. */
export function backoffDelay(attempt: number, o: BackoffOptions): number {
  const base = Math.min(o.maxMs, o.minMs * 2 ** Math.max(0, attempt));
  if (!o.jitter) return base;
  return base * (1 - o.jitter + 2 * o.jitter * (o.random ?? Math.random)());
}

/** Consecutive failures counted: next() is the delay to wait now, reset() after a success. */
export class Backoff {
  private attempt = 0;

  constructor(private readonly o: BackoffOptions) {}

  next(): number {
    return backoffDelay(this.attempt++, this.o);
  }

  reset(): void {
    this.attempt = 0;
  }

  /** Failures since the last reset. */
  get failures(): number {
    return this.attempt;
  }
}
