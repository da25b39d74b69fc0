import { describe, expect, it } from 'vitest';
import { LIMITS, openStore } from '../../../src/core/store/index.js';
import { useTempDir } from './temp.js';

const t = useTempDir();
const DAY = 86_400_000;
const count = (s: ReturnType<typeof openStore>, table: string) =>
  (s.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('retention', () => {
  it('keeps notifications within the row bound during a long insert run', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    s.settings.update({ retention: { notificationsMaxRows: 300 } });
    let maxSeen = 0;
    let now = 1_000_000;
    for (let batch = 0; batch < 60; batch++) {
      const size = 1 + (batch % 7) * 13; // singles and batches of various sizes
      s.notifications.addMany(Array.from({ length: size }, (_, i) => ({ kind: 'idle' as const, text: `${batch}/${i}`, createdAt: now++ })));
      maxSeen = Math.max(maxSeen, count(s, 'notifications'));
    }
    for (let i = 0; i < 500; i++) {
      s.notifications.add({ kind: 'waiting', text: `single ${i}`, createdAt: now++ });
      maxSeen = Math.max(maxSeen, count(s, 'notifications'));
    }
    expect(maxSeen).toBe(300);
    // the newest are the ones kept
    expect(s.notifications.list({ limit: 1 })[0]!.text).toBe('single 499');
  });

  it('converges in batches when the bound is lowered, and reports counts', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    const now = Date.now();
    s.notifications.addMany(Array.from({ length: 3_000 }, (_, i) => ({ kind: 'idle' as const, text: `n${i}`, createdAt: now - 3_000 + i })));
    s.settings.update({ retention: { notificationsMaxRows: 1_000 } });
    const counts = s.retention.run({ now, batch: 100 });
    expect(counts.notifications).toBe(2_000);
    expect(count(s, 'notifications')).toBe(1_000);
    expect(s.retention.run({ now }).notifications).toBe(0);
  });

  it('deletes by age in every table', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    const now = 400 * DAY;
    const old = now - 100 * DAY;
    const fresh = now - 1_000;
    for (const at of [old, fresh]) {
      s.notifications.add({ kind: 'idle', text: 'n', createdAt: at });
      s.transitions.add({ agentId: 'h/%1', agent: 'a', target: 's:1', team: null, from: 'busy', to: 'idle', at, reason: 'quiet' });
      s.messages.add({ agent: 'a', target: 's:1', text: 'hello', status: 'delivered', createdAt: at });
      s.metrics.record(at, { agents: 1 });
      s.metrics.addStateTime('a', at, 'busy', 1_000);
      s.screens.save({ agentId: 'h/%1', agent: 'a', target: 's:1', text: 'bye', savedAt: at });
    }
    const done = s.schedules.add({ target: 'a', text: 'check in', nextAt: old });
    s.schedules.markRun(done.id, old);
    s.db.prepare('UPDATE schedules SET finished_at = ? WHERE id = ?').run(old, done.id);
    s.schedules.add({ target: 'a', text: 'later', nextAt: now + DAY });

    const counts = s.retention.run({ now });
    expect(counts).toMatchObject({
      notifications: 1,
      transitions: 1,
      messages: 1,
      schedules: 1,
      metricsRaw: 1,
      metricsMinute: 1,
      metricsHour: 1,
      stateTime: 1,
      screens: 1,
    });
    for (const table of ['notifications', 'transitions', 'messages', 'metrics_raw', 'metrics_minute', 'metrics_hour', 'screens']) {
      expect(count(s, table), table).toBe(1);
    }
    expect(s.schedules.list().map((x) => x.text)).toEqual(['later']);
  });

  it('keeps raw metrics 24 h by default while rollups stay', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    const now = 10 * DAY;
    s.metrics.record(now - 25 * 3_600_000, { agents: 4 });
    s.metrics.record(now - 60_000, { agents: 5 });
    expect(s.retention.run({ now }).metricsRaw).toBe(1);
    expect(s.metrics.series('agents', { from: 0, resolution: 'raw' })).toEqual([[now - 60_000, 5]]);
    expect(s.metrics.series('agents', { from: 0, resolution: 'hour' })).toHaveLength(2);
  });

  it('bounds saved screens per agent', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    for (let i = 0; i < 10; i++) s.screens.save({ agentId: 'h/%1', agent: 'a', target: 's:1', text: `screen ${i}`, savedAt: i });
    expect(s.screens.list('a')).toHaveLength(LIMITS.screensPerAgent);
    expect(s.screens.latest('h/%1')?.text).toBe('screen 9');
  });

  it('gives freed pages back so the file shrinks', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    s.notifications.addMany(Array.from({ length: 5_000 }, (_, i) => ({ kind: 'idle' as const, text: 'x'.repeat(500), createdAt: i })));
    const before = s.db.pragma('page_count', { simple: true }) as number;
    const counts = s.retention.run({ now: 365 * DAY });
    expect(counts.notifications).toBe(5_000);
    expect(counts.vacuumedPages).toBeGreaterThan(0);
    expect(s.db.pragma('page_count', { simple: true }) as number).toBeLessThan(before / 4);
  });
});
