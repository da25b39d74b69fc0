// Property: whatever the bound and however inserts are batched, the notification count never
// exceeds the bound, and the rows kept are the newest ones.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/core/store/index.js';
import { useTempDir } from './temp.js';

const t = useTempDir();

describe('notification row bound (property)', () => {
  it('holds after every insert for any bound and batch sizes', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    let seq = 0;
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 400 }), fc.array(fc.integer({ min: 1, max: 250 }), { minLength: 1, maxLength: 15 }), (bound, batches) => {
        s.db.exec('DELETE FROM notifications');
        s.settings.update({ retention: { notificationsMaxRows: bound } });
        for (const size of batches) {
          s.notifications.addMany(Array.from({ length: size }, () => ({ kind: 'idle' as const, text: String(++seq), createdAt: seq })));
          const n = (s.db.prepare('SELECT count(*) AS n FROM notifications').get() as { n: number }).n;
          if (n > bound) return false;
        }
        const kept = s.notifications.list({ limit: 10_000 }).map((x) => Number(x.text));
        const total = batches.reduce((a, b) => a + b, 0);
        // the newest min(total, bound) rows are kept, in order
        return kept.length === Math.min(total, bound) && kept.every((v, i) => v === seq - i);
      }),
      { numRuns: 25 },
    );
  });
});

describe('retention budget', () => {
  it('stops early when the time budget runs out and finishes on the next run', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    s.notifications.addMany(Array.from({ length: 2_000 }, (_, i) => ({ kind: 'idle' as const, text: `n${i}`, createdAt: i })));
    const now = 365 * 86_400_000;
    const first = s.retention.run({ now, batch: 10, budgetMs: 0 });
    expect(first.complete).toBe(false);
    expect(first.notifications).toBe(0);
    const rest = s.retention.run({ now, batch: 100 });
    expect(rest.complete).toBe(true);
    expect(rest.notifications).toBe(2_000);
  });
});
