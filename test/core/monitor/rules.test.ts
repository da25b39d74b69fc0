// Notification rules with a fake clock: which transitions notify, cooldowns per kind and
// agent, unsent text after a grace period (and the one-time auto-submit), whole-team idle.
import { describe, expect, it } from 'vitest';
import type { AgentInfo, StateTransition } from '../../../src/shared/domain.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import type { AgentState } from '../../../src/shared/vocabulary.js';
import { NotificationRules, formatClock, type RuleEffect, type RuleSettings } from '../../../src/core/monitor/rules.js';

const T0 = new Date(2026, 10, 28, 9, 0, 0).getTime();

function agent(id: string, state: AgentState, since = T0, extra: Partial<AgentInfo> = {}): AgentInfo {
  return {
    id: `local/${id}`, host: 'local', paneId: id, target: `red:${id.slice(1)}.0`, session: 'red', windowName: `w${id}`, name: `eng${id.slice(1)}`,
    type: 'claude', role: 'engineer', team: 'red', tagged: true, state, reason: `${state}: because`, since, lastLine: '', command: 'node',
    cwd: '/', resetAt: null, ...extra,
  };
}

function tr(a: AgentInfo, from: AgentState, to: AgentState, at: number, reason = `${to}: because`): StateTransition {
  return { agentId: a.id, agent: a.name, target: a.target, team: a.team, from, to, at, reason };
}

function settings(patch: Partial<RuleSettings> = {}): RuleSettings {
  return { cooldownMs: DEFAULT_SETTINGS.cooldownMs, teamIdleMinutes: 5, autoSubmitUnsent: false, quietMs: 2000, groupWindowMs: 0, ...patch };
}

const kinds = (es: RuleEffect[]) => es.map((e) => (e.type === 'notify' ? `${e.notification.kind}: ${e.notification.text}` : `submit ${e.agentId}`));

describe('NotificationRules', () => {
  it('notifies busy→idle but not starting→idle, and each attention state', () => {
    const r = new NotificationRules(settings());
    const a = agent('%1', 'idle');
    expect(kinds(r.onTransition(tr(a, 'starting', 'idle', T0), a, T0))).toEqual([]);
    expect(kinds(r.onTransition(tr(a, 'busy', 'idle', T0), a, T0))).toEqual(['idle: eng1 (red:1.0) finished and is idle']);
    const b = agent('%2', 'waiting');
    expect(kinds(r.onTransition(tr(b, 'busy', 'waiting', T0, 'waiting: permission prompt "Do you want to proceed?"'), b, T0))).toEqual([
      'waiting: eng2 (red:2.0) is waiting for a decision: permission prompt "Do you want to proceed?"',
    ]);
    const c = agent('%3', 'crashed');
    expect(kinds(r.onTransition(tr(c, 'idle', 'crashed', T0, 'crashed: back at the shell (bash)'), c, T0))).toEqual([
      'crashed: eng3 (red:3.0) crashed: back at the shell (bash)',
    ]);
    const d = agent('%4', 'error');
    expect(kinds(r.onTransition(tr(d, 'busy', 'error', T0, 'error: "boom"'), d, T0))).toEqual(['error: eng4 (red:4.0) shows an error: "boom"']);
    const e = agent('%5', 'rate_limited', T0, { resetAt: T0 + 3 * 3_600_000 });
    expect(kinds(r.onTransition(tr(e, 'busy', 'rate_limited', T0), e, T0))).toEqual(['rate_limited: eng5 (red:5.0) hit its usage limit; resets at 12:00']);
    const n = r.onTransition(tr(d, 'error', 'crashed', T0), d, T0)[0];
    expect(n).toMatchObject({ type: 'notify', notification: { agent: 'eng4', agentId: 'local/%4', team: 'red', createdAt: T0 } });
  });

  it('a first look notifies a problem state as if it had just begun, unless an earlier run left it open', () => {
    const r = new NotificationRules(settings({ cooldownMs: { ...DEFAULT_SETTINGS.cooldownMs, waiting: 0 } }));
    const a = agent('%1', 'waiting', T0, { reason: 'waiting: permission prompt "Proceed?"' });
    expect(kinds(r.onFirstLook(a, T0))).toEqual(['waiting: eng1 (red:1.0) is waiting for a decision: permission prompt "Proceed?"']);
    expect(kinds(r.onFirstLook(agent('%2', 'idle'), T0))).toEqual([]);
    expect(kinds(r.onFirstLook(agent('%3', 'busy'), T0))).toEqual([]);
    // Still open from before: not again, but once it has ended and come back, it is news.
    const b = agent('%4', 'crashed');
    r.alreadyOpen(b.id, 'crashed');
    expect(kinds(r.onFirstLook(b, T0))).toEqual([]);
    expect(kinds(r.onTransition(tr(b, 'crashed', 'idle', T0 + 1), agent('%4', 'idle'), T0 + 1))).toEqual([]);
    expect(kinds(r.onTransition(tr(b, 'idle', 'crashed', T0 + 2), b, T0 + 2))).toEqual(['crashed: eng4 (red:4.0) crashed: because']);
    // Open from before for another kind than the agent is in now: it does not silence this one.
    const c = agent('%5', 'error');
    r.alreadyOpen(c.id, 'waiting');
    expect(kinds(r.onFirstLook(c, T0))).toEqual(['error: eng5 (red:5.0) shows an error: because']);
  });

  it('applies the cooldown per kind and per agent', () => {
    const r = new NotificationRules(settings({ cooldownMs: { ...DEFAULT_SETTINGS.cooldownMs, idle: 60_000 } }));
    const a = agent('%1', 'idle');
    const b = agent('%2', 'idle');
    expect(r.onTransition(tr(a, 'busy', 'idle', T0), a, T0)).toHaveLength(1);
    expect(r.onTransition(tr(a, 'busy', 'idle', T0 + 59_999), a, T0 + 59_999)).toHaveLength(0);
    expect(r.onTransition(tr(b, 'busy', 'idle', T0 + 1), b, T0 + 1)).toHaveLength(1);
    expect(r.onTransition(tr(a, 'busy', 'waiting', T0 + 2), a, T0 + 2)).toHaveLength(1);
    expect(r.onTransition(tr(a, 'busy', 'idle', T0 + 60_000), a, T0 + 60_000)).toHaveLength(1);
  });

  it('notifies unsent text only when it stays for the grace period, and auto-submits once when enabled', () => {
    const r = new NotificationRules(settings({ autoSubmitUnsent: true, quietMs: 2000 }));
    let a = agent('%1', 'unsubmitted');
    expect(r.onTransition(tr(a, 'idle', 'unsubmitted', T0), a, T0)).toEqual([]);
    expect(r.check([a], T0 + 1999)).toEqual([]);
    expect(r.nextCheckAt()).toBe(T0 + 2000);
    expect(kinds(r.check([a], T0 + 2000))).toEqual(['unsubmitted: eng1 (red:1.0) has text left unsent in its input box', 'submit local/%1']);
    expect(r.check([a], T0 + 9000)).toEqual([]);
    expect(r.nextCheckAt()).toBeNull();
    // Typed then sent at once: no notification.
    const b = agent('%2', 'unsubmitted');
    r.onTransition(tr(b, 'idle', 'unsubmitted', T0), b, T0);
    const sent = agent('%2', 'busy');
    r.onTransition(tr(sent, 'unsubmitted', 'busy', T0 + 100), sent, T0 + 100);
    expect(r.check([sent], T0 + 5000)).toEqual([]);
    // A new episode for the first agent after it went idle: notified again past the cooldown.
    a = agent('%1', 'idle');
    r.onTransition(tr(a, 'unsubmitted', 'idle', T0 + 10_000), a, T0 + 10_000);
    a = agent('%1', 'unsubmitted');
    r.onTransition(tr(a, 'idle', 'unsubmitted', T0 + 70_000), a, T0 + 70_000);
    expect(kinds(r.check([a], T0 + 72_000))).toEqual(['unsubmitted: eng1 (red:1.0) has text left unsent in its input box', 'submit local/%1']);
  });

  it('does not auto-submit when the setting is off', () => {
    const r = new NotificationRules(settings());
    const a = agent('%1', 'unsubmitted');
    r.onTransition(tr(a, 'idle', 'unsubmitted', T0), a, T0);
    expect(kinds(r.check([a], T0 + 5000))).toEqual(['unsubmitted: eng1 (red:1.0) has text left unsent in its input box']);
  });

  it('reports a whole team idle for N minutes once per idle episode', () => {
    const r = new NotificationRules(settings({ teamIdleMinutes: 5 }));
    const team = [agent('%1', 'idle', T0), agent('%2', 'idle', T0 + 60_000), agent('%3', 'idle', T0, { team: 'blue' })];
    expect(r.check(team, T0 + 4 * 60_000)).toEqual([]);
    expect(r.nextCheckAt()).toBe(T0 + 5 * 60_000); // blue is due first, red a minute later
    expect(kinds(r.check(team, T0 + 5 * 60_000))).toEqual(['team_idle: team blue: all 1 agent idle for 5 min']);
    expect(r.nextCheckAt()).toBe(T0 + 6 * 60_000);
    expect(kinds(r.check(team, T0 + 6 * 60_000))).toEqual(['team_idle: team red: all 2 agents idle for 5 min']);
    expect(r.check(team, T0 + 60 * 60_000)).toEqual([]);
    // Someone works, then everyone is idle again: a new episode, past the team cooldown (10 min).
    const busy = [agent('%1', 'busy', T0 + 61 * 60_000), team[1]!];
    expect(r.check(busy, T0 + 61 * 60_000)).toEqual([]);
    const again = [agent('%1', 'idle', T0 + 62 * 60_000), team[1]!];
    expect(kinds(r.check(again, T0 + 67 * 60_000))).toEqual(['team_idle: team red: all 2 agents idle for 5 min']);
  });

  it('formats reset times as HH:MM, with the date when not today', () => {
    expect(formatClock(T0 + 3_600_000, T0)).toBe('10:00');
    expect(formatClock(T0 + 86_400_000, T0)).toBe('2026-11-29 09:00');
  });

  describe('grouped bursts', () => {
    const notes = (es: RuleEffect[]) => es.flatMap((e) => (e.type === 'notify' ? [e.notification] : []));

    it('50 agents going idle within 2 s leave one notification naming them all', () => {
      const r = new NotificationRules(settings({ groupWindowMs: 3_000 }));
      const idle = Array.from({ length: 50 }, (_, i) => agent(`%${i + 1}`, 'idle'));
      const out: RuleEffect[] = [];
      idle.forEach((a, i) => {
        const at = T0 + i * 40; // the 50th at T0 + 1960
        out.push(...r.onTransition(tr(a, 'busy', 'idle', at), a, at));
        out.push(...r.check(idle, at));
      });
      expect(out).toEqual([]); // held while the burst lasts
      expect(r.nextCheckAt()).toBe(T0 + 49 * 40 + 3_000);
      out.push(...r.check(idle, T0 + 49 * 40 + 3_000));
      const got = notes(out);
      expect(got.length).toBeLessThanOrEqual(3);
      expect(got).toHaveLength(1);
      expect(got[0]!.members).toHaveLength(50);
      expect(got[0]!.text).toBe('50 agents finished and are idle: eng1, eng2, eng3, eng4, eng5, eng6, eng7, eng8 and 42 more');
      expect(got[0]).toMatchObject({ kind: 'idle', team: 'red', createdAt: T0, agentId: 'local/%1' });
    });

    it('a lone notification leaves as itself once the window passes', () => {
      const r = new NotificationRules(settings({ groupWindowMs: 3_000 }));
      const a = agent('%1', 'waiting');
      expect(r.onTransition(tr(a, 'busy', 'waiting', T0, 'waiting: proceed?'), a, T0)).toEqual([]);
      expect(r.check([a], T0 + 2_999)).toEqual([]);
      expect(kinds(r.check([a], T0 + 3_000))).toEqual(['waiting: eng1 (red:1.0) is waiting for a decision: proceed?']);
    });

    it('drops agents that left the state before the burst left (a question answered at once is no news)', () => {
      const r = new NotificationRules(settings({ groupWindowMs: 3_000 }));
      const a = agent('%1', 'waiting');
      const b = agent('%2', 'waiting', T0, { team: 'blue' });
      r.onTransition(tr(a, 'busy', 'waiting', T0), a, T0);
      r.onTransition(tr(b, 'busy', 'waiting', T0 + 10), b, T0 + 10);
      expect(notes(r.check([{ ...a, state: 'busy' }, b], T0 + 3_010))).toMatchObject([{ agent: 'eng2', team: 'blue', members: [{ agentId: 'local/%2' }] }]);
      const c = agent('%3', 'waiting');
      r.onTransition(tr(c, 'busy', 'waiting', T0 + 10_000), c, T0 + 10_000);
      expect(r.check([], T0 + 20_000)).toEqual([]);
    });

    it('mixes teams into one notification (team null) and keeps kinds apart', () => {
      const r = new NotificationRules(settings({ groupWindowMs: 1_000 }));
      const a = agent('%1', 'crashed');
      const b = agent('%2', 'crashed', T0, { team: 'blue' });
      const c = agent('%3', 'error');
      r.onTransition(tr(a, 'busy', 'crashed', T0), a, T0);
      r.onTransition(tr(b, 'busy', 'crashed', T0), b, T0);
      r.onTransition(tr(c, 'busy', 'error', T0, 'error: boom'), c, T0);
      const got = notes(r.check([a, b, c], T0 + 1_000));
      expect(got.map((n) => [n.kind, n.team, n.text])).toEqual([
        ['crashed', null, '2 agents crashed: eng1, eng2'],
        ['error', 'red', 'eng3 (red:3.0) shows an error: boom'],
      ]);
    });

    it('a steady stream still leaves within ten windows of its first notification', () => {
      const r = new NotificationRules(settings({ groupWindowMs: 1_000, cooldownMs: { ...DEFAULT_SETTINGS.cooldownMs, idle: 0 } }));
      const all = Array.from({ length: 30 }, (_, i) => agent(`%${i + 1}`, 'idle'));
      const out: RuleEffect[] = [];
      all.forEach((a, i) => {
        const at = T0 + i * 900;
        out.push(...r.onTransition(tr(a, 'busy', 'idle', at), a, at), ...r.check(all, at));
      });
      out.push(...r.check(all, T0 + 60_000));
      expect(notes(out).map((n) => n.members.length)).toEqual([12, 12, 6]);
    });
  });

  it('a PM report ending is no news: the PM’s next idle raises nothing, its questions still do', () => {
    const r = new NotificationRules(settings());
    const pm = agent('%9', 'idle', T0, { role: 'pm' });
    r.expectSelfInduced(pm.id, T0);
    expect(r.onTransition(tr(pm, 'busy', 'idle', T0 + 5_000), pm, T0 + 5_000)).toEqual([]);
    expect(kinds(r.onTransition(tr(pm, 'busy', 'waiting', T0 + 6_000, 'waiting: ok?'), pm, T0 + 6_000))).toHaveLength(1);
    // Only the one idle: the PM finishing its own later work is news again.
    expect(kinds(r.onTransition(tr(pm, 'busy', 'idle', T0 + 200_000), pm, T0 + 200_000))).toEqual(['idle: eng9 (red:9.0) finished and is idle']);
  });
});
