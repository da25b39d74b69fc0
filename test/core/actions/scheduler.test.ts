// Scheduled check-ins: persisted, one timer to the next due time, surviving a restart of the
// app (store and scheduler closed and reopened), missed ones delivered once with a late note.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseInput } from '../../../src/shared/api.js';
import { createScheduler, type Scheduler } from '../../../src/core/actions/index.js';
import { openStore, type Store } from '../../../src/core/store/index.js';
import type { MessageResult } from '../../../src/shared/domain.js';
import { eventually, logged, useRig } from './helpers.js';

const MIN = 60_000;
const dir = mkdtempSync(join(tmpdir(), 'orc-sched-'));
let n = 0;
const open: { store: Store; scheduler: Scheduler }[] = [];

function rigFor(path: string, now: () => number, sent: { target: string; text: string }[]) {
  const store = openStore({ path });
  const send = async (target: string, text: string): Promise<MessageResult> => {
    sent.push({ target, text });
    return { status: 'delivered', reason: 'test', messageId: null };
  };
  const scheduler = createScheduler({ store, send, now });
  open.push({ store, scheduler });
  return { store, scheduler };
}

function close(r: { store: Store; scheduler: Scheduler }) {
  r.scheduler.stop();
  r.store.close();
}

afterEach(() => {
  vi.useRealTimers();
  for (const r of open.splice(0)) {
    r.scheduler.stop();
    if (r.store.db.open) r.store.close();
  }
});

describe('scheduler (unit, stub sender)', () => {
  it('arms one timer to the next due time and fires exactly once', async () => {
    vi.useFakeTimers({ now: 1_800_000_000_000 });
    const sent: { target: string; text: string }[] = [];
    const r = rigFor(join(dir, `s${++n}.db`), Date.now, sent);
    await r.scheduler.start();
    expect(r.scheduler.nextWakeAt()).toBeNull();
    const later = await r.scheduler.schedule(parseInput('schedule', { target: 'eng', text: 'later', inMs: 10 * MIN }));
    const sooner = await r.scheduler.schedule(parseInput('schedule', { target: 'eng', text: 'sooner', inMs: 2 * MIN }));
    expect(r.scheduler.nextWakeAt()).toBe(sooner.nextAt);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(2 * MIN - 1);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([{ target: 'eng', text: 'sooner' }]);
    expect(r.scheduler.nextWakeAt()).toBe(later.nextAt);
    await vi.advanceTimersByTimeAsync(8 * MIN);
    expect(sent.map((s) => s.text)).toEqual(['sooner', 'later']);
    expect(r.scheduler.list()).toEqual([]);
    // No timer of the scheduler's is left (the count of all fake timers also holds this file's
    // rig connection's reconnect timer, depending on when it connected).
    expect(r.scheduler.nextWakeAt()).toBeNull();
    await vi.advanceTimersByTimeAsync(60 * MIN);
    expect(sent.map((s) => s.text)).toEqual(['sooner', 'later']);
  });

  it('repeats every N and re-arms after cancel', async () => {
    vi.useFakeTimers({ now: 1_800_000_000_000 });
    const sent: { target: string; text: string }[] = [];
    const r = rigFor(join(dir, `s${++n}.db`), Date.now, sent);
    await r.scheduler.start();
    const rep = await r.scheduler.schedule(parseInput('schedule', { target: 'pm', text: 'check in', everyMs: 5 * MIN }));
    await vi.advanceTimersByTimeAsync(15 * MIN);
    expect(sent).toHaveLength(3);
    expect(r.scheduler.cancel(rep.id)).toEqual({ ok: true });
    expect(r.scheduler.nextWakeAt()).toBeNull();
    await vi.advanceTimersByTimeAsync(15 * MIN);
    expect(sent).toHaveLength(3);
    expect(() => r.scheduler.cancel(rep.id)).toThrow(/no active schedule/);
  });

  it('survives a restart: a check-in missed while closed is delivered once at start, marked late', async () => {
    const path = join(dir, `s${++n}.db`);
    let clock = 1_800_000_000_000;
    const sent: { target: string; text: string }[] = [];
    const first = rigFor(path, () => clock, sent);
    await first.scheduler.start();
    await first.scheduler.schedule(parseInput('schedule', { target: 'eng', text: 'missed one', inMs: MIN }));
    await first.scheduler.schedule(parseInput('schedule', { target: 'pm', text: 'hourly', everyMs: 60 * MIN }));
    close(first);
    clock += 3 * 60 * MIN + 5 * MIN; // the app was closed for three hours
    const second = rigFor(path, () => clock, sent);
    await second.scheduler.start();
    expect(sent.map((s) => s.target)).toEqual(['eng', 'pm']);
    expect(sent[0]!.text).toMatch(/^missed one\n\n\[late: scheduled check-in #\d+ was due .*, delivered 184 min late\]$/);
    expect(sent[1]!.text).toMatch(/^hourly\n\n\[late:/);
    // Delivered once: the repeating one moved past now, the one-off is finished.
    expect(second.scheduler.list().map((s) => [s.target, s.nextAt > clock])).toEqual([['pm', true]]);
    close(second);
    const third = rigFor(path, () => clock, sent);
    await third.scheduler.start();
    expect(sent).toHaveLength(2);
  });

  it('rejects bad input clearly and stores nothing', async () => {
    const r = rigFor(join(dir, `s${++n}.db`), Date.now, []);
    await expect(async () => r.scheduler.schedule(parseInput('schedule', { target: 'x', text: 'hi' }))).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/exactly one of at, in or every/) });
    await expect(async () => r.scheduler.schedule(parseInput('schedule', { target: 'x', text: 'hi', everyMs: 1000 }))).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/once a minute/) });
    await expect(async () => r.scheduler.schedule(parseInput('schedule', { target: 'x', text: '', inMs: 1000 }))).rejects.toMatchObject({ code: 'bad_input' });
    await expect(async () => r.scheduler.schedule(parseInput('schedule', { target: 'x', text: 'hi', at: Date.now() - 3_600_000 }))).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/in the past/) });
    expect(r.scheduler.list()).toEqual([]);
    expect(() => r.scheduler.cancel(999)).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});

describe('scheduler with a fake agent', () => {
  const rig = useRig();

  it('fires after an app restart: delivered to the agent exactly once', async () => {
    const log = rig.logPath('sched-eng');
    await rig.actions.spawnAgent({ name: 'sched-eng', type: 'claude', cwd: rig.dir, env: { FAKE_AGENT_LOG: log } });
    const path = join(dir, `s${++n}.db`);
    const mk = () => {
      const store = openStore({ path });
      const scheduler = createScheduler({ store, send: (t, x) => rig.actions.sendMessage({ target: t, text: x }), resolve: (t) => rig.actions.look(t) });
      open.push({ store, scheduler });
      return { store, scheduler };
    };
    const a = mk();
    await a.scheduler.start();
    await expect(async () => a.scheduler.schedule(parseInput('schedule', { target: 'ghost', text: 'x', inMs: 1000 }))).rejects.toMatchObject({ code: 'not_found' });
    const s = await a.scheduler.schedule(parseInput('schedule', { target: 'sched-eng', text: 'status please; "now" 🎉', inMs: 700 }));
    close(a);
    const b = mk();
    await b.scheduler.start();
    expect(b.scheduler.nextWakeAt()).toBe(s.nextAt);
    await eventually(() => logged(log).length > 0, 10_000, 'scheduled message delivered');
    expect(logged(log)).toEqual(['status please; "now" 🎉']);
    expect(b.scheduler.list()).toEqual([]);
    await eventually(() => b.scheduler.nextWakeAt() === null && !b.store.messages.list({ status: 'queued' }).length, 5_000, 'runner settled');
  });
});
