import { describe, expect, it } from 'vitest';
import { openStore, StoreError } from '../../../src/core/store/index.js';
import { useTempDir } from './temp.js';

const t = useTempDir();

describe('notifications', () => {
  it('adds, lists newest first and filters by unread, kind, agent (name or id), team and since', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    s.notifications.addMany([
      { kind: 'idle', agent: 'eng-1', agentId: 'local/%1', team: 'web', text: 'eng-1 is idle', createdAt: 1_000 },
      { kind: 'waiting', agent: 'eng-2', agentId: 'local/%2', team: 'web', text: 'eng-2 asks', createdAt: 2_000 },
      { kind: 'crashed', agent: 'pm', agentId: 'local/%3', team: 'api', text: 'pm crashed', createdAt: 3_000 },
      { kind: 'team_idle', team: 'web', text: 'team web idle', createdAt: 4_000 },
    ]);
    expect(s.notifications.list().map((n) => n.createdAt)).toEqual([4_000, 3_000, 2_000, 1_000]);
    expect(s.notifications.list({ kind: 'waiting' }).map((n) => n.agent)).toEqual(['eng-2']);
    expect(s.notifications.list({ agent: 'eng-1' }).map((n) => n.text)).toEqual(['eng-1 is idle']);
    expect(s.notifications.list({ agent: 'local/%3' }).map((n) => n.text)).toEqual(['pm crashed']);
    expect(s.notifications.list({ team: 'web' })).toHaveLength(3);
    expect(s.notifications.list({ since: 3_000 }).map((n) => n.createdAt)).toEqual([4_000, 3_000]);
    expect(s.notifications.list({ limit: 2 })).toHaveLength(2);
    const [first] = s.notifications.list({ agent: 'eng-1' });
    expect(first).toEqual({
      id: expect.any(Number),
      kind: 'idle',
      agent: 'eng-1',
      agentId: 'local/%1',
      team: 'web',
      text: 'eng-1 is idle',
      createdAt: 1_000,
      readAt: null,
    });
  });

  it('marks ids or all read and counts unread', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    const added = s.notifications.addMany(
      Array.from({ length: 5 }, (_, i) => ({ kind: 'idle' as const, agent: `a${i}`, text: `n${i}`, createdAt: i })),
    );
    expect(s.notifications.unreadCount()).toBe(5);
    expect(s.notifications.markRead([added[0]!.id, added[1]!.id], 99)).toBe(2);
    expect(s.notifications.markRead([added[0]!.id], 100)).toBe(0); // already read
    expect(s.notifications.unreadCount()).toBe(3);
    expect(s.notifications.get(added[0]!.id)?.readAt).toBe(99);
    expect(s.notifications.list({ unread: true }).map((n) => n.text)).toEqual(['n4', 'n3', 'n2']);
    expect(s.notifications.markRead('all')).toBe(3);
    expect(s.notifications.unreadCount()).toBe(0);
  });

  it('rejects bad input with one clear error and writes nothing', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    const bad = [
      { kind: 'idle' as const, text: 'fine' },
      { kind: 'bogus' as unknown as 'idle', text: 'bad kind' },
    ];
    expect(() => s.notifications.addMany(bad)).toThrow(/notification kind must be one of/);
    expect(() => s.notifications.addMany(bad)).toThrow(StoreError);
    expect(() => s.notifications.add({ kind: 'idle', text: 'x', createdAt: -5 })).toThrow(/createdAt/);
    expect(() => s.notifications.markRead([0])).toThrow(/positive integer/);
    expect(() => s.notifications.list({ limit: 0 })).toThrow(/limit/);
    expect(s.notifications.list()).toEqual([]);
  });

  it('clips very long text so a row stays bounded', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    const n = s.notifications.add({ kind: 'error', text: 'x'.repeat(100_000) });
    expect(n.text.length).toBeLessThanOrEqual(4_000);
    expect(n.text).toMatch(/more characters dropped/);
    expect(s.notifications.get(n.id)?.text).toBe(n.text);
  });
});
