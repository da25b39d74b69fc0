// Target resolution: every form, unknown and ambiguous targets, plain panes.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/shared/api.js';
import type { AgentInfo } from '../../../src/shared/domain.js';
import type { PaneRow } from '../../../src/core/tmux/index.js';
import { resolvePane, resolveTarget } from '../../../src/core/agents/targets.js';

function agent(paneId: string, target: string, name: string, windowName = name): AgentInfo {
  const session = target.slice(0, target.indexOf(':'));
  return {
    id: `local/${paneId}`, host: 'local', paneId, target, session, windowName, name, type: 'claude', role: 'engineer',
    team: null, tagged: true, state: 'idle', reason: 'idle', since: 0, lastLine: '', command: 'node', cwd: '/', resetAt: null,
  };
}

function row(paneId: string, target: string, windowName: string): PaneRow {
  const [session = '', rest = ''] = target.split(':');
  const [wi = '0', pi = '0'] = rest.split('.');
  return {
    paneId, sessionId: '$1', session, windowId: '@1', windowIndex: Number(wi), windowName, paneIndex: Number(pi), target,
    command: 'bash', pid: 1, dead: false, deadStatus: null, cwd: '/', width: 80, height: 24, inMode: false, active: true,
    orcName: '', orcType: '', orcRole: '', orcTeam: '', title: '',
  };
}

const agents = [
  agent('%1', 'alpha:0.0', 'pm'),
  agent('%2', 'alpha:1.0', 'eng1'),
  agent('%3', 'alpha:2.0', 'dup', 'w.2'),
  agent('%4', 'beta:0.0', 'dup', 'split'),
  agent('%5', 'beta:0.1', 'eng5', 'split'),
  agent('%6', 'beta:7.0', '3', '3'),
];

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return `${err.code}: ${err.message}`;
    throw err;
  }
  return 'no error';
}

describe('resolveTarget', () => {
  it('resolves an id, a %id, session:window.pane, session:window by index and by name, and a name', () => {
    expect(resolveTarget(agents, 'local/%2').paneId).toBe('%2');
    expect(resolveTarget(agents, '%5').paneId).toBe('%5');
    expect(resolveTarget(agents, 'beta:0.1').paneId).toBe('%5');
    expect(resolveTarget(agents, 'alpha:1').paneId).toBe('%2');
    expect(resolveTarget(agents, 'alpha:eng1').paneId).toBe('%2');
    expect(resolveTarget(agents, 'eng1').paneId).toBe('%2');
    expect(resolveTarget(agents, '  pm  ').paneId).toBe('%1');
  });

  it('reads a window name with a dot, and prefers a window index over a window named by a number', () => {
    expect(resolveTarget(agents, 'alpha:w.2').paneId).toBe('%3');
    expect(resolveTarget(agents, 'beta:7').paneId).toBe('%6');
    expect(resolveTarget(agents, 'beta:3').paneId).toBe('%6');
  });

  it('says not_found with the hint for unknown targets', () => {
    expect(codeOf(() => resolveTarget(agents, 'nobody'))).toBe('not_found: no agent "nobody": see tmux-orc list');
    expect(codeOf(() => resolveTarget(agents, '%99'))).toMatch(/^not_found: no agent "%99"/);
    expect(codeOf(() => resolveTarget(agents, 'alpha:9'))).toMatch(/^not_found/);
    expect(codeOf(() => resolveTarget(agents, 'other/%1'))).toMatch(/^not_found/);
    expect(codeOf(() => resolveTarget(agents, ''))).toBe('bad_input: target is empty');
  });

  it('says ambiguous for a shared name or a window with two agents, listing their targets', () => {
    expect(codeOf(() => resolveTarget(agents, 'dup'))).toBe(
      'ambiguous: "dup" matches 2 agents: alpha:2.0, beta:0.0; use one of these targets',
    );
    expect(codeOf(() => resolveTarget(agents, 'beta:split'))).toMatch(/^ambiguous: .*beta:0\.0, beta:0\.1/);
  });

  it('bounds the list of candidates', () => {
    const many = Array.from({ length: 25 }, (_, i) => agent(`%${i}`, `s:${i}.0`, 'same'));
    expect(codeOf(() => resolveTarget(many, 'same'))).toMatch(/and 15 more; use one/);
  });
});

describe('resolvePane', () => {
  const panes = [row('%1', 'alpha:0.0', 'pm'), row('%9', 'alpha:3.0', 'shell'), row('%10', 'beta:0.0', 'split'), row('%11', 'beta:0.1', 'split')];

  it('resolves panes that are not agents by %id, id, session:window.pane and a one-pane window', () => {
    expect(resolvePane(panes, '%9').paneId).toBe('%9');
    expect(resolvePane(panes, 'local/%9').paneId).toBe('%9');
    expect(resolvePane(panes, 'alpha:3.0').paneId).toBe('%9');
    expect(resolvePane(panes, 'alpha:shell').paneId).toBe('%9');
  });

  it('resolves agent names through the agents list, and reports unknown and ambiguous panes', () => {
    expect(resolvePane(panes, 'pm', { agents }).paneId).toBe('%1');
    expect(codeOf(() => resolvePane(panes, 'beta:0'))).toMatch(/^ambiguous: "beta:0" matches 2 panes/);
    expect(codeOf(() => resolvePane(panes, '%77'))).toMatch(/^not_found: no pane or agent "%77"/);
    expect(codeOf(() => resolvePane(panes, 'ghost', { agents }))).toMatch(/^not_found: no agent "ghost"/);
  });
});
