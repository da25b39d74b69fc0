// The title counts agents that need the person (open problems, not unread lines), and a grouped
// burst is one alert naming how many agents it is about. (Web Notifications themselves are
// exercised in real Chromium: test/e2e/review-a11y.e2e.test.ts.)
import { act, cleanup, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { alertFor, titleFor } from '../../src/renderer/src/lib/alerts.js';
import { agent, memoryEngine } from './memory-engine.js';
import { renderApp } from './render-app.js';
import { notification } from '../helpers/memory-engine.js';

afterEach(cleanup);

describe('browser alerts', () => {
  it('the title follows the agents needing attention, not unread notifications', async () => {
    const engine = memoryEngine([agent('a', { state: 'busy' }), agent('b', { state: 'idle' })]);
    engine.notifications.push(notification('idle', 'b'), notification('idle', 'a'));
    const { store } = renderApp(engine);
    await waitFor(() => expect(store.getState().agentsLoaded).toBe(true));
    expect(document.title).toBe('Tmux Orchestrator');
    act(() => engine.setState('local/a', 'waiting'));
    await waitFor(() => expect(document.title).toBe('(1) Tmux Orchestrator'));
    act(() => engine.setState('local/b', 'rate_limited'));
    await waitFor(() => expect(document.title).toBe('(2) Tmux Orchestrator'));
    act(() => engine.setState('local/a', 'busy'));
    await waitFor(() => expect(document.title).toBe('(1) Tmux Orchestrator'));
  });

  it('formats titles and one alert per grouped burst', () => {
    expect(titleFor(0)).toBe('Tmux Orchestrator');
    expect(titleFor(250)).toBe('(99+) Tmux Orchestrator');
    const group = notification('idle', 'a', {
      text: '3 agents finished and are idle: a, b, c',
      members: ['a', 'b', 'c'].map((n) => ({ agentId: `local/${n}`, agent: n, resolvedAt: null })),
    });
    expect(alertFor(group)).toEqual({ title: 'Idle: 3 agents', body: '3 agents finished and are idle: a, b, c', tag: `orc-${group.id}` });
    expect(alertFor(notification('waiting', 'a')).title).toBe('Needs a decision: a');
  });
});
