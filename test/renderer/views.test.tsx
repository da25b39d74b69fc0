// Empty and error states, and the views' round trips through the in-memory engine.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotificationRecord } from '../../src/shared/domain.js';
import { attachCommand } from '../../src/renderer/src/views/AgentDetail.js';
import { settingsPatch } from '../../src/renderer/src/views/Settings.js';
import { DEFAULT_SETTINGS } from '../../src/shared/settings.js';
import { agent, memoryEngine } from './memory-engine.js';
import { renderApp } from './render-app.js';

afterEach(cleanup);

describe('empty and error states', () => {
  it('no tmux server: says to start tmux or spawn an agent', async () => {
    renderApp(memoryEngine([], 'no_server'));
    await screen.findByText('No tmux server is running');
    expect(screen.getByText(/Start tmux or spawn an agent/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Spawn an agent' }));
    expect(window.location.hash).toBe('#/spawn');
  });

  it('no agents yet: offers to spawn the first one', async () => {
    renderApp(memoryEngine([]));
    await screen.findByText('No agents yet');
    expect(screen.getByRole('button', { name: 'Spawn your first agent' })).toBeTruthy();
  });

  it('connection lost: shows reconnecting, then reloads state when the link returns', async () => {
    const engine = memoryEngine([agent('a')]);
    const { setConnection } = renderApp(engine, '#/notifications');
    await screen.findByText('No notifications yet');
    setConnection('closed');
    expect(screen.getByRole('alert').textContent).toMatch('Connection lost — reconnecting…');
    engine.notifications.push({ id: 1, kind: 'waiting', agent: 'a', agentId: 'local/a', team: null, text: 'needs a decision', createdAt: Date.now(), readAt: null, members: [], resolvedAt: null });
    setConnection('open', true);
    await screen.findByText('needs a decision');
    expect(screen.queryByText('Connection lost — reconnecting…')).toBeNull();
  });

  it('a link that never opened retries; a refused token says how to get the new URL; without a token it says to use the printed URL', async () => {
    const first = renderApp(memoryEngine([]), '#/agents', true, 'connecting');
    first.setConnection('closed');
    expect(screen.getByRole('alert').textContent).toMatch(/Cannot reach the engine — retrying… This page reconnects by itself/);
    first.setConnection('unauthorized');
    expect(screen.getByRole('alert').textContent).toMatch(/access token is no longer valid: tmux-orc serve now uses a new one.*Open the URL it printed/);
    expect(screen.getByText('Token refused')).toBeTruthy();
    cleanup();
    const second = renderApp(memoryEngine([]), '#/agents', false, 'connecting');
    second.setConnection('closed');
    expect(screen.getByRole('alert').textContent).toMatch(/this page has no access token/);
  });

  it('a gone agent says so and offers the way back', async () => {
    renderApp(memoryEngine([agent('a')]), '#/agents/local%2Fgone');
    await screen.findByText('This agent is gone');
  });
});

describe('notifications view', () => {
  const n = (id: number, over: Partial<NotificationRecord>): NotificationRecord => ({
    id, kind: 'idle', agent: 'a', agentId: 'local/a', team: null, text: `note ${id}`, createdAt: 1_000 * id, readAt: null, members: [], resolvedAt: null, ...over,
  });

  it('names the agent once when the text already starts with its name', async () => {
    const engine = memoryEngine([agent('eng')]);
    engine.notifications.push(n(1, { agent: 'eng', agentId: 'local/eng', text: 'eng (web:0.0) finished and is idle' }));
    renderApp(engine, '#/notifications');
    const item = await screen.findByRole('button', { name: /finished and is idle/ });
    expect(item.textContent).toContain('eng (web:0.0) finished and is idle');
    expect(item.textContent).not.toContain('eng eng');
  });

  it('a grouped notification leads with its count, not with one of its agents; an open one says its age once', async () => {
    const engine = memoryEngine([agent('a'), agent('b'), agent('c')]);
    const members = ['a', 'b', 'c'].map((x) => ({ agentId: `local/${x}`, agent: x, resolvedAt: null }));
    engine.notifications.push(n(1, { text: '3 agents finished and are idle: a, b, c', members }));
    engine.notifications.push(n(2, { kind: 'waiting', text: '2 agents are waiting for a decision: b, c', members: members.slice(1), agent: 'b', agentId: 'local/b' }));
    renderApp(engine, '#/notifications');
    const group = await screen.findByRole('button', { name: /finished and are idle/ });
    expect(group.textContent).toContain('3 agents finished and are idle: a, b, c');
    expect(group.textContent).not.toMatch(/^a 3 agents/);
    expect(group.querySelector('b')?.textContent).toBe('3 agents');
    expect(group.textContent).toMatch(/ ago$/);
    const open = screen.getByRole('button', { name: /waiting for a decision/ });
    expect(open.querySelector('b')?.textContent).toBe('2 agents');
    expect(open.textContent).toMatch(/open \d+\w/);
    expect(open.textContent).not.toContain('ago');
  });

  it('filters by kind and unread, marks read; the nav counts open problems, not unread lines', async () => {
    const engine = memoryEngine([agent('a'), agent('b')]);
    const crashed = n(2, { kind: 'crashed', agent: 'b', agentId: 'local/b', members: [{ agentId: 'local/b', agent: 'b', resolvedAt: null }] });
    engine.notifications.push(n(1, {}), crashed, n(3, { readAt: 5 }));
    renderApp(engine, '#/notifications');
    await screen.findByText('note 2');
    expect(screen.getByLabelText('1 open problem')).toBeTruthy();
    // Open problems come first, whatever their age.
    const first = document.querySelector('.nlist li');
    expect(first?.textContent).toContain('note 2');
    expect(first?.textContent).toMatch(/open \d/);
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'crashed' } });
    expect(screen.queryByText('note 1')).toBeNull();
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: '' } });
    fireEvent.click(screen.getByLabelText(/Unread only/));
    expect(screen.queryByText('note 3')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Mark all read' }));
    await waitFor(() => expect(engine.notifications.every((x) => x.readAt !== null)).toBe(true));
    // Read is not resolved: the crash is still an open problem until the agent leaves the state.
    expect(screen.getByLabelText('1 open problem')).toBeTruthy();
    act(() => engine.emit({ type: 'notificationChanged', notification: { ...crashed, readAt: 9, resolvedAt: 62_000 } }));
    await waitFor(() => expect(screen.queryByLabelText('1 open problem')).toBeNull());
    fireEvent.click(screen.getByLabelText(/Unread only/));
    expect(screen.getByText('ended after 1m 00s')).toBeTruthy();
  });

  it('a new notification event appears live; clicking it opens the agent', async () => {
    const engine = memoryEngine([agent('a')]);
    renderApp(engine, '#/notifications');
    await screen.findByText('No notifications yet');
    act(() => engine.emit({ type: 'notification', notification: n(7, { text: 'is waiting' }) }));
    fireEvent.click(await screen.findByText('is waiting'));
    await waitFor(() => expect(window.location.hash).toBe(`#/agents/${encodeURIComponent('local/a')}`));
  });
});

describe('spawn view', () => {
  it('shows contract validation inline, then spawns and opens the agent', async () => {
    const engine = memoryEngine([agent('taken')]);
    renderApp(engine, '#/spawn');
    const name = await screen.findByLabelText('Name');
    fireEvent.click(screen.getByRole('button', { name: 'Spawn agent' }));
    expect((await screen.findByText('name is empty')).getAttribute('role')).toBe('alert');
    fireEvent.change(name, { target: { value: 'bad name' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spawn agent' }));
    await screen.findByText(/name may hold letters/);
    expect(engine.calls.some(([m]) => m === 'spawnAgent')).toBe(false);
    fireEvent.change(name, { target: { value: 'eng-9' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spawn agent' }));
    await waitFor(() => expect(window.location.hash).toBe(`#/agents/${encodeURIComponent('local/eng-9')}`));
    expect(engine.calls.find(([m]) => m === 'spawnAgent')![1]).toMatchObject({ name: 'eng-9', type: 'claude', role: 'engineer' });
  });

  it('in the browser the folder is a text field (pickFolder answers null)', async () => {
    renderApp(memoryEngine([]), '#/spawn');
    expect(await screen.findByPlaceholderText('/home/me/project')).toBeTruthy();
  });
});

describe('settings and detail helpers', () => {
  it('settings patch holds only changed top-level keys', () => {
    const draft = { ...DEFAULT_SETTINGS, quietMs: 5_000, retention: { ...DEFAULT_SETTINGS.retention, messagesDays: 7 } };
    expect(settingsPatch(DEFAULT_SETTINGS, draft)).toEqual({ quietMs: 5_000, retention: draft.retention });
    expect(settingsPatch(DEFAULT_SETTINGS, DEFAULT_SETTINGS)).toEqual({});
  });

  it('settings errors from the schema are shown inline and nothing is sent', async () => {
    const engine = memoryEngine([]);
    renderApp(engine, '#/settings');
    const quiet = await screen.findByLabelText(/Reconcile sweep every/);
    fireEvent.change(quiet, { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect((await screen.findByText('must be at least 1 second')).className).toBe('field-error');
    expect(engine.calls.some(([m]) => m === 'updateSettings')).toBe(false);
    fireEvent.change(quiet, { target: { value: '30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await screen.findByText('Saved');
    expect(engine.settings.reconcileIntervalMs).toBe(30_000);
  });

  it('agent commands: one per type, saved with the settings; an engine variable that wins is said beside its field', async () => {
    const engine = memoryEngine([]);
    engine.status = { ...engine.status, agentCommandOverrides: { codex: 'node /opt/fake-codex.mjs' } };
    renderApp(engine, '#/settings');
    const claude = await screen.findByLabelText(/^claude/);
    expect((claude as HTMLInputElement).placeholder).toBe('claude');
    expect(screen.getByText(/ORC_AGENT_CMD_CODEX is set in the engine's environment and wins/).textContent).toContain('node /opt/fake-codex.mjs');
    expect(screen.queryByText(/ORC_AGENT_CMD_CLAUDE/)).toBeNull();
    fireEvent.change(claude, { target: { value: 'claude --model opus' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await screen.findByText('Saved');
    expect(engine.settings.agentCommands).toEqual({ ...DEFAULT_SETTINGS.agentCommands, claude: 'claude --model opus' });
  });

  it('shows the tmux server the engine really watches, and when it was given on the command line', async () => {
    const engine = memoryEngine([]);
    engine.status = { ...engine.status, server: { socketName: 'work', socketPath: null } };
    renderApp(engine, '#/settings');
    const watched = await screen.findByRole('status', { name: 'Watched tmux server' });
    expect(watched.textContent).toBe('Watching tmux -L work — given when the engine started (-L/-S); the fields below apply when none is given');
    cleanup();
    const plain = memoryEngine([]);
    plain.status = { ...plain.status, server: { socketName: null, socketPath: null } };
    renderApp(plain, '#/settings');
    expect((await screen.findByRole('status', { name: 'Watched tmux server' })).textContent).toBe('Watching the default tmux server');
  });

  it('"Open in terminal" selects the agent\'s window and pane on the right server', () => {
    const a = { session: 'pay ments', host: 'local', paneId: '%7' };
    const select = String.raw`select-window -t %7 \; select-pane -t %7 \;`;
    expect(attachCommand(a, { socketName: null, socketPath: null })).toBe(`tmux ${select} attach-session -t '=pay ments'`);
    expect(attachCommand({ ...a, session: 's' }, { socketName: 'work', socketPath: null })).toBe(`tmux -L work ${select} attach-session -t =s`);
    expect(attachCommand({ ...a, session: 's' }, { socketName: 'x', socketPath: '/tmp/t.sock' })).toBe(`tmux -S /tmp/t.sock ${select} attach-session -t =s`);
    // One argument for ssh: the remote shell must see the \; separators too.
    expect(attachCommand({ ...a, session: 's', host: 'me@box' }, undefined)).toBe(`ssh -t me@box 'tmux ${select} attach-session -t =s'`);
  });
});

describe('schedules view', () => {
  it('creates a repeating check-in, rejects a too-frequent one inline, and cancels', async () => {
    const engine = memoryEngine([agent('pm')]);
    const created: unknown[] = [];
    const base = engine.handlers.schedule;
    engine.handlers.schedule = async (i) => (created.push(i), base(i));
    engine.handlers.listSchedules = async () => (created.length ? [{ id: 1, server: 'local:/tmp/tmux-1000/default', target: 'pm', text: 'report', nextAt: Date.now() + 60_000, everyMs: 1_800_000, createdAt: 0, lastRunAt: null }] : []);
    renderApp(engine, '#/schedules');
    await screen.findByText('Nothing scheduled');
    fireEvent.change(screen.getByLabelText(/To \(agent name or target\)/), { target: { value: 'pm' } });
    fireEvent.change(screen.getByLabelText('Message'), { target: { value: 'report' } });
    fireEvent.change(screen.getByLabelText('Every'), { target: { value: '0.5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Schedule' }));

    await screen.findByText('repeat at most once a minute');
    expect(created).toEqual([]);
    fireEvent.change(screen.getByLabelText('Every'), { target: { value: '30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Schedule' }));
    await screen.findByText('every 30m 00s');
    expect(created).toEqual([{ target: 'pm', text: 'report', everyMs: 1_800_000 }]);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await screen.findByText('Nothing scheduled');
  });
});

describe('theme', () => {
  it('follows the theme setting, or the system when it says so', async () => {
    const engine = memoryEngine([]);
    engine.settings = { ...engine.settings, theme: 'dark' };
    renderApp(engine, '#/settings');
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    fireEvent.change(await screen.findByLabelText('Theme'), { target: { value: 'system' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBeUndefined());
  });
});
