import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { agent, memoryEngine } from './memory-engine.js';
import { renderApp } from './render-app.js';

afterEach(cleanup);

const open = (id: string) => `#/agents/${encodeURIComponent(id)}`;

describe('agent detail', () => {
  it('quick answers appear only while waiting and send keys', async () => {
    const engine = memoryEngine([agent('pm', { state: 'waiting', reason: 'permission prompt' })]);
    renderApp(engine, open('local/pm'));
    const group = await screen.findByRole('group', { name: 'Quick answers' });
    fireEvent.click(screen.getByRole('button', { name: 'Yes' }));
    // Claude asks with a numbered menu: Yes picks option 1.
    await waitFor(() => expect(engine.calls).toContainEqual(['sendKeys', { target: 'local/pm', keys: ['1'] }]));
    fireEvent.click(screen.getByRole('button', { name: 'Esc' }));
    await waitFor(() => expect(engine.calls).toContainEqual(['sendKeys', { target: 'local/pm', keys: ['Escape'] }]));
    act(() => engine.setState('local/pm', 'busy'));
    await waitFor(() => expect(group.isConnected).toBe(false));
  });

  it('answers Aider and plain commands with y/n and Enter', async () => {
    const engine = memoryEngine([agent('aid', { type: 'aider', state: 'waiting', reason: 'waiting: question' })]);
    renderApp(engine, open('local/aid'));
    await screen.findByRole('group', { name: 'Quick answers' });
    fireEvent.click(screen.getByRole('button', { name: 'No' }));
    await waitFor(() => expect(engine.calls).toContainEqual(['sendKeys', { target: 'local/aid', keys: ['n', 'Enter'] }]));
  });

  it('captures the screen with ANSI and again when the agent changes', async () => {
    const engine = memoryEngine([agent('eng', { state: 'idle' })]);
    renderApp(engine, open('local/eng'));
    const captures = () => engine.calls.filter(([m]) => m === 'capturePane');
    // The preview (xterm.js) loads lazily with the first agent opened: a generous deadline.
    await waitFor(() => expect(captures().length).toBe(1), { timeout: 15_000 });
    // The screen with a little history above it (older pages load on demand).
    expect(captures()[0]![1]).toEqual({ target: 'local/eng', ansi: true, scrollback: 200 });
    act(() => engine.setState('local/eng', 'waiting'));
    await waitFor(() => expect(captures().length).toBe(2), { timeout: 3_000 });
  });

  it('sends from the composer and shows the delivery', async () => {
    const engine = memoryEngine([agent('eng', { state: 'busy' })]);
    renderApp(engine, open('local/eng'));
    const box = await screen.findByLabelText('Message to eng');
    fireEvent.change(box, { target: { value: 'status?' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    await screen.findByText(/Queued — it will be sent when the agent is idle/);
    expect(engine.messages.map((m) => m.text)).toEqual(['status?']);
  });

  it('Kill asks first, then kills and returns to the board', async () => {
    const engine = memoryEngine([agent('eng'), agent('other')]);
    renderApp(engine, open('local/eng'));
    fireEvent.click(await screen.findByRole('button', { name: 'Kill' }));
    const dialog = screen.getByRole('dialog', { name: 'Kill eng?' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' })); // Enter is safe
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(dialog.isConnected).toBe(false);
    expect(engine.agents.has('local/eng')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Kill' }));
    fireEvent.click(screen.getByRole('button', { name: 'Kill agent' }));
    await waitFor(() => expect(window.location.hash).toBe('#/agents'));
    expect(engine.agents.has('local/eng')).toBe(false);
  });
});

describe('global shortcuts', () => {
  it('g n, Ctrl+4, n and Esc move between views; ? opens the help', async () => {
    renderApp(memoryEngine([agent('a')]));
    await screen.findByRole('heading', { name: /Agents/ });
    fireEvent.keyDown(window, { key: 'g' });
    fireEvent.keyDown(window, { key: 'n' });
    await waitFor(() => expect(window.location.hash).toBe('#/notifications'));
    fireEvent.keyDown(window, { key: '6', ctrlKey: true });
    await waitFor(() => expect(window.location.hash).toBe('#/settings'));
    fireEvent.keyDown(window, { key: 'n' });
    await waitFor(() => expect(window.location.hash).toBe('#/spawn'));
    fireEvent.keyDown(window, { key: '?' });
    expect(screen.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeTruthy();
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('Esc on an agent goes back to the board', async () => {
    renderApp(memoryEngine([agent('a')]), open('local/a'));
    await screen.findByRole('button', { name: 'Kill' });
    fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(window.location.hash).toBe('#/agents'));
  });
});

describe('desktop shell navigation', () => {
  it('opens the agent the shell asks for (tray or notification click)', async () => {
    const engine = memoryEngine([agent('a'), agent('b')]);
    const navigators = new Set<(id: string) => void>();
    engine.bridge.onNavigate = (l) => (navigators.add(l), () => navigators.delete(l));
    renderApp(engine, '#/settings');
    await screen.findByRole('heading', { name: 'Settings' });
    act(() => navigators.forEach((l) => l('local/b')));
    await waitFor(() => expect(window.location.hash).toBe(open('local/b')));
    await screen.findByRole('button', { name: 'Kill' });
  });
});
