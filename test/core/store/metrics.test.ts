import { describe, expect, it } from 'vitest';
import { dayStart, openStore } from '../../../src/core/store/index.js';
import { useTempDir } from './temp.js';

const t = useTempDir();
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

describe('metrics', () => {
  it('roll raw samples up per minute and per hour (count, sum, min, max)', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    const base = 100 * DAY;
    s.metrics.record(base + 1_000, { cpuPercent: 10 });
    s.metrics.record(base + 30_000, { cpuPercent: 20 });
    s.metrics.record(base + MIN + 5, { cpuPercent: 60 });
    const minute = s.db.prepare('SELECT bucket, count, sum, min, max FROM metrics_minute ORDER BY bucket').all();
    expect(minute).toEqual([
      { bucket: base, count: 2, sum: 30, min: 10, max: 20 },
      { bucket: base + MIN, count: 1, sum: 60, min: 60, max: 60 },
    ]);
    expect(s.db.prepare('SELECT bucket, count, sum, min, max FROM metrics_hour').all()).toEqual([
      { bucket: base, count: 3, sum: 90, min: 10, max: 60 },
    ]);
    expect(s.metrics.series('cpuPercent', { from: base, resolution: 'minute' })).toEqual([
      [base, 15],
      [base + MIN, 60],
    ]);
    expect(s.metrics.series('cpuPercent', { from: base, resolution: 'raw' })).toHaveLength(3);
  });

  it('report raw for 1h, minutes for 24h, hours for 7d and 30d, with by-state series and shares', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    const now = 200 * DAY + 12 * HOUR;
    for (let m = 0; m < 3 * 60; m++) {
      const at = now - m * MIN;
      s.metrics.record(at, { agents: 3, 'state.busy': 2, 'state.idle': 1, reconcileMs: 4, rssMb: 120 });
    }
    const hour = s.metrics.report('1h', now);
    expect(hour.range).toBe('1h');
    expect(hour.series.map((x) => [x.name, x.unit])).toEqual([
      ['agents', 'agents'],
      ['reconcileMs', 'ms'],
      ['rssMb', 'MB'],
    ]);
    expect(hour.series[0]!.points).toHaveLength(61); // samples in [now - 1h, now]
    expect(hour.byState.map((x) => x.name)).toEqual(['busy', 'idle']);
    expect(hour.byState[0]!.points.every(([, v]) => v === 2)).toBe(true);

    const day = s.metrics.report('24h', now);
    expect(day.series[0]!.points).toHaveLength(180); // one per minute
    const week = s.metrics.report('7d', now);
    expect(week.series[0]!.points.length).toBeGreaterThanOrEqual(3);
    expect(week.series[0]!.points.length).toBeLessThanOrEqual(4);
    expect(week.series[0]!.points.every(([at, v]) => at % HOUR === 0 && v === 3)).toBe(true);
    expect(s.metrics.report('30d', now).series[0]!.points).toEqual(week.series[0]!.points);
  });

  it('sum agent state time per day into busy/idle/other shares', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    const now = new Date(2026, 10, 20, 15, 0, 0).getTime();
    const yesterday = now - DAY;
    s.metrics.addStateTime('eng', now, 'busy', 1_000);
    s.metrics.addStateTime('eng', now + 60_000, 'busy', 500);
    s.metrics.addStateTime('eng', now, 'idle', 300);
    s.metrics.addStateTime('eng', now, 'waiting', 200);
    s.metrics.addStateTime('eng', yesterday, 'idle', 7);
    s.metrics.addStateTime('pm', now, 'crashed', 50);
    expect(s.metrics.shares(now)).toEqual([
      { agent: 'eng', day: dayStart(now), busyMs: 1_500, idleMs: 300, otherMs: 200 },
      { agent: 'pm', day: dayStart(now), busyMs: 0, idleMs: 0, otherMs: 50 },
    ]);
    expect(s.metrics.report('7d', now).shares).toHaveLength(3);
    expect(s.metrics.report('1h', now).shares).toHaveLength(2);
    expect(() => s.metrics.addStateTime('eng', now, 'asleep' as 'idle', 1)).toThrow(/state must be one of/);
  });

  it('reject bad samples and write nothing', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    expect(() => s.metrics.record(1, { ok: 1, bad: Number.NaN })).toThrow(/finite number/);
    expect(() => s.metrics.record(1, { 'no spaces': 1 })).toThrow(/not valid/);
    expect(s.metrics.series('ok', { from: 0, resolution: 'raw' })).toEqual([]);
  });
});
