import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, migrations, openStore, SCHEMA_VERSION, schemaVersion, StoreError } from '../../../src/core/store/index.js';
import { useTempDir } from './temp.js';

const t = useTempDir();

const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );

describe('migrations', () => {
  it('are numbered 1..N in order', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(migrations.length);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
  });

  it('create every table from an empty file, in a directory that did not exist', () => {
    const path = join(t.dir(), 'a', 'b', 'orchestrator.db');
    const s = t.track(openStore({ path }));
    expect(existsSync(path)).toBe(true);
    expect(schemaVersion(s.db)).toBe(SCHEMA_VERSION);
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(s.db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(tables(s.db)).toEqual(
      expect.arrayContaining([
        'notifications',
        'transitions',
        'messages',
        'schedules',
        'settings',
        'lease',
        'metrics_raw',
        'metrics_minute',
        'metrics_hour',
        'agent_state_time',
        'team_templates',
        'screens',
      ]),
    );
    expect(s.templates.get('standard')).toMatchObject({ pmType: 'claude', engineerType: 'claude', engineers: 2 });
  });

  for (const from of migrations.slice(0, -1).map((m) => m.version)) {
    it(`upgrade a version ${from} file, keeping its rows`, () => {
      const path = t.dbPath();
      const raw = new Database(path);
      expect(migrate(raw, from)).toEqual(migrations.filter((m) => m.version <= from).map((m) => m.version));
      expect(schemaVersion(raw)).toBe(from);
      raw
        .prepare('INSERT INTO notifications (kind, agent, text, created_at) VALUES (?, ?, ?, ?)')
        .run('idle', 'eng-1', 'went idle', 1_000);
      raw.close();

      const s = t.track(openStore({ path }));
      expect(schemaVersion(s.db)).toBe(SCHEMA_VERSION);
      expect(s.notifications.list().map((n) => [n.agent, n.text, n.createdAt])).toEqual([['eng-1', 'went idle', 1_000]]);
      // what later versions added works too
      s.metrics.record(60_000, { agents: 2 });
      expect(s.metrics.series('agents', { from: 0, resolution: 'minute' })).toEqual([[60_000, 2]]);
      expect(s.templates.list().map((x) => x.name)).toContain('standard');
    });
  }

  it('upgrading to open problems counts older problems resolved when raised, with their agent as a member', () => {
    const path = t.dbPath();
    const raw = new Database(path);
    migrate(raw, 3);
    const ins = raw.prepare('INSERT INTO notifications (kind, agent, agent_id, text, created_at) VALUES (?, ?, ?, ?, ?)');
    ins.run('waiting', 'eng-1', 'local/%1', 'asks', 1_000);
    ins.run('idle', 'eng-2', 'local/%2', 'idle', 2_000);
    raw.close();
    const s = t.track(openStore({ path }));
    expect(s.notifications.openCount()).toBe(0);
    expect(s.notifications.list().map((n) => [n.kind, n.resolvedAt, n.members])).toEqual([
      ['idle', null, [{ agentId: 'local/%2', agent: 'eng-2', resolvedAt: 2_000 }]],
      ['waiting', 1_000, [{ agentId: 'local/%1', agent: 'eng-1', resolvedAt: 1_000 }]],
    ]);
  });

  it('is a no-op on an up-to-date file', () => {
    const path = t.dbPath();
    t.track(openStore({ path })).close();
    const raw = new Database(path);
    expect(migrate(raw)).toEqual([]);
    raw.close();
  });

  it('refuses to write a file from a newer build, and reads it with a warning', () => {
    const path = t.dbPath();
    t.track(openStore({ path })).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openStore({ path })).toThrow(StoreError);
    expect(() => openStore({ path })).toThrow(/newer than this build/);
    const r = t.track(openStore({ path, readonly: true }));
    expect(r.warnings.join('\n')).toMatch(/newer than this build/);
    expect(r.notifications.list()).toEqual([]);
  });
});
