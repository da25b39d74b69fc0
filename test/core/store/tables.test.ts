import { describe, expect, it } from 'vitest';
import type { StateTransition } from '../../../src/shared/domain.js';
import { openStore, StoreError } from '../../../src/core/store/index.js';
import { useTempDir } from './temp.js';

const t = useTempDir();

const tr = (agent: string, at: number, to: StateTransition['to'], from: StateTransition['from'] = 'busy'): StateTransition => ({
  agentId: `local/%${agent.length}`,
  agent,
  target: `${agent}:0.0`,
  team: 'web',
  from,
  to,
  at,
  reason: `${from} -> ${to}`,
});

describe('transitions', () => {
  it('give each agent its timeline, oldest first, by id, name or target', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    s.transitions.addMany([tr('eng', 1, 'busy', 'starting'), tr('eng', 2, 'idle'), tr('pm', 3, 'waiting'), tr('eng', 4, 'busy', 'idle')]);
    expect(s.transitions.timeline('eng').map((x) => [x.at, x.from, x.to])).toEqual([
      [1, 'starting', 'busy'],
      [2, 'busy', 'idle'],
      [4, 'idle', 'busy'],
    ]);
    expect(s.transitions.timeline('local/%3')).toHaveLength(3);
    expect(s.transitions.timeline('pm:0.0')).toEqual([tr('pm', 3, 'waiting')]);
    expect(s.transitions.timeline('eng', { since: 2 }).map((x) => x.at)).toEqual([2, 4]);
    expect(s.transitions.timeline('eng', { limit: 2 }).map((x) => x.at)).toEqual([2, 4]);
    expect(s.transitions.list({ to: 'waiting' }).map((x) => x.agent)).toEqual(['pm']);
    expect(s.transitions.list({ team: 'web' })).toHaveLength(4);
    expect(s.transitions.timeline('nobody')).toEqual([]);
  });

  it('reject an unknown state and write nothing', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    expect(() => s.transitions.addMany([tr('a', 1, 'idle'), { ...tr('a', 2, 'idle'), to: 'sleepy' as 'idle' }])).toThrow(
      /to state must be one of/,
    );
    expect(s.transitions.list()).toEqual([]);
  });
});

describe('messages', () => {
  it('log what was sent, update the verified status, list newest first by agent or target', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    const a = s.messages.add({ agent: 'eng', target: 'web:1.0', text: 'do X', status: 'queued', createdAt: 10 });
    s.messages.add({ agent: 'pm', target: 'web:0.0', text: 'report', status: 'delivered', createdAt: 20 });
    expect(a).toMatchObject({ id: expect.any(Number), status: 'queued', reason: '', createdAt: 10 });
    expect(s.messages.updateStatus(a.id, 'unsubmitted', 'text still in the input box', 15)).toMatchObject({
      status: 'unsubmitted',
      reason: 'text still in the input box',
    });
    expect(s.messages.updateStatus(9_999, 'failed')).toBeNull();
    expect(s.messages.list().map((m) => m.text)).toEqual(['report', 'do X']);
    expect(s.messages.list({ target: 'eng' }).map((m) => m.text)).toEqual(['do X']);
    expect(s.messages.list({ target: 'web:0.0' }).map((m) => m.text)).toEqual(['report']);
    expect(s.messages.list({ status: 'unsubmitted' })).toHaveLength(1);
    expect(() => s.messages.add({ agent: 'eng', target: 't', text: 'x', status: 'lost' as 'queued' })).toThrow(StoreError);
  });
});

describe('schedules', () => {
  it('add, list, find due ones, advance repeating ones past missed runs, finish one-offs, cancel', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    const once = s.schedules.add({ target: 'pm', text: 'status?', nextAt: 1_000, createdAt: 0 });
    const every = s.schedules.add({ target: 'eng', text: 'check in', nextAt: 2_000, everyMs: 60_000, createdAt: 0 });
    const later = s.schedules.add({ target: 'eng', text: 'later', nextAt: 500_000 });
    expect(s.schedules.list().map((x) => x.id)).toEqual([once.id, every.id, later.id]);
    expect(s.schedules.due(1_500).map((x) => x.id)).toEqual([once.id]);
    expect(s.schedules.due(2_000).map((x) => x.id)).toEqual([once.id, every.id]);

    expect(s.schedules.markRun(once.id, 1_500)).toMatchObject({ lastRunAt: 1_500 });
    expect(s.schedules.list().map((x) => x.id)).toEqual([every.id, later.id]);
    expect(s.schedules.markRun(once.id, 1_600)).toBeNull();

    // ran 3.5 intervals late: the next run is the next slot after now, missed ones are skipped
    const ran = s.schedules.markRun(every.id, 2_000 + 210_000)!;
    expect(ran.nextAt).toBe(2_000 + 240_000);
    expect(ran.lastRunAt).toBe(212_000);

    expect(s.schedules.cancel(later.id)).toBe(true);
    expect(s.schedules.cancel(later.id)).toBe(false);
    expect(s.schedules.list().map((x) => x.id)).toEqual([every.id]);
    expect(s.schedules.get(later.id)?.text).toBe('later');
  });

  it('reject a too-frequent repeat and an empty text', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    expect(() => s.schedules.add({ target: 'a', text: 'x', nextAt: 1, everyMs: 1_000 })).toThrow(/at least 60000/);
    expect(() => s.schedules.add({ target: 'a', text: '', nextAt: 1 })).toThrow(/non-empty/);
    expect(s.schedules.list()).toEqual([]);
  });
});

describe('settings', () => {
  it('default, update with partial nested objects, persist across opens', () => {
    const path = t.dbPath();
    const s = openStore({ path });
    expect(s.settings.get().retention.notificationsMaxRows).toBe(10_000);
    const u = s.settings.update({ quietMs: 5_000, retention: { rawMetricsHours: 48 } });
    expect(u.quietMs).toBe(5_000);
    expect(u.retention).toMatchObject({ rawMetricsHours: 48, notificationsMaxRows: 10_000 });
    s.close();
    const again = t.track(openStore({ path }));
    expect(again.settings.get()).toEqual(u);
  });

  it('refuse invalid values and unknown keys, changing nothing', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    const before = s.settings.get();
    expect(() => s.settings.update({ quietMs: -1 })).toThrow(/settings: quietMs/);
    expect(() => s.settings.update({ retention: { notificationsMaxRows: 5 } })).toThrow(/retention.notificationsMaxRows/);
    expect(() => s.settings.update({ nope: true } as never)).toThrow(/unknown setting "nope"/);
    expect(s.settings.get()).toEqual(before);
  });

  it('fall back to defaults for unknown or invalid stored keys, one field at a time', () => {
    const path = t.dbPath();
    const s = t.track(openStore({ path }));
    s.db
      .prepare('INSERT INTO settings (id, json, updated_at) VALUES (1, ?, 0)')
      .run(JSON.stringify({ quietMs: 'soon', theme: 'dark', legacy: 1, retention: { rollupDays: 7, messagesDays: -3 } }));
    const got = s.settings.get();
    expect(got.quietMs).toBe(2_000);
    expect(got.theme).toBe('dark');
    expect(got.retention.rollupDays).toBe(7);
    expect(got.retention.messagesDays).toBe(30);
    expect('legacy' in got).toBe(false);
    s.db.prepare('UPDATE settings SET json = ? WHERE id = 1').run('{not json');
    expect(s.settings.get().theme).toBe('system');
  });

  it('see a change committed by another connection', () => {
    const path = t.dbPath();
    const a = t.track(openStore({ path }));
    const b = t.track(openStore({ path }));
    expect(a.settings.get().theme).toBe('system');
    b.settings.update({ theme: 'light' });
    expect(a.settings.get().theme).toBe('light');
  });
});

describe('team templates', () => {
  it('come seeded with "standard" and can be saved, replaced and listed', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    expect(s.templates.list()).toEqual([
      {
        name: 'standard',
        description: expect.any(String),
        pmType: 'claude',
        engineerType: 'claude',
        engineers: 2,
        qa: false,
        briefing: '',
        cwd: null,
      },
    ]);
    const saved = s.templates.save({ name: 'duo', engineerType: 'codex', engineers: 1 });
    expect(saved).toMatchObject({ name: 'duo', pmType: 'claude', engineerType: 'codex', engineers: 1, qa: false });
    s.templates.save({ ...saved, qa: true });
    expect(s.templates.get('duo')?.qa).toBe(true);
    expect(s.templates.list().map((x) => x.name)).toEqual(['duo', 'standard']);
    expect(s.templates.remove('duo')).toBe(true);
    expect(s.templates.get('duo')).toBeNull();
  });

  it('reject an invalid template', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    expect(() => s.templates.save({ name: 'bad name!' })).toThrow(/team template: name/);
    expect(() => s.templates.save({ name: 'x', engineers: 500 })).toThrow(/engineers/);
    expect(s.templates.list()).toHaveLength(1);
  });
});

describe('screens', () => {
  it('keep the end of a huge scrollback', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    const text = Array.from({ length: 100_000 }, (_, i) => `line ${i}`).join('\n');
    const saved = s.screens.save({ agentId: 'h/%1', agent: 'a', target: 's:1', text });
    expect(saved.text.length).toBeLessThanOrEqual(512_000);
    expect(saved.text.endsWith('line 99999')).toBe(true);
    expect(saved.text).toMatch(/^\[\d+ earlier characters dropped\]/);
    expect(s.screens.latest('s:1')?.id).toBe(saved.id);
    expect(s.screens.latest('other')).toBeNull();
  });
});
