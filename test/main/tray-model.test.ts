import { describe, expect, it } from 'vitest';
import { MAX_TRAY_AGENTS, trayModel, type TrayItem } from '../../src/main/tray-model.js';
import { agent } from './memory-engine.js';

const labels = (items: TrayItem[]): string[] => items.map((i) => ('label' in i ? i.label : '---'));

describe('trayModel', () => {
  it('counts waiting, idle and crashed agents in the tooltip and badges what needs attention', () => {
    const m = trayModel([
      agent('a', 'waiting'),
      agent('b', 'waiting'),
      agent('c', 'idle'),
      agent('d', 'crashed'),
      agent('e', 'busy'),
      agent('f', 'unsubmitted'),
    ]);
    expect(m.counts).toEqual({ waiting: 2, idle: 1, crashed: 1 });
    expect(m.tooltip).toBe('Tmux Orchestrator: 6 agents: 2 waiting, 1 idle, 1 crashed');
    // waiting ×2, crashed, unsubmitted: the contract's ATTENTION_STATES
    expect(m.attention).toBe(4);
    expect(m.badge).toBe('4');
  });

  it('lists agents needing attention, most urgent first, then the actions', () => {
    const m = trayModel([
      agent('late', 'waiting', { since: 5_000, reason: 'permission prompt' }),
      agent('early', 'waiting', { since: 1_000 }),
      agent('dead', 'crashed', { since: 9_000 }),
      agent('calm', 'idle'),
    ]);
    expect(labels(m.items)).toEqual([
      'Needs attention (3)',
      'dead: crashed',
      'early: waiting',
      'late: waiting (permission prompt)',
      '---',
      'Open Tmux Orchestrator',
      'Pause monitoring',
      '---',
      'Quit',
    ]);
    expect(m.items[1]).toEqual({ kind: 'agent', agentId: 'local/dead', label: 'dead: crashed' });
  });

  it('says when nothing needs you, and offers Resume while monitoring is paused', () => {
    const none = trayModel([]);
    expect(none.tooltip).toBe('Tmux Orchestrator: no agents');
    expect(none.badge).toBe('');
    expect(labels(none.items)[0]).toBe('No agents');
    const paused = trayModel([agent('a', 'busy')], { monitoring: false });
    expect(paused.tooltip).toBe('Tmux Orchestrator: 1 agent: 0 waiting, 0 idle, 0 crashed (monitoring paused)');
    expect(labels(paused.items)).toContain('Resume monitoring');
    expect(labels(paused.items)).not.toContain('Pause monitoring');
    expect(labels(paused.items)[0]).toBe('No agent needs attention');
  });

  it('stays short: long lists end in "… and N more", long labels are clipped to one line', () => {
    const many = Array.from({ length: 40 }, (_, i) => agent(`eng-${i}`, 'waiting', { since: i }));
    const m = trayModel(many);
    const agentsShown = m.items.filter((i) => i.kind === 'agent');
    expect(agentsShown).toHaveLength(MAX_TRAY_AGENTS);
    expect(m.items).toContainEqual({ kind: 'more', label: `… and ${40 - MAX_TRAY_AGENTS} more` });
    const long = trayModel([agent('x', 'error', { reason: `line one\nline two ${'z'.repeat(200)}` })]);
    const label = (long.items[1] as { label: string }).label;
    expect(label.length).toBeLessThanOrEqual(60);
    expect(label).not.toMatch(/\n/);
    expect(label.endsWith('…')).toBe(true);
  });
});
