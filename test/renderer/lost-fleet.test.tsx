// The lost fleet in the UI: a banner names the agents gone without a kill, "Restore fleet"
// starts them again through the contract (restoreFleet) and says what came of it; "Forget"
// asks first, then drops them; with nothing lost there is no banner.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { agent, memoryEngine } from './memory-engine.js';
import { renderApp } from './render-app.js';

afterEach(cleanup);

describe('Restore fleet', () => {
  it('names the lost agents and brings them back with one click', async () => {
    const engine = memoryEngine([agent('keep')]);
    engine.lost = [agent('alpha', { team: 'red', cwd: '/src/red' }), agent('beta', { team: 'red', cwd: '/src/red' })];
    const { store } = renderApp(engine);
    const banner = await screen.findByRole('alert', { name: 'Lost agents' });
    expect(banner.textContent).toMatch(/2 agents lost: alpha, beta/);
    fireEvent.click(within(banner).getByRole('button', { name: 'Restore fleet' }));
    await waitFor(() => expect(screen.getByRole('alert', { name: 'Lost agents' }).textContent).toMatch(/Restored 2 of 2\./));
    expect(engine.calls.filter(([m, i]) => m === 'restoreFleet' && !(i as { dryRun?: boolean }).dryRun)).toEqual([['restoreFleet', { names: ['alpha', 'beta'] }]]);
    await waitFor(() => expect([...store.getState().agents.values()].map((a) => a.name).sort()).toEqual(['alpha', 'beta', 'keep']));
    expect(screen.queryByRole('button', { name: 'Restore fleet' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(screen.queryByRole('alert', { name: 'Lost agents' })).toBeNull());
  });

  it('forgets them only after asking', async () => {
    const engine = memoryEngine([agent('keep')]);
    engine.lost = [agent('gamma')];
    renderApp(engine);
    const banner = await screen.findByRole('alert', { name: 'Lost agents' });
    expect(banner.textContent).toMatch(/1 agent lost: gamma/);
    fireEvent.click(within(banner).getByRole('button', { name: 'Forget' }));
    const dialog = screen.getByRole('dialog', { name: 'Forget the lost agents?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(engine.lost.map((a) => a.name)).toEqual(['gamma']);
    fireEvent.click(within(screen.getByRole('alert', { name: 'Lost agents' })).getByRole('button', { name: 'Forget' }));
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Forget the lost agents?' })).getByRole('button', { name: 'Forget' }));
    await waitFor(() => expect(screen.getByRole('alert', { name: 'Lost agents' }).textContent).toMatch(/Forgot 1 lost agent\./));
    expect(engine.lost).toEqual([]);
    expect(engine.calls.some(([m, i]) => m === 'restoreFleet' && (i as { forget?: boolean }).forget === true)).toBe(true);
  });

  it('shows nothing when no agent is lost', async () => {
    const engine = memoryEngine([agent('keep')]);
    const { store } = renderApp(engine);
    await waitFor(() => expect(store.getState().agentsLoaded).toBe(true));
    await waitFor(() => expect(engine.calls.some(([m]) => m === 'restoreFleet')).toBe(true));
    expect(screen.queryByRole('alert', { name: 'Lost agents' })).toBeNull();
  });
});
