// The fleet manifest: agents the product started, by tmux server and name, until killed on
// purpose; marking lost ones (by pane, or missing from a first listing); bounded; bad input
// changes nothing; lost notifications resolve by name.
import { describe, expect, it } from 'vitest';
import { LIMITS, openStore, type NewFleetEntry } from '../../../src/core/store/index.js';
import { useTempDir } from './temp.js';

const t = useTempDir();
const A = 'local:/tmp/tmux-1000/a';
const B = 'local:/tmp/tmux-1000/b';

const entry = (name: string, over: Partial<NewFleetEntry> = {}): NewFleetEntry => ({
  server: A, host: 'local', name, type: 'claude', command: 'claude --session-id 1', cwd: '/work', role: 'engineer', team: 'red',
  session: 'red', env: { ORC_DB: '/x.db' }, worktree: null, briefing: 'hello', cliSession: '1', paneId: '%1', spawnedAt: 1_000, ...over,
});

describe('fleet manifest', () => {
  it('keeps what restore needs, per server and name; a kill removes only its row', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    s.fleet.record(entry('dev', { worktree: { path: '/work/.orc-worktrees/dev', branch: 'dev', baseBranch: 'main', base: 'abc' } }));
    s.fleet.record(entry('dev', { server: B, paneId: '%1', team: null }));
    s.fleet.record(entry('qa', { paneId: '%2', role: 'qa', type: 'codex', cliSession: null }));
    expect(s.fleet.list(A).map((e) => e.name)).toEqual(['dev', 'qa']);
    expect(s.fleet.get(A, 'dev')).toMatchObject({ type: 'claude', cwd: '/work', team: 'red', env: { ORC_DB: '/x.db' }, briefing: 'hello', cliSession: '1', worktree: { branch: 'dev', base: 'abc' }, lostAt: null });
    expect(s.fleet.get(B, 'dev')).toMatchObject({ team: null });
    const removed = s.fleet.remove(A, 'dev');
    expect(removed?.name).toBe('dev');
    expect(s.fleet.remove(A, 'dev')).toBeNull();
    expect(s.fleet.list().map((e) => `${e.server}|${e.name}`)).toEqual([`${B}|dev`, `${A}|qa`]);
  });

  it('marks agents lost by pane on their own server only, once', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    s.fleet.record(entry('one', { paneId: '%1' }));
    s.fleet.record(entry('two', { paneId: '%2' }));
    s.fleet.record(entry('other', { server: B, paneId: '%1' }));
    expect(s.fleet.markLost(A, ['%1', '%2', '%9'], 5_000).map((e) => e.name)).toEqual(['one', 'two']);
    expect(s.fleet.markLost(A, ['%1'], 6_000)).toEqual([]);
    expect(s.fleet.get(A, 'one')?.lostAt).toBe(5_000);
    expect(s.fleet.get(B, 'other')?.lostAt).toBeNull();
    // Restored: running again in a new pane.
    s.fleet.found(A, 'one', '%7');
    expect(s.fleet.get(A, 'one')).toMatchObject({ paneId: '%7', lostAt: null });
  });

  it('marks missing those started before the first listing and not in it', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    s.fleet.record(entry('here', { paneId: '%1', spawnedAt: 1_000 }));
    s.fleet.record(entry('gone', { paneId: '%2', spawnedAt: 1_000 }));
    s.fleet.record(entry('new', { paneId: '%3', spawnedAt: 9_000 }));
    expect(s.fleet.markMissing(A, ['%1'], 5_000, 6_000).map((e) => e.name)).toEqual(['gone']);
  });

  it('is bounded: lost agents go first, then the oldest', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    const n = LIMITS.fleetMaxRows;
    s.db.transaction(() => {
      for (let i = 0; i < n; i++) s.fleet.record(entry(`a${i}`, { paneId: `%${i}`, spawnedAt: 1_000 + i }));
    })();
    s.fleet.markLost(A, ['%500'], 2_000);
    s.fleet.record(entry('extra', { paneId: '%x', spawnedAt: 9_999_999 }));
    expect(s.fleet.list().length).toBe(n);
    expect(s.fleet.get(A, 'a500')).toBeNull();
    s.fleet.record(entry('extra2', { paneId: '%y', spawnedAt: 9_999_999 }));
    expect(s.fleet.get(A, 'a0')).toBeNull();
    expect(s.fleet.list().length).toBe(n);
  });

  it('refuses bad input and changes nothing', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    expect(() => s.fleet.record(entry('x', { type: 'robot' as never }))).toThrow(/type must be one of/);
    expect(() => s.fleet.record(entry('x', { env: { A: 1 } as never }))).toThrow(/env must map names to strings/);
    expect(() => s.fleet.record(entry('x', { cwd: '' }))).toThrow(/cwd must be a non-empty string/);
    expect(s.fleet.list()).toEqual([]);
  });

  it("a 'lost' notification is open until each agent it names is back or forgotten", () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    const n = s.notifications.add({
      server: A, kind: 'lost', agent: 'one', agentId: 'local/%1', text: '2 agents lost',
      members: [{ agentId: 'local/%1', agent: 'one' }, { agentId: 'local/%2', agent: 'two' }],
    });
    expect(s.notifications.openCount()).toBe(1);
    // An agent's state never resolves it (no agent is ever in state 'lost').
    expect(s.notifications.openProblems(A)).toEqual([]);
    s.notifications.resolveAgent('local/%1', null, 10, A);
    expect(s.notifications.openCount()).toBe(1);
    expect(s.notifications.resolveLost(B, ['one', 'two'])).toEqual([]);
    s.notifications.resolveLost(A, ['one'], 20);
    expect(s.notifications.get(n.id)).toMatchObject({ resolvedAt: null, members: [{ agent: 'one', resolvedAt: 20 }, { agent: 'two', resolvedAt: null }] });
    s.notifications.resolveLost(A, ['two'], 30);
    expect(s.notifications.get(n.id)?.resolvedAt).toBe(30);
    expect(s.notifications.openCount()).toBe(0);
  });
});
