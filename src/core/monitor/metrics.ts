// Process metrics (CPU since the last sample, RSS), a bounded ring of latencies, and the
// periodic metrics sampler.
import type { AgentInfo, MetricsSnapshot } from '../../shared/domain.js';
import { AGENT_STATES, type AgentState } from '../../shared/vocabulary.js';
import type { Store } from '../store/index.js';

/** CPU use of this process as % of one core since the previous call. */
export class CpuSampler {
  private last = process.cpuUsage();
  private lastAt = performance.now();

  sample(): number {
    const now = performance.now();
    const cpu = process.cpuUsage(this.last);
    const wallMs = now - this.lastAt;
    this.last = process.cpuUsage();
    this.lastAt = now;
    if (wallMs <= 0) return 0;
    return ((cpu.user + cpu.system) / 1000 / wallMs) * 100;
  }
}

/**
 * Resident memory in MB; 0 when it cannot be read. Reading it opens /proc/self/stat: with every
 * descriptor taken (EMFILE) it throws, and a metrics tick must not end the process.
 */
export function rssMb(): number {
  try {
    return process.memoryUsage.rss() / (1024 * 1024);
  } catch {
    return 0;
  }
}

/** The last `size` samples, for percentiles. */
export class Ring {
  private readonly buf: Float64Array;
  private n = 0;

  constructor(size = 1024) {
    this.buf = new Float64Array(size);
  }

  push(v: number): void {
    this.buf[this.n % this.buf.length] = v;
    this.n++;
  }

  get count(): number {
    return this.n;
  }

  values(): number[] {
    return Array.from(this.buf.subarray(0, Math.min(this.n, this.buf.length)));
  }

  percentile(p: number): number {
    const xs = this.values().sort((a, b) => a - b);
    if (xs.length === 0) return 0;
    return xs[Math.min(xs.length - 1, Math.max(0, Math.ceil((p / 100) * xs.length) - 1))]!;
  }

  clear(): void {
    this.n = 0;
  }
}

/** The monitor's side of one metrics sample (see Monitor.sample). */
export interface MonitorSample {
  agents: readonly AgentInfo[];
  /** How long the last full reconcile took. */
  reconcileMs: number;
  /** p95 output-to-transition latency since the previous sample. */
  transitionLatencyMs: number;
}

export interface MetricsSamplerOptions {
  /** Takes the monitor's figures (and writes its state time). */
  sample: (now: number) => MonitorSample;
  store: Store | null;
  now?: () => number;
  emit: (e: { type: 'metricsTick'; metrics: MetricsSnapshot }) => void;
  warn: (message: string) => void;
}

/**
 * Fleet-wide metrics, sampled every interval by the one process that monitors the local
 * server: agents by state, reconcile time, transition latency, this process's CPU and RSS;
 * emitted as metricsTick and recorded in the store.
 */
export class MetricsSampler {
  private readonly cpu = new CpuSampler();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: MetricsSamplerOptions) {}

  /** Sample every `everyMs` (0: never) until stop(). */
  start(everyMs: number): void {
    if (everyMs <= 0 || this.timer) return;
    this.timer = setInterval(() => this.tick(), everyMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One sample now: emitted, and recorded in the store. */
  tick(): MetricsSnapshot {
    const now = (this.opts.now ?? Date.now)();
    const s = this.opts.sample(now);
    const byState: Partial<Record<AgentState, number>> = {};
    for (const a of s.agents) byState[a.state] = (byState[a.state] ?? 0) + 1;
    const metrics: MetricsSnapshot = {
      at: now,
      agents: s.agents.length,
      byState,
      reconcileMs: round(s.reconcileMs),
      transitionLatencyMs: round(s.transitionLatencyMs),
      cpuPercent: round(this.cpu.sample()),
      rssMb: round(rssMb()),
    };
    const store = this.opts.store;
    if (store && !store.readonly) {
      const values: Record<string, number> = {
        agents: metrics.agents,
        reconcileMs: metrics.reconcileMs,
        transitionLatencyMs: metrics.transitionLatencyMs,
        cpuPercent: metrics.cpuPercent,
        rssMb: metrics.rssMb,
      };
      for (const state of AGENT_STATES) values[`state.${state}`] = byState[state] ?? 0;
      try {
        store.metrics.record(now, values);
      } catch (err) {
        this.opts.warn(`storing metrics failed (monitoring goes on in memory): ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    this.opts.emit({ type: 'metricsTick', metrics });
    return metrics;
  }
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
