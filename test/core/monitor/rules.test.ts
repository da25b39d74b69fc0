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
  return { cooldownMs: DEFAULT_SETTINGS.cooldownMs, teamIdleMinutes: 5, autoSubmitUnsent: false, quietMs: 2000, ...patch };
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
});
