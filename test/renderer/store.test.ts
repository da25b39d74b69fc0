import { describe, expect, it } from 'vitest';
import type { NotificationRecord } from '../../src/shared/domain.js';
import { initialState, MAX_NOTIFICATIONS, noTmuxServer, reducer, Store, unreadCount, type Action, type AppState } from '../../src/renderer/src/state/store.js';
import { agent } from './memory-engine.js';

const note = (id: number, createdAt: number, readAt: number | null = null): NotificationRecord => ({
  id, kind: 'idle', agent: 'a', agentId: 'local/a', team: null, text: 'went idle', createdAt, readAt, members: [], resolvedAt: null,
});
const run = (actions: Action[], from: AppState = initialState) => actions.reduce(reducer, from);

describe('store reducer', () => {
  it('loads agents once, then applies changes and removals by id', () => {
    const s = run([
      { type: 'agentsLoaded', agents: [agent('a'), agent('b')] },
      { type: 'agentChanged', agent: agent('a', { state: 'busy' }) },
      { type: 'agentChanged', agent: agent('c') },
      { type: 'agentRemoved', id: 'local/b' },
    ]);
    expect(s.agentsLoaded).toBe(true);
    expect([...s.agents.keys()]).toEqual(['local/a', 'local/c']);
    expect(s.agents.get('local/a')!.state).toBe('busy');
  });

  it('applies a batch of changes and removals in order', () => {
    const s = run([
      { type: 'agentsLoaded', agents: [agent('a'), agent('b')] },
      { type: 'agentBatch', ops: [{ agent: agent('c') }, { removed: 'local/a' }, { agent: agent('a', { state: 'crashed' }) }, { removed: 'local/c' }] },
    ]);
    expect([...s.agents.keys()].sort()).toEqual(['local/a', 'local/b']);
    expect(s.agents.get('local/a')!.state).toBe('crashed');
    expect(reducer(s, { type: 'agentBatch', ops: [] })).toBe(s);
  });

  it('returns the same state for a removal of an unknown agent (no re-render)', () => {
    const s = run([{ type: 'agentsLoaded', agents: [agent('a')] }]);
    expect(reducer(s, { type: 'agentRemoved', id: 'nope' })).toBe(s);
    expect(reducer(s, { type: 'connection', connection: s.connection })).toBe(s);
  });

  it('keeps notifications newest first, without duplicates, and bounded', () => {
    let s = run([{ type: 'notificationsLoaded', notifications: [note(1, 100), note(3, 300), note(2, 200)] }]);
    expect(s.notifications.map((n) => n.id)).toEqual([3, 2, 1]);
    s = run([{ type: 'notification', notification: note(4, 400) }, { type: 'notification', notification: note(4, 400) }], s);
    expect(s.notifications.map((n) => n.id)).toEqual([4, 3, 2, 1]);
    const many = Array.from({ length: MAX_NOTIFICATIONS + 50 }, (_, i) => note(i + 1, i));
    s = run([{ type: 'notificationsLoaded', notifications: many }]);
    expect(s.notifications).toHaveLength(MAX_NOTIFICATIONS);
    expect(s.notifications[0]!.id).toBe(MAX_NOTIFICATIONS + 50);
  });

  it('marks read by ids or all, and counts unread', () => {
    let s = run([{ type: 'notificationsLoaded', notifications: [note(1, 1), note(2, 2), note(3, 3, 9)] }]);
    expect(unreadCount(s)).toBe(2);
    s = reducer(s, { type: 'markedRead', ids: [1], at: 50 });
    expect(unreadCount(s)).toBe(1);
    expect(s.notifications.find((n) => n.id === 1)!.readAt).toBe(50);
    expect(s.notifications.find((n) => n.id === 3)!.readAt).toBe(9);
    s = reducer(s, { type: 'markedRead', ids: 'all', at: 60 });
    expect(unreadCount(s)).toBe(0);
  });

  it('knows when no tmux server runs on any host', () => {
    const status = (...st: ('connected' | 'no_server')[]) =>
      reducer(initialState, { type: 'status', status: { hosts: st.map((x, i) => ({ host: `h${i}`, status: x, message: '' })), monitoring: true, leaseHolder: null, version: '', shell: 'web' } });
    expect(noTmuxServer(initialState)).toBe(false);
    expect(noTmuxServer(status('no_server'))).toBe(true);
    expect(noTmuxServer(status('no_server', 'connected'))).toBe(false);
  });

  it('notifies subscribers only on change', () => {
    const store = new Store();
    let calls = 0;
    const off = store.subscribe(() => calls++);
    store.dispatch({ type: 'agentsLoaded', agents: [agent('a')] });
    store.dispatch({ type: 'agentRemoved', id: 'missing' });
    off();
    store.dispatch({ type: 'agentRemoved', id: 'local/a' });
    expect(calls).toBe(1);
    expect(store.getState().agents.size).toBe(0);
  });
});
