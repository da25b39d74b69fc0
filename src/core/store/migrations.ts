// Versioned, forward-only schema migrations. `PRAGMA user_version` holds the version applied;
// each step runs in its own transaction, so a crash mid-migration leaves the previous version.
// Never edit a released step: append a new one.
import type Database from 'better-sqlite3';
import { StoreError } from './errors.js';
import { LOCAL_HOST as LOCAL } from '../../shared/hosts.js';
import { ServerIdentity } from '../tmux/index.js';

export interface Migration {
  version: number;
  name: string;
  up: (db: Database.Database) => void;
}

const DEFAULT_TEMPLATE = {
  name: 'standard',
  description: 'A Claude project manager and two Claude engineers.',
  pmType: 'claude',
  engineerType: 'claude',
  engineers: 2,
  qa: false,
  briefing: '',
  cwd: null,
};

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'core tables: notifications, transitions, messages, schedules, settings, lease',
    up: (db) =>
      db.exec(`
        CREATE TABLE notifications (
          id INTEGER PRIMARY KEY,
          kind TEXT NOT NULL,
          agent TEXT,
          agent_id TEXT,
          team TEXT,
          text TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          read_at INTEGER
        );
        CREATE INDEX notifications_created ON notifications(created_at);
        CREATE INDEX notifications_unread ON notifications(created_at) WHERE read_at IS NULL;
        CREATE INDEX notifications_agent ON notifications(agent, created_at);
        CREATE INDEX notifications_agent_id ON notifications(agent_id, created_at);

        CREATE TABLE transitions (
          id INTEGER PRIMARY KEY,
          agent_id TEXT NOT NULL,
          agent TEXT NOT NULL,
          target TEXT NOT NULL,
          team TEXT,
          from_state TEXT NOT NULL,
          to_state TEXT NOT NULL,
          at INTEGER NOT NULL,
          reason TEXT NOT NULL
        );
        CREATE INDEX transitions_agent_id ON transitions(agent_id, at);
        CREATE INDEX transitions_agent ON transitions(agent, at);
        CREATE INDEX transitions_at ON transitions(at);

        CREATE TABLE messages (
          id INTEGER PRIMARY KEY,
          agent TEXT NOT NULL,
          target TEXT NOT NULL,
          text TEXT NOT NULL,
          status TEXT NOT NULL,
          reason TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE INDEX messages_created ON messages(created_at);
        CREATE INDEX messages_agent ON messages(agent, created_at);
        CREATE INDEX messages_target ON messages(target, created_at);

        CREATE TABLE schedules (
          id INTEGER PRIMARY KEY,
          target TEXT NOT NULL,
          text TEXT NOT NULL,
          next_at INTEGER NOT NULL,
          every_ms INTEGER,
          created_at INTEGER NOT NULL,
          last_run_at INTEGER,
          cancelled INTEGER NOT NULL DEFAULT 0,
          finished_at INTEGER
        );
        CREATE INDEX schedules_due ON schedules(next_at) WHERE cancelled = 0 AND finished_at IS NULL;

        CREATE TABLE settings (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          json TEXT NOT NULL,
          updated_at INTEGER NOT NULL
        );

        CREATE TABLE lease (
          server_key TEXT PRIMARY KEY,
          token TEXT NOT NULL,
          pid INTEGER NOT NULL,
          host TEXT NOT NULL,
          app TEXT NOT NULL,
          acquired_at INTEGER NOT NULL,
          heartbeat_at INTEGER NOT NULL
        );
      `),
  },
  {
    version: 2,
    name: 'metrics: raw samples, per-minute and per-hour rollups, agent state time per day',
    up: (db) =>
      db.exec(`
        CREATE TABLE metrics_raw (
          id INTEGER PRIMARY KEY,
          at INTEGER NOT NULL,
          name TEXT NOT NULL,
          value REAL NOT NULL
        );
        CREATE INDEX metrics_raw_at ON metrics_raw(at);

        CREATE TABLE metrics_minute (
          name TEXT NOT NULL,
          bucket INTEGER NOT NULL,
          count INTEGER NOT NULL,
          sum REAL NOT NULL,
          min REAL NOT NULL,
          max REAL NOT NULL,
          PRIMARY KEY (name, bucket)
        ) WITHOUT ROWID;
        CREATE INDEX metrics_minute_bucket ON metrics_minute(bucket);

        CREATE TABLE metrics_hour (
          name TEXT NOT NULL,
          bucket INTEGER NOT NULL,
          count INTEGER NOT NULL,
          sum REAL NOT NULL,
          min REAL NOT NULL,
          max REAL NOT NULL,
          PRIMARY KEY (name, bucket)
        ) WITHOUT ROWID;
        CREATE INDEX metrics_hour_bucket ON metrics_hour(bucket);

        CREATE TABLE agent_state_time (
          agent TEXT NOT NULL,
          day INTEGER NOT NULL,
          state TEXT NOT NULL,
          ms INTEGER NOT NULL,
          PRIMARY KEY (agent, day, state)
        ) WITHOUT ROWID;
        CREATE INDEX agent_state_time_day ON agent_state_time(day);
      `),
  },
  {
    version: 3,
    name: 'team templates (seeded with "standard") and saved screens of killed agents',
    up: (db) => {
      db.exec(`
        CREATE TABLE team_templates (
          name TEXT PRIMARY KEY,
          json TEXT NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE TABLE screens (
          id INTEGER PRIMARY KEY,
          agent_id TEXT NOT NULL,
          agent TEXT NOT NULL,
          target TEXT NOT NULL,
          text TEXT NOT NULL,
          reason TEXT NOT NULL,
          saved_at INTEGER NOT NULL
        );
        CREATE INDEX screens_agent_id ON screens(agent_id, saved_at);
        CREATE INDEX screens_agent ON screens(agent, saved_at);
      `);
      db.prepare('INSERT OR IGNORE INTO team_templates (name, json, updated_at) VALUES (?, ?, ?)').run(
        DEFAULT_TEMPLATE.name,
        JSON.stringify(DEFAULT_TEMPLATE),
        Date.now(),
      );
    },
  },
  {
    version: 4,
    name: 'every row that names a pane carries its tmux server (ServerIdentity key)',
    up: (db) => {
      // Earlier builds keyed panes by `<host>/%N` only. Which local server a row was for can't
      // be known now: an unnamed server was always the default one (those builds dropped
      // $TMUX), so local rows are attributed to the default server and remote rows to their
      // host's default server. History (transitions, notifications, screens) and schedules
      // keep that attribution; messages still QUEUED are closed as failed instead, because
      // typing one into the default server's pane of the same id may be the wrong agent.
      const local = ServerIdentity.of({}, { TMUX_TMPDIR: process.env.TMUX_TMPDIR }).key();
      db.function('orc_server_of', { deterministic: true }, (agentId: unknown) => {
        const host = typeof agentId === 'string' && agentId.includes('/') ? agentId.slice(0, agentId.lastIndexOf('/')) : LOCAL;
        return host === LOCAL || host === '' ? local : ServerIdentity.of({ host }).key();
      });
      for (const table of ['messages', 'schedules', 'transitions', 'notifications', 'screens']) {
        db.exec(`ALTER TABLE ${table} ADD COLUMN server TEXT NOT NULL DEFAULT ''`);
      }
      db.exec(`
        UPDATE messages SET server = orc_server_of(target);
        UPDATE schedules SET server = orc_server_of(NULL);
        UPDATE transitions SET server = orc_server_of(agent_id);
        UPDATE notifications SET server = orc_server_of(agent_id);
        UPDATE screens SET server = orc_server_of(agent_id);
        DELETE FROM lease;
        CREATE INDEX messages_server_status ON messages(server, status, created_at);
        CREATE INDEX schedules_server ON schedules(server);
      `);
      db.prepare(
        `UPDATE messages SET status = 'failed', updated_at = ?,
          reason = 'not delivered: queued before messages named their tmux server, so which server it was for is unknown'
          WHERE status = 'queued'`,
      ).run(Date.now());
    },
  },
  {
    version: 5,
    name: 'notifications as open problems: resolved_at, and the agents each one is about (grouped bursts)',
    up: (db) =>
      db.exec(`
        ALTER TABLE notifications ADD COLUMN resolved_at INTEGER;
        -- Rows from before this version were never tracked: count them as resolved when raised,
        -- rather than showing months-old problems as open.
        UPDATE notifications SET resolved_at = created_at
          WHERE kind IN ('waiting', 'unsubmitted', 'rate_limited', 'crashed', 'error');
        CREATE INDEX notifications_open ON notifications(created_at) WHERE resolved_at IS NULL;

        CREATE TABLE notification_agents (
          notification_id INTEGER NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
          seq INTEGER NOT NULL,
          agent_id TEXT NOT NULL,
          agent TEXT NOT NULL,
          resolved_at INTEGER,
          PRIMARY KEY (notification_id, seq)
        ) WITHOUT ROWID;
        CREATE INDEX notification_agents_open ON notification_agents(agent_id) WHERE resolved_at IS NULL;
        INSERT INTO notification_agents (notification_id, seq, agent_id, agent, resolved_at)
          SELECT id, 0, agent_id, coalesce(agent, agent_id), created_at FROM notifications WHERE agent_id IS NOT NULL;
      `),
  },
  {
    version: 6,
    name: 'time in each state per day is kept per tmux server and team (the performance review groups by them)',
    up: (db) => {
      // Rows from before this version named the agent only: they are attributed to the default
      // local server (as version 4 did for history) and to the team the agent's newest stored
      // transition names, or none.
      const local = ServerIdentity.of({}, { TMUX_TMPDIR: process.env.TMUX_TMPDIR }).key();
      db.exec(`
        CREATE TABLE agent_state_time_v6 (
          server TEXT NOT NULL,
          agent TEXT NOT NULL,
          team TEXT NOT NULL,
          day INTEGER NOT NULL,
          state TEXT NOT NULL,
          ms INTEGER NOT NULL,
          PRIMARY KEY (server, agent, team, day, state)
        ) WITHOUT ROWID;
      `);
      db.prepare(
        `INSERT INTO agent_state_time_v6 (server, agent, team, day, state, ms)
           SELECT ?, s.agent,
             coalesce((SELECT t.team FROM transitions t WHERE t.agent = s.agent ORDER BY t.at DESC LIMIT 1), ''),
             s.day, s.state, s.ms
           FROM agent_state_time s`,
      ).run(local);
      db.exec(`
        DROP TABLE agent_state_time;
        ALTER TABLE agent_state_time_v6 RENAME TO agent_state_time;
        CREATE INDEX agent_state_time_day ON agent_state_time(day);
        CREATE INDEX transitions_to_at ON transitions(to_state, at);
        CREATE INDEX transitions_from_at ON transitions(from_state, at);
      `);
    },
  },
  {
    version: 7,
    name: 'fleet manifest: every agent the product started, by tmux server and name, until killed on purpose',
    up: (db) =>
      db.exec(`
        CREATE TABLE fleet (
          id INTEGER PRIMARY KEY,
          server TEXT NOT NULL,
          name TEXT NOT NULL,
          host TEXT NOT NULL,
          json TEXT NOT NULL,
          pane_id TEXT NOT NULL,
          spawned_at INTEGER NOT NULL,
          lost_at INTEGER,
          UNIQUE (server, name)
        );
        CREATE INDEX fleet_server_pane ON fleet(server, pane_id);
      `),
  },
  {
    version: 8,
    name: 'a queued message being typed names its deliverer (host.pid) and when it claimed it: the claim of a dead deliverer is taken over',
    // Rows claimed by an earlier build (reason 'being delivered now') get their claim time and
    // no deliverer: stale once older than the claim bound, then typed again or cancellable.
    up: (db) =>
      db.exec(`
        ALTER TABLE messages ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
        ALTER TABLE messages ADD COLUMN claimed_at INTEGER;
        UPDATE messages SET claimed_at = updated_at WHERE status = 'queued' AND reason = 'being delivered now';
      `),
  },
];

export const SCHEMA_VERSION = migrations[migrations.length - 1]!.version;

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Bring the database up to `target` (default: the latest). Returns the versions applied.
 * A file written by a newer build is refused rather than guessed at.
 */
export function migrate(db: Database.Database, target: number = SCHEMA_VERSION): number[] {
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION) {
    throw new StoreError(
      'schema_newer',
      `history database schema is version ${current}, newer than this build knows (${SCHEMA_VERSION}); update tmux-orchestrator`,
    );
  }
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= current || m.version > target) continue;
    // IMMEDIATE: take the write lock first, so two processes opening a fresh file at once
    // serialise instead of both trying to create the tables.
    db.transaction(() => {
      if (schemaVersion(db) >= m.version) return;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
      applied.push(m.version);
    }).immediate();
  }
  return applied;
}
