import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { agent, memoryEngine } from './memory-engine.js';
import { renderApp } from './render-app.js';

afterEach(cleanup);

const open = (id: string) => `#/agents/${encodeURIComponent(id)}`;

describe('agent detail', () => {
  it("answer buttons show the prompt's real options and what it approves, and send the fingerprint they were drawn for", async () => {
    const prompt = {
      question: 'Do you want to proceed?',
      approving: { kind: 'command' as const, text: 'rm -rf ./build' },
      options: [
        { number: 1, label: 'Yes', detail: null, keys: ['1'] },
        { number: 2, label: 'No, and tell Claude what to do differently (esc)', detail: null, keys: ['2'] },
      ],
      fingerprint: 'faf10054466f6f8e',
      since: 1_000,
    };
    const engine = memoryEngine([agent('pm', { state: 'waiting', reason: 'waiting: permission prompt', prompt })]);
    renderApp(engine, open('local/pm'));
    const group = await screen.findByRole('group', { name: 'Answers' });
    expect(group.textContent).toContain('Do you want to proceed?');
    expect(group.textContent).toContain('Command: rm -rf ./build');
    // Two options, as the prompt has them (no generic 3), and Esc.
    expect(Array.from(group.querySelectorAll('button')).map((b) => b.textContent)).toEqual(['1 Yes', '2 No, and tell Claude what to do differently (esc)', 'Esc']);
    fireEvent.click(screen.getByRole('button', { name: '2 No, and tell Claude what to do differently (esc)' }));
    await waitFor(() => expect(engine.calls).toContainEqual(['answerPrompt', { target: 'local/pm', choice: '2', fingerprint: 'faf10054466f6f8e' }]));
    // The prompt changed meanwhile: a click drawn for the old one is refused, and says so.
    act(() => engine.setAgent('local/pm', { prompt: { ...prompt, fingerprint: '289d2b52cefd69c1', question: 'Is this a project you trust?' } }));
    await screen.findByText('Is this a project you trust?');
    fireEvent.click(screen.getByRole('button', { name: '1 Yes' }));
    await waitFor(() => expect(engine.calls).toContainEqual(['answerPrompt', { target: 'local/pm', choice: '1', fingerprint: '289d2b52cefd69c1' }]));
    act(() => engine.setState('local/pm', 'busy'));
    await waitFor(() => expect(group.isConnected).toBe(false));
  });

  it('shows a refusal from the engine (a stale click types nothing)', async () => {
    const prompt = { question: 'Proceed?', approving: null, options: [{ number: 1, label: 'Yes', detail: null, keys: ['1'] }], fingerprint: '0123456789abcdef', since: 1_000 };
    const engine = memoryEngine([agent('eng', { state: 'waiting', reason: 'waiting', prompt })]);
    renderApp(engine, open('local/eng'));
    await screen.findByRole('group', { name: 'Answers' });
    // The engine already sees another prompt than the one drawn here.
    engine.agents.set('local/eng', { ...engine.agents.get('local/eng')!, prompt: { ...prompt, fingerprint: 'fedcba9876543210', question: 'Delete it?' } });
    fireEvent.click(screen.getByRole('button', { name: '1 Yes' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/^Not answered: the prompt changed: eng now asks "Delete it\?"/);
  });

  it('Restart asks first and offers to resume the conversation (claude --continue)', async () => {
    const engine = memoryEngine([agent('eng', { state: 'idle' })]);
    renderApp(engine, open('local/eng'));
    fireEvent.click(await screen.findByRole('button', { name: 'Restart' }));
    const dialog = await screen.findByRole('dialog', { name: 'Restart eng?' });
    expect(engine.calls.filter(([m]) => m === 'restartAgent')).toEqual([]);
    const resume = screen.getByRole('checkbox', { name: /Resume the conversation \(claude --continue\)/ }) as HTMLInputElement;
    expect(resume.checked).toBe(true);
    fireEvent.click(screen.getAllByRole('button', { name: 'Restart' }).find((b) => dialog.contains(b))!);
    await waitFor(() => expect(engine.calls).toContainEqual(['restartAgent', { target: 'local/eng', resume: true }]));
    await screen.findByText('Restarted, resuming its conversation');
  });

  it('a message to an agent with unsent text asks before replacing it; Cancel keeps the draft', async () => {
    const engine = memoryEngine([agent('eng', { state: 'unsubmitted' })]);
    renderApp(engine, open('local/eng'));
    const box = await screen.findByLabelText('Message to eng');
    fireEvent.change(box, { target: { value: 'new orders' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    await screen.findByRole('dialog', { name: "Replace eng's unsent text?" });
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await screen.findByText(/unsent text was kept/);
    expect(engine.messages).toEqual([]);
    fireEvent.change(box, { target: { value: 'new orders' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    fireEvent.click(await screen.findByRole('button', { name: 'Replace it and send' }));
    await waitFor(() => expect(engine.calls).toContainEqual(['sendMessage', { target: 'local/eng', text: 'new orders', now: false, replace: true }]));
    expect(engine.messages.map((m) => m.text)).toEqual(['new orders']);
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
  it('g n, g 6, n and Esc move between views; Ctrl/Alt+digit are left to the browser; ? opens the help', async () => {
    renderApp(memoryEngine([agent('a')]));
    await screen.findByRole('heading', { name: /Agents/ });
    fireEvent.keyDown(window, { key: 'g' });
    fireEvent.keyDown(window, { key: 'n' });
    await waitFor(() => expect(window.location.hash).toBe('#/notifications'));
    // The browser's tab keys: not taken (not prevented), the view stays.
    for (const mod of [{ ctrlKey: true }, { altKey: true }]) {
      expect(fireEvent.keyDown(window, { key: '4', ...mod })).toBe(true);
      expect(window.location.hash).toBe('#/notifications');
    }
    fireEvent.keyDown(window, { key: 'g' });
    fireEvent.keyDown(window, { key: '6' });
    await waitFor(() => expect(window.location.hash).toBe('#/settings'));
    fireEvent.keyDown(window, { key: 'n' });
    await waitFor(() => expect(window.location.hash).toBe('#/spawn'));
    fireEvent.keyDown(window, { key: '?' });
    const help = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(help.textContent).not.toMatch(/Ctrl|Alt/);
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
