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
      members: [{ agentId: 'local/%1', agent: 'eng-1', resolvedAt: null }],
      resolvedAt: null,
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

  it('keeps a problem open while its agent stays in the state and resolves it when the agent leaves', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    const [waiting, idle] = s.notifications.addMany([
      { kind: 'waiting', agent: 'eng-1', agentId: 'local/%1', text: 'eng-1 asks', createdAt: 1_000 },
      { kind: 'idle', agent: 'eng-2', agentId: 'local/%2', text: 'eng-2 finished', createdAt: 1_500 },
    ]);
    expect(s.notifications.openCount()).toBe(1);
    expect(s.notifications.list({ open: true }).map((n) => n.id)).toEqual([waiting!.id]);
    // Still waiting: nothing changes. Idle news is never open, whatever happens.
    expect(s.notifications.resolveAgent('local/%1', 'waiting', 2_000)).toEqual([]);
    expect(s.notifications.resolveAgent('local/%2', 'busy', 2_000)).toEqual([]);
    const [changed] = s.notifications.resolveAgent('local/%1', 'busy', 5_000);
    expect(changed).toMatchObject({ id: waiting!.id, resolvedAt: 5_000, members: [{ agentId: 'local/%1', resolvedAt: 5_000 }] });
    expect(s.notifications.openCount()).toBe(0);
    expect(s.notifications.get(idle!.id)?.resolvedAt).toBeNull();
    // Resolving again changes nothing.
    expect(s.notifications.resolveAgent('local/%1', 'idle', 6_000)).toEqual([]);
    expect(s.notifications.get(waiting!.id)?.resolvedAt).toBe(5_000);
  });

  it('resolves a grouped problem only when its last agent leaves the state', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    const members = ['a', 'b', 'c'].map((n) => ({ agentId: `local/%${n}`, agent: n }));
    const n = s.notifications.add({ kind: 'rate_limited', agent: 'a', agentId: 'local/%a', text: '3 agents hit their usage limit: a, b, c', createdAt: 1, members });
    expect(n.members.map((m) => m.agent)).toEqual(['a', 'b', 'c']);
    expect(s.notifications.list({ agent: 'c' }).map((x) => x.id)).toEqual([n.id]);
    expect(s.notifications.resolveAgent('local/%a', 'idle', 10)[0]).toMatchObject({ resolvedAt: null, members: [{ resolvedAt: 10 }, { resolvedAt: null }, { resolvedAt: null }] });
    expect(s.notifications.openCount()).toBe(1);
    expect(s.notifications.resolveAgent('local/%b', null, 15)[0]).toMatchObject({ resolvedAt: null });
    const [done] = s.notifications.resolveAgent('local/%c', 'idle', 20);
    expect(done).toMatchObject({ resolvedAt: 20, members: [{ resolvedAt: 10 }, { resolvedAt: 15 }, { resolvedAt: 20 }] });
    expect(s.notifications.openCount()).toBe(0);
  });

  it('lists the agents open problems name, by server, only while open for them', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    const members = ['a', 'b'].map((n) => ({ agentId: `local/%${n}`, agent: n }));
    const grouped = s.notifications.add({ server: 'one', kind: 'waiting', agent: 'a', agentId: 'local/%a', text: '2 agents are waiting', createdAt: 1, members });
    const crash = s.notifications.add({ server: 'two', kind: 'crashed', agent: 'a', agentId: 'local/%a', text: 'a crashed', createdAt: 2 });
    s.notifications.add({ server: 'one', kind: 'idle', agent: 'c', agentId: 'local/%c', text: 'c finished', createdAt: 3 });
    s.notifications.resolveAgent('local/%b', 'idle', 5, 'one');
    expect(s.notifications.openProblems('one')).toEqual([{ notificationId: grouped.id, kind: 'waiting', agentId: 'local/%a', agent: 'a' }]);
    expect(s.notifications.openProblems('two')).toEqual([{ notificationId: crash.id, kind: 'crashed', agentId: 'local/%a', agent: 'a' }]);
    expect(s.notifications.openProblems().map((p) => p.notificationId)).toEqual([grouped.id, crash.id]);
  });

  it('drops the member rows with their notification when the count bound trims it', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    const ids = s.notifications
      .addMany(Array.from({ length: 150 }, (_, i) => ({ kind: 'waiting' as const, agent: `a${i}`, agentId: `local/%${i}`, text: `n${i}`, createdAt: i })))
      .map((n) => n.id);
    s.notifications.addMany(Array.from({ length: 10_000 }, (_, i) => ({ kind: 'idle' as const, agentId: `local/%x${i}`, text: 'x', createdAt: 1_000 + i })));
    expect(s.notifications.get(ids[0]!)).toBeNull();
    const left = s.db.prepare('SELECT count(*) AS n FROM notification_agents WHERE notification_id <= ?').get(ids[ids.length - 1]) as { n: number };
    expect(left.n).toBe(0);
  });

  it('refuses bad members and a bad agent id for resolving, changing nothing', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    expect(() => s.notifications.add({ kind: 'waiting', text: 'x', members: [{ agentId: '', agent: 'a' }] })).toThrow(/member agentId/);
    expect(() => s.notifications.resolveAgent('', 'idle')).toThrow(/agentId/);
    expect(s.notifications.list()).toEqual([]);
  });
});
