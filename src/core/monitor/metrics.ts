// Process metrics (CPU since the last sample, RSS) and a bounded ring of latencies.

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

export function rssMb(): number {
  return process.memoryUsage.rss() / (1024 * 1024);
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
