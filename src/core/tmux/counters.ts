// Connection counters: commands, round trips, processes, output volume. Bounded: the RTT sample
// ring keeps the last RTT_SAMPLES values for percentiles; the histogram is fixed buckets.

const RTT_SAMPLES = 2048;
/** Histogram upper bounds in ms; the last bucket is everything above. */
export const RTT_BUCKETS_MS = [0.5, 1, 2, 5, 10, 20, 50, 100, 250, 500, 1000, 5000] as const;

export interface TmuxCounters {
  commandsSent: number;
  commandErrors: number;
  commandTimeouts: number;
  /** tmux processes started: control clients plus one-shot commands. */
  processesSpawned: number;
  /** Control clients attached (one still identifying itself is not counted: see syncSessionsSoon). */
  controlClients: number;
  outputEvents: number;
  outputBytes: number;
  pauses: number;
  reconnects: number;
  rtt: {
    count: number;
    p50: number;
    p95: number;
    p99: number;
    max: number;
    /** Counts per bucket: `le` is the bucket's upper bound in ms (Infinity for the last). */
    histogram: { le: number; count: number }[];
  };
}

export class CounterSet {
  commandsSent = 0;
  commandErrors = 0;
  commandTimeouts = 0;
  processesSpawned = 0;
  outputEvents = 0;
  outputBytes = 0;
  pauses = 0;
  reconnects = 0;
  private readonly ring = new Float64Array(RTT_SAMPLES);
  private rttCount = 0;
  private rttMax = 0;
  private readonly buckets = new Array<number>(RTT_BUCKETS_MS.length + 1).fill(0);

  recordRtt(ms: number): void {
    this.ring[this.rttCount % RTT_SAMPLES] = ms;
    this.rttCount++;
    if (ms > this.rttMax) this.rttMax = ms;
    let i = RTT_BUCKETS_MS.findIndex((b) => ms <= b);
    if (i < 0) i = RTT_BUCKETS_MS.length;
    this.buckets[i]!++;
  }

  snapshot(extra: { controlClients: number; oneShotProcesses: number }): TmuxCounters {
    const n = Math.min(this.rttCount, RTT_SAMPLES);
    const sorted = Array.from(this.ring.subarray(0, n)).sort((a, b) => a - b);
    const pct = (p: number) => (n === 0 ? 0 : sorted[Math.min(n - 1, Math.ceil((p / 100) * n) - 1)]!);
    return {
      commandsSent: this.commandsSent,
      commandErrors: this.commandErrors,
      commandTimeouts: this.commandTimeouts,
      processesSpawned: this.processesSpawned + extra.oneShotProcesses,
      controlClients: extra.controlClients,
      outputEvents: this.outputEvents,
      outputBytes: this.outputBytes,
      pauses: this.pauses,
      reconnects: this.reconnects,
      rtt: {
        count: this.rttCount,
        p50: pct(50),
        p95: pct(95),
        p99: pct(99),
        max: this.rttMax,
        histogram: this.buckets.map((count, i) => ({ le: RTT_BUCKETS_MS[i] ?? Infinity, count })),
      },
    };
  }
}
