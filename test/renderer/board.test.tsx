import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { filterAgents, groupRows, matchesQuery, moveSelection, rowDetail, stateCounts } from '../../src/renderer/src/lib/board.js';
import { formatClock, formatHours } from '../../src/renderer/src/lib/format.js';
import { agent, memoryEngine } from './memory-engine.js';
import { renderApp } from './render-app.js';

afterEach(cleanup);

// jsdom has no layout: give elements a viewport-sized box so the virtualiser renders a window.
const boxes = ['clientHeight', 'clientWidth'] as const;
beforeAll(() => {
  for (const p of boxes) Object.defineProperty(HTMLElement.prototype, p, { configurable: true, get: () => 800 });
});
afterAll(() => {
  for (const p of boxes) delete (HTMLElement.prototype as unknown as Record<string, unknown>)[p];
});

const fleet = () => [
  agent('pm-pay', { role: 'pm', team: 'payments', state: 'waiting', lastLine: 'Do you want to proceed?' }),
  agent('pay-eng-2', { team: 'payments', state: 'busy', lastLine: 'Running tests' }),
  agent('pay-eng-10', { team: 'payments', state: 'idle' }),
  agent('search-eng-1', { team: 'search', state: 'crashed', lastLine: 'Segmentation fault' }),
  agent('solo', { state: 'idle', type: 'codex' }),
];

describe('board logic', () => {
  it('searches every word across name, team, role, type and output', () => {
    const names = (q: string) => filterAgents(fleet(), { query: q, states: new Set() }, 'name').map((a) => a.name);
    expect(names('pay')).toEqual(['pay-eng-2', 'pay-eng-10', 'pm-pay']);
    expect(names('payments pm')).toEqual(['pm-pay']);
    expect(names('SEGMENTATION')).toEqual(['search-eng-1']);
    expect(names('codex')).toEqual(['solo']);
    expect(names('nothing-like-this')).toEqual([]);
  });

  it('filters by state and counts states', () => {
    const f = filterAgents(fleet(), { query: '', states: new Set(['idle', 'crashed'] as const) }, 'name');
    expect(f.map((a) => a.name)).toEqual(['pay-eng-10', 'search-eng-1', 'solo']);
    expect(stateCounts(fleet())).toMatchObject({ idle: 2, busy: 1, waiting: 1, crashed: 1, error: 0 });
  });

  it('groups by team (no team last) or session, counting attention', () => {
    const rows = groupRows(filterAgents(fleet(), { query: '', states: new Set() }), 'team');
    const groups = rows.filter((r) => r.kind === 'group');
    expect(groups.map((g) => [g.label, g.count, g.attention])).toEqual([
      ['payments', 3, 1],
      ['search', 1, 1],
      ['No team', 1, 0],
    ]);
    expect(groupRows(fleet(), 'session').filter((r) => r.kind === 'group').map((g) => g.label)).toEqual(['orc', 'payments', 'search']);
    expect(groupRows(fleet(), 'none').every((r) => r.kind === 'agent')).toBe(true);
  });

  it('moves the selection over agent rows only, clamped at the ends', () => {
    const rows = groupRows(filterAgents(fleet(), { query: '', states: new Set() }, 'name'), 'team');
    expect(moveSelection(rows, null, 1)).toBe('local/pay-eng-2');
    expect(moveSelection(rows, null, -1)).toBe('local/solo');
    expect(moveSelection(rows, 'local/pm-pay', 1)).toBe('local/search-eng-1'); // skips the group header
    expect(moveSelection(rows, 'local/solo', 1)).toBe('local/solo');
    expect(moveSelection([], null, 1)).toBeNull();
  });
});

describe('attention first', () => {
  it('orders open problems first (waiting, unsent, rate limited, crashed, error), then busy, then idle', () => {
    const all = [
      agent('i', { state: 'idle' }),
      agent('b', { state: 'busy' }),
      agent('e', { state: 'error' }),
      agent('w2', { state: 'waiting', since: 2_000 }),
      agent('w1', { state: 'waiting', since: 1_000 }),
      agent('r', { state: 'rate_limited' }),
      agent('c', { state: 'crashed' }),
      agent('u', { state: 'unsubmitted' }),
    ];
    expect(filterAgents(all, { query: '', states: new Set() }).map((a) => a.name)).toEqual(['w1', 'w2', 'u', 'r', 'c', 'e', 'b', 'i']);
    expect(filterAgents(all, { query: '', states: new Set() }, 'name').map((a) => a.name)).toEqual(['b', 'c', 'e', 'i', 'r', 'u', 'w1', 'w2']);
  });

  it('sorts by role or team too, agents without one last, then by name', () => {
    const all = [
      agent('z-eng', { role: 'engineer', team: 'web' }),
      agent('a-pm', { role: 'pm', team: 'web' }),
      agent('solo', { role: 'engineer', team: null }),
      agent('b-qa', { role: 'qa', team: 'api' }),
    ];
    expect(filterAgents(all, { query: '', states: new Set() }, 'team').map((a) => a.name)).toEqual(['b-qa', 'a-pm', 'z-eng', 'solo']);
    expect(filterAgents(all, { query: '', states: new Set() }, 'role').map((a) => a.name)).toEqual(['solo', 'z-eng', 'a-pm', 'b-qa']);
  });

  it('a reset time is to the minute, today without the date', () => {
    const at = new Date(2026, 10, 29, 9, 0, 0).getTime();
    expect(formatClock(at, at - 3_600_000)).toBe('09:00');
    expect(formatClock(at, at + 86_400_000)).toBe('29 Nov 09:00');
  });

  it('review times are hours, or minutes under an hour (never "0.0 h" for time that was there)', () => {
    expect([0, 20_000, 60_000, 36 * 60_000, 59.8 * 60_000, 4.62 * 3_600_000, 9.96 * 3_600_000, 130 * 3_600_000].map(formatHours)).toEqual([
      '0 h', '<1 min', '1 min', '36 min', '1.0 h', '4.6 h', '10 h', '130 h',
    ]);
  });

  it('shows the question on waiting rows and the reset time on rate-limited ones; search finds both and the folder', () => {
    const asking = agent('asker', { state: 'waiting', reason: 'waiting: permission prompt "Allow edit of db.ts?"', lastLine: 'Esc to cancel', cwd: '/srv/billing' });
    const limited = agent('limited', { state: 'rate_limited', reason: 'rate_limited: usage limit reached', resetAt: 5_000 });
    expect(rowDetail(asking, () => '')).toBe('permission prompt "Allow edit of db.ts?"');
    expect(rowDetail(limited, (at) => `@${at}`)).toBe('resets at @5000 · usage limit reached');
    expect(matchesQuery(asking, 'db.ts')).toBe(true);
    expect(matchesQuery(asking, 'billing')).toBe(true);
  });
});

describe('agents board', () => {
  const rowNames = () => screen.queryAllByRole('row').flatMap((r) => (r.dataset.agent ? [r.dataset.agent] : []));

  it('shows every agent with a badge word, then filters by search and state', async () => {
    renderApp(memoryEngine(fleet()));
    await waitFor(() => expect(rowNames()).toHaveLength(5));
    const row = screen.getAllByRole('row').find((r) => r.dataset.agent === 'local/pm-pay')!;
    expect(within(row).getByText('Waiting')).toBeTruthy(); // the word, not colour alone
    expect(within(row).getByText('Do you want to proceed?')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Search agents'), { target: { value: 'search' } });
    await waitFor(() => expect(rowNames()).toEqual(['local/search-eng-1']));
    fireEvent.keyDown(screen.getByLabelText('Search agents'), { key: 'Escape' });
    await waitFor(() => expect(rowNames()).toHaveLength(5));

    fireEvent.click(screen.getByRole('button', { name: /Idle 2/ }));
    await waitFor(() => expect(rowNames()).toEqual(['local/pay-eng-10', 'local/solo']));
    expect(screen.getByRole('button', { name: /Idle 2/ }).getAttribute('aria-pressed')).toBe('true');
  });

  it('j/k move the selection, Enter opens, / focuses the search', async () => {
    renderApp(memoryEngine(fleet()));
    await waitFor(() => expect(rowNames()).toHaveLength(5));
    const selected = () => screen.getAllByRole('row').find((r) => r.getAttribute('aria-selected') === 'true')?.dataset.agent;
    fireEvent.keyDown(window, { key: 'j' });
    expect(selected()).toBe('local/pm-pay'); // attention first: the waiting PM leads its team
    fireEvent.keyDown(window, { key: 'j' });
    fireEvent.keyDown(window, { key: 'j' });
    fireEvent.keyDown(window, { key: 'j' });
    fireEvent.keyDown(window, { key: 'k' });
    expect(selected()).toBe('local/pay-eng-10');
    fireEvent.keyDown(window, { key: '/' });
    expect(document.activeElement).toBe(screen.getByLabelText('Search agents'));
    // typing j in the search box types, it does not move
    fireEvent.keyDown(document.activeElement!, { key: 'j' });
    expect(selected()).toBe('local/pay-eng-10');
    (document.activeElement as HTMLElement).blur();
    fireEvent.keyDown(window, { key: 'Enter' });
    expect(window.location.hash).toBe(`#/agents/${encodeURIComponent('local/pay-eng-10')}`);
  });

  it('updates live from events, without polling', async () => {
    const engine = memoryEngine(fleet());
    renderApp(engine);
    await waitFor(() => expect(rowNames()).toHaveLength(5));
    const callsAfterLoad = engine.calls.length;
    act(() => engine.emit({ type: 'agentChanged', agent: agent('newbie', { team: 'search', state: 'starting' }) }));
    await waitFor(() => expect(rowNames()).toContain('local/newbie'));
    act(() => engine.emit({ type: 'agentRemoved', id: 'local/solo' }));
    await waitFor(() => expect(rowNames()).not.toContain('local/solo'));
    act(() => engine.setState('local/pay-eng-2', 'idle'));
    await waitFor(() => expect(screen.queryByRole('button', { name: /Busy/ })).toBeNull());
    const row = screen.getAllByRole('row').find((r) => r.dataset.agent === 'local/pay-eng-2')!;
    expect(within(row).getByText('Idle')).toBeTruthy();
    expect(engine.calls.length).toBe(callsAfterLoad);
  });

  it('a waiting row answers the question it shows: its buttons send that prompt\'s fingerprint, and do not open the agent', async () => {
    const prompt = {
      question: 'Do you want to proceed?',
      options: [
        { number: 1, label: 'Yes', detail: null, keys: ['1'] },
        { number: 2, label: "Yes, and don't ask again", detail: null, keys: ['2'] },
        { number: 3, label: 'No', detail: null, keys: ['3'] },
      ],
      approving: { kind: 'command' as const, text: 'npm test' },
      fingerprint: '0123456789abcdef',
      since: 1_000,
    };
    const engine = memoryEngine([agent('asker', { state: 'waiting', reason: 'waiting: Do you want to proceed?', prompt }), agent('calm')]);
    renderApp(engine);
    const row = await waitFor(() => screen.getAllByRole('row').find((r) => r.dataset.agent === 'local/asker')!);
    const answers = within(row).getByRole('group', { name: 'Answers' });
    expect(within(answers).getAllByRole('button').map((b) => b.textContent)).toEqual(['1 Yes', "2 Yes, and don't ask again", '3 No', 'Esc']);
    // The idle row has none.
    const calm = screen.getAllByRole('row').find((r) => r.dataset.agent === 'local/calm')!;
    expect(within(calm).queryByRole('group', { name: 'Answers' })).toBeNull();
    fireEvent.click(within(answers).getByRole('button', { name: /^1 Yes$/ }));
    await within(row).findByText('Answered 1 "Yes"');
    expect(engine.calls.filter(([m]) => m === 'answerPrompt').map(([, i]) => i)).toEqual([{ target: 'local/asker', choice: '1', fingerprint: '0123456789abcdef' }]);
    expect(window.location.hash).not.toContain('asker');
  });

  it('renders only a window of a 500-agent fleet', async () => {
    const many = Array.from({ length: 500 }, (_, i) => agent(`a-${i}`, { team: `t${i % 10}` }));
    renderApp(memoryEngine(many));
    await waitFor(() => expect(rowNames().length).toBeGreaterThan(0));
    expect(rowNames().length).toBeLessThan(100);
    expect(screen.getByRole('heading', { name: /Agents/ }).textContent).toContain('500');
  });
});

describe('broadcast', () => {
  it('sends one message to a team and sums up the deliveries', async () => {
    const engine = memoryEngine(fleet());
    renderApp(engine);
    fireEvent.click(await screen.findByRole('button', { name: 'Broadcast…' }));
    const dialog = screen.getByRole('dialog', { name: 'Broadcast a message' });
    fireEvent.change(within(dialog).getByLabelText('Message'), { target: { value: 'commit now' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Send' }));
    await within(dialog).findByText('Sent to 3 agents: 2 delivered, 1 queued');
    expect(engine.messages.map((m) => m.agent).sort()).toEqual(['pay-eng-10', 'pay-eng-2', 'pm-pay']);
  });
});
