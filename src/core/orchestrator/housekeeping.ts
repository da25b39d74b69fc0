// Fleet-wide housekeeping, run by the one process monitoring the local server: metrics samples
// (emitted and stored) and retention passes over the history.
import type { ApiEvent } from '../../shared/api.js';
import type { MetricsSampler, Monitor } from '../monitor/index.js';
import type { Store } from '../store/index.js';

/** Longest stretch one retention slice may hold the event loop (one batch may overrun it a little). */
const RETENTION_SLICE_MS = 20;

export interface HousekeepingOptions {
  monitor: Monitor;
  store: Store;
  /** Passed in: the monitor module is loaded on first use. */
  Sampler: typeof MetricsSampler;
  now: () => number;
  emit: (e: ApiEvent) => void;
  warn: (message: string) => void;
  metricsIntervalMs?: number;
  retentionIntervalMs?: number;
}

/** Start sampling and retention; returns what stops both. */
export function startHousekeeping(o: HousekeepingOptions): () => void {
  const sampler = new o.Sampler({ sample: (now) => o.monitor.sample(now), store: o.store, now: o.now, emit: o.emit, warn: o.warn });
  sampler.start(o.metricsIntervalMs ?? 10_000);
  const stopRetention = startRetention(o.store, o.retentionIntervalMs ?? 300_000, o.warn);
  return () => {
    sampler.stop();
    stopRetention();
  };
}

/**
 * One pass every `everyMs`, in slices of RETENTION_SLICE_MS with the event loop free in
 * between: one pass over a big backlog blocked the server for about a second.
 */
function startRetention(store: Store, everyMs: number, warn: (message: string) => void): () => void {
  if (everyMs <= 0 || store.readonly) return () => undefined;
  let slice: NodeJS.Timeout | null = null;
  const runSlice = () => {
    slice = null;
    try {
      if (store.retention.run({ budgetMs: RETENTION_SLICE_MS }).complete) return;
      slice = setTimeout(runSlice, RETENTION_SLICE_MS);
      slice.unref?.();
    } catch (err) {
      warn(`retention failed: ${(err as Error).message}`);
    }
  };
  const retention = setInterval(() => {
    if (!slice) runSlice();
  }, everyMs);
  retention.unref?.();
  return () => {
    clearInterval(retention);
    if (slice) clearTimeout(slice);
  };
}
