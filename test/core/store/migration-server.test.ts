// Migration 4: rows written before stored keys named their tmux server get one; queued messages
// (which server they were for can't be known) are closed rather than typed into a guess.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openStore } from '../../../src/core/store/index.js';
import { ServerIdentity } from '../../../src/core/tmux/index.js';
import { useTempDir } from './temp.js';

const t = useTempDir();

describe('migration 4: the tmux server in every stored key', () => {
  it('attributes old local rows to the default server, remote rows to their host, and closes queued messages', () => {
    const path = join(t.dir(), 'old.db');
    const raw = new Database(path);
    migrate(raw, 3);
    const at = Date.now();
    const msg = raw.prepare('INSERT INTO messages (agent, target, text, status, reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    msg.run('dev', 'local/%1', 'old delivered', 'delivered', '', at, at);
    msg.run('dev', 'local/%1', 'old queued', 'queued', 'queued (agent busy)', at, at);
    msg.run('ops', 'me@box/%4', 'remote', 'delivered', '', at, at);
    raw.prepare('INSERT INTO transitions (agent_id, agent, target, team, from_state, to_state, at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run('local/%1', 'dev', 's:1.0', null, 'busy', 'idle', at, 'quiet');
    raw.prepare('INSERT INTO schedules (target, text, next_at, every_ms, created_at) VALUES (?, ?, ?, ?, ?)').run('dev', 'hi', at + 60_000, null, at);
    raw.prepare('INSERT INTO lease (server_key, token, pid, host, app, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run('local:default', 'x', 1, 'h', 'old', at, at);
    raw.close();

    const s = t.track(openStore({ path }));
    const local = ServerIdentity.of({}, { TMUX_TMPDIR: process.env.TMUX_TMPDIR }).key();
    const rows = s.messages.list({ limit: 10 }).sort((a, b) => a.id - b.id);
    expect(rows.map((r) => [r.text, r.server, r.status])).toEqual([
      ['old delivered', local, 'delivered'],
      ['old queued', local, 'failed'],
      ['remote', 'me@box:~/default', 'delivered'],
    ]);
    expect(rows[1]!.reason).toMatch(/which server it was for is unknown/);
    expect(s.schedules.list(local)).toHaveLength(1);
    expect(s.schedules.list('local:/elsewhere')).toHaveLength(0);
    expect((s.db.prepare('SELECT server FROM transitions').get() as { server: string }).server).toBe(local);
    expect(s.lease.current('local:default')).toBeNull();
  });
});
