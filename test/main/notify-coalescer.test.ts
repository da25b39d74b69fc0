import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCoalescer, MAX_BURST_RECORDS, summarize, type CoalescedNotice } from '../../src/main/notify-coalescer.js';
import { createDesktopNotifier } from '../../src/main/desktop-notifier.js';
import { DEFAULT_SETTINGS } from '../../src/shared/settings.js';
import { notification } from './memory-engine.js';

describe('summarize', () => {
  it('shows a single notification as itself', () => {
    const n = summarize([notification('waiting', 'alice', { text: 'Allow edit of main.ts? (y/n)' })]);
    expect(n).toEqual({ title: 'alice is waiting for a decision', body: 'Allow edit of main.ts? (y/n)', agentId: 'local/alice', kind: 'waiting', count: 1 });
  });

  it('folds a burst of one kind into "N agents are …" naming them', () => {
    const n = summarize(['a', 'b', 'c'].map((x) => notification('waiting', x)));
    expect(n.title).toBe('3 agents are waiting for a decision');
    expect(n.body).toBe('a, b, c');
    expect(n.agentId).toBe('local/a');
    const idle = summarize(Array.from({ length: 8 }, (_, i) => notification('idle', `eng-${i}`)));
    expect(idle.title).toBe('8 agents are idle');
    expect(idle.body).toBe('eng-0, eng-1, eng-2, eng-3, eng-4 and 3 more');
  });

  it('counts each agent once and says "need attention" for mixed kinds', () => {
    const n = summarize([notification('idle', 'a'), notification('crashed', 'b'), notification('idle', 'c'), notification('idle', 'a')]);
    expect(n.title).toBe('3 agents need attention');
    expect(n.body).toBe('3 idle · 1 crashed: a, b, c');
    expect(n.kind).toBeNull();
    expect(summarize([notification('waiting', 'a'), notification('crashed', 'a')]).title).toBe('a needs attention');
  });

  it('shows an engine-grouped record as one notice naming its agents', () => {
    const group = notification('idle', 'w1', {
      text: '38 agents finished and are idle: …',
      members: Array.from({ length: 38 }, (_, i) => ({ agentId: `local/w${i + 1}`, agent: `w${i + 1}`, resolvedAt: null })),
    });
    const n = summarize([group]);
    expect(n.title).toBe('38 agents are idle');
    expect(n.body).toBe('w1, w2, w3, w4, w5 and 33 more');
    expect(n.count).toBe(1);
  });

  it('names teams for team_idle', () => {
    expect(summarize([notification('team_idle', null, { team: 'web' })]).title).toBe('team web is idle');
    expect(summarize([notification('team_idle', null, { team: 'web' }), notification('team_idle', null, { team: 'api' })]).title).toBe('2 teams are idle');
  });
});

describe('createCoalescer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('turns a burst within the window into one notice, emitted when the window closes', () => {
    const out: CoalescedNotice[] = [];
    const c = createCoalescer((n) => out.push(n), 1_500);
    for (const x of ['a', 'b', 'c']) {
      c.push(notification('waiting', x));
      vi.advanceTimersByTime(400);
    }
    expect(out).toEqual([]);
    vi.advanceTimersByTime(1_500 - 1_200 - 1);
    expect(out).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(out).toHaveLength(1);
    expect(out[0]!.title).toBe('3 agents are waiting for a decision');
    // the next one opens a new burst
    c.push(notification('crashed', 'd'));
    vi.advanceTimersByTime(1_500);
    expect(out.map((n) => n.title)).toEqual(['3 agents are waiting for a decision', 'd crashed']);
  });

  it('uses a fixed window, so a steady trickle is still reported every windowMs', () => {
    const out: CoalescedNotice[] = [];
    const c = createCoalescer((n) => out.push(n), 1_000);
    for (let i = 0; i < 10; i++) {
      c.push(notification('idle', `e${i}`));
      vi.advanceTimersByTime(300);
    }
    vi.advanceTimersByTime(1_000);
    // pushes at 0, 300, … 2700: bursts open at 0, 1200 and 2400
    expect(out.map((n) => n.count)).toEqual([4, 4, 2]);
  });

  it('bounds what a burst keeps while counting everything; flush and dispose', () => {
    const out: CoalescedNotice[] = [];
    const c = createCoalescer((n) => out.push(n), 1_000);
    for (let i = 0; i < MAX_BURST_RECORDS + 50; i++) c.push(notification('idle', `e${i}`));
    c.flush();
    expect(out).toHaveLength(1);
    expect(out[0]!.count).toBe(MAX_BURST_RECORDS + 50);
    c.push(notification('idle', 'x'));
    c.dispose();
    vi.advanceTimersByTime(5_000);
    expect(out).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('createDesktopNotifier', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('passes only the kinds switched on in settings.desktopNotify, and ignores other events', () => {
    const out: CoalescedNotice[] = [];
    let settings = DEFAULT_SETTINGS;
    const n = createDesktopNotifier({ settings: () => settings, show: (x) => out.push(x), windowMs: 100 });
    settings = { ...DEFAULT_SETTINGS, desktopNotify: { ...DEFAULT_SETTINGS.desktopNotify, idle: false } };
    n.onEvent({ type: 'notification', notification: notification('idle', 'a') });
    n.onEvent({ type: 'agentRemoved', id: 'local/a' });
    // A problem resolving is a change, not news: no desktop notification.
    n.onEvent({ type: 'notificationChanged', notification: notification('crashed', 'c', { resolvedAt: 5 }) });
    n.onEvent({ type: 'notification', notification: notification('waiting', 'b') });
    vi.advanceTimersByTime(100);
    expect(out.map((x) => x.title)).toEqual(['b is waiting for a decision']);
    n.dispose();
  });
});
