// PM reports: batched per team, only while the PM is idle, queued while it works, bounded,
// requeued when delivery fails; and the transition line formats.
import { describe, expect, it } from 'vitest';
import type { AgentInfo } from '../../../src/shared/domain.js';
import type { AgentRole, AgentState } from '../../../src/shared/vocabulary.js';
import { PmReporter, pmOf, reportText } from '../../../src/core/monitor/pm-reports.js';
import type { RuleNotification } from '../../../src/core/monitor/rules.js';
import { formatTransition, formatTransitionJson } from '../../../src/cli/transition-format.js';

const T0 = new Date(2026, 10, 28, 9, 30, 0).getTime();

function agent(id: string, role: AgentRole, state: AgentState, team: string | null = 'red', since = T0): AgentInfo {
  return {
    id: `local/${id}`, host: 'local', paneId: id, target: `${team}:${id.slice(1)}.0`, session: String(team), windowName: id, name: `${role}${id.slice(1)}`,
    type: 'claude', role, team, tagged: true, state, reason: state, since, lastLine: '', command: 'node', cwd: '/', resetAt: null,
  };
}

const note = (agentId: string | null, text: string, team: string | null = 'red'): RuleNotification => ({
  kind: 'idle', agent: agentId, agentId, team, text, createdAt: T0,
  members: agentId ? [{ agentId, agent: agentId, resolvedAt: null }] : [], resolvedAt: null,
});

describe('PmReporter', () => {
  it('batches a team’s notifications into one report, delivered when the PM is idle', async () => {
    const sent: [string, string][] = [];
    const r = new PmReporter({ deliver: async (id, text) => void sent.push([id, text]) });
    const pm = agent('%1', 'pm', 'busy');
    const agents = [pm, agent('%2', 'engineer', 'idle'), agent('%3', 'engineer', 'idle', 'solo')];
    expect(r.add(note('local/%2', 'eng2 finished and is idle'), agents, T0)).toBe(true);
    expect(r.add(note('local/%2', 'eng2 is waiting'), agents, T0)).toBe(true);
    expect(r.add(note('local/%1', 'the PM itself'), agents, T0)).toBe(false);
    expect(r.add(note('local/%3', 'no PM in this team', 'solo'), agents, T0)).toBe(false);
    expect(r.add(note(null, 'no team', null), agents, T0)).toBe(false);
    await r.flush(agents, T0);
    expect(sent).toEqual([]); // the PM is busy: queued
    expect(r.pending().get('local/%1')).toBe(2);
    const idleAgents = [{ ...pm, state: 'idle' as const, since: T0 + 10 }, ...agents.slice(1)];
    await r.flush(idleAgents, T0 + 20);
    expect(sent).toEqual([['local/%1', '[tmux-orc] team red report (2 updates):\n- 09:30 eng2 finished and is idle\n- 09:30 eng2 is waiting']]);
    // A new line right after: the PM has not moved since the delivery, so it waits.
    r.add(note('local/%2', 'again'), idleAgents, T0 + 30);
    await r.flush(idleAgents, T0 + 40);
    expect(sent).toHaveLength(1);
    await r.flush([{ ...pm, state: 'idle', since: T0 + 50 }], T0 + 60);
    expect(sent).toHaveLength(2);
  });

  it('bounds the queue, and puts lines back when delivery fails', async () => {
    let fail = true;
    const sent: string[] = [];
    const errors: string[] = [];
    const r = new PmReporter({
      maxLines: 3,
      deliver: async (_id, text) => {
        if (fail) throw new Error('pane gone');
        sent.push(text);
      },
      onError: (m) => errors.push(m),
    });
    const agents = [agent('%1', 'pm', 'idle'), agent('%2', 'engineer', 'idle')];
    for (let i = 1; i <= 5; i++) r.add(note('local/%2', `line ${i}`), agents, T0);
    await r.flush(agents, T0);
    expect(errors).toEqual(['PM report to local/%1 failed: pane gone']);
    fail = false;
    await r.flush(agents, T0 + 1);
    expect(sent).toEqual(['[tmux-orc] team red report (5 updates):\n- (2 earlier updates left out)\n- 09:30 line 3\n- 09:30 line 4\n- 09:30 line 5']);
    r.forget('local/%1');
    expect(r.pending().size).toBe(0);
  });

  it('splits a grouped notification by its members’ teams, never telling a PM about itself', async () => {
    const sent: [string, string][] = [];
    const r = new PmReporter({ deliver: async (id, text) => void sent.push([id, text]) });
    const agents = [agent('%1', 'pm', 'idle'), agent('%2', 'engineer', 'idle'), agent('%3', 'engineer', 'idle'), agent('%4', 'pm', 'idle', 'blue'), agent('%5', 'engineer', 'idle', 'blue')];
    const group: RuleNotification = {
      kind: 'idle', agent: 'pm1', agentId: 'local/%1', team: null, text: '5 agents finished and are idle: …', createdAt: T0, resolvedAt: null,
      members: agents.map((a) => ({ agentId: a.id, agent: a.name, resolvedAt: null })),
    };
    expect(r.add(group, agents, T0)).toBe(true);
    await r.flush(agents, T0);
    expect(sent).toEqual([
      ['local/%1', '[tmux-orc] team red report (1 update):\n- 09:30 2 agents finished and are idle: engineer2, engineer3'],
      ['local/%4', '[tmux-orc] team blue report (1 update):\n- 09:30 engineer5 finished and is idle'],
    ]);
  });

  it('reports only to the teams it is on for, and says before typing into a PM', async () => {
    const order: string[] = [];
    const r = new PmReporter({
      deliver: async (id) => void order.push(`deliver ${id}`),
      enabledFor: (team) => team === 'red',
      beforeDeliver: (id) => order.push(`before ${id}`),
    });
    const agents = [agent('%1', 'pm', 'idle'), agent('%2', 'engineer', 'idle'), agent('%4', 'pm', 'idle', 'blue'), agent('%5', 'engineer', 'idle', 'blue')];
    expect(r.add(note('local/%2', 'red news'), agents, T0)).toBe(true);
    expect(r.add(note('local/%5', 'blue news', 'blue'), agents, T0)).toBe(false);
    await r.flush(agents, T0);
    expect(order).toEqual(['before local/%1', 'deliver local/%1']);
  });

  it('picks the first PM by target and formats single reports', () => {
    expect(pmOf([agent('%5', 'pm', 'idle'), agent('%2', 'pm', 'idle'), agent('%1', 'engineer', 'idle')], 'red')?.id).toBe('local/%2');
    expect(reportText('red', ['x'], 0)).toBe('[tmux-orc] team red report (1 update):\n- x');
  });
});

describe('format', () => {
  const t = { agentId: 'local/%2', agent: 'eng2', target: 'red:2.0', team: 'red', from: 'busy', to: 'idle', at: T0 + 1250, reason: 'idle: input box empty' } as const;
  it('prints a transition on one line (a remote agent with its host) and as one JSON object', () => {
    const a = agent('%2', 'engineer', 'idle');
    expect(formatTransition(a, t)).toBe('2026-11-28 09:30:01 eng2 (red:2.0) [red] busy → idle  idle: input box empty');
    expect(formatTransition(a, { ...t, team: null })).toBe('2026-11-28 09:30:01 eng2 (red:2.0) busy → idle  idle: input box empty');
    expect(formatTransition({ host: 'box' }, t)).toBe('2026-11-28 09:30:01 eng2 (box/red:2.0) [red] busy → idle  idle: input box empty');
    expect(JSON.parse(formatTransitionJson(a, t))).toEqual({
      name: 'engineer2', agentId: 'local/%2', host: 'local', target: 'red:2.0', type: 'claude', role: 'engineer', team: 'red', from: 'busy', state: 'idle', reason: 'idle: input box empty', since: T0 + 1250, at: T0 + 1250,
    });
  });
});
