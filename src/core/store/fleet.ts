// The fleet manifest: every agent the product started (spawn, team deploy, restore), keyed by
// its tmux server (ServerIdentity key) and name, kept until it is killed on purpose. When an
// agent vanishes without a kill (its server died, its pane was closed from outside) the
// monitor marks it lost; `restore` starts the lost ones again from what is kept here.
import type { FleetEntry } from '../../shared/domain.js';
import { AGENT_ROLES, SPAWN_TYPES } from '../../shared/vocabulary.js';
import { clip, type StoreContext } from './context.js';
import { StoreError } from './errors.js';
import { LIMITS } from './limits.js';
import { epochMs, oneOf, optText, text } from './validate.js';

/** `lostAt` is only given to put a row back as it was. */
export type NewFleetEntry = Omit<FleetEntry, 'lostAt' | 'spawnedAt'> & { spawnedAt?: number; lostAt?: number | null };

export interface FleetApi {
  /** Keep an agent just started (replaces a row of the same server and name). */
  record(e: NewFleetEntry): FleetEntry;
  /** Forget an agent killed on purpose; returns the row it was (to put back if the kill fails). */
  remove(server: string, name: string): FleetEntry | null;
  /** Oldest first; one server's only when given. */
  list(server?: string): FleetEntry[];
  get(server: string, name: string): FleetEntry | null;
  /**
   * The agents in these panes vanished without a kill: mark those not already lost, at `at`.
   * Returns the rows newly marked (the lost-fleet notification names them).
   */
  markLost(server: string, paneIds: readonly string[], at?: number): FleetEntry[];
  /** Agents that should be on `server` but whose panes are not among `livePaneIds`, spawned before `before`: mark them lost. */
  markMissing(server: string, livePaneIds: readonly string[], before: number, at?: number): FleetEntry[];
  /** A lost agent runs again (restored) in `paneId`. */
  found(server: string, name: string, paneId: string): void;
}

interface Row {
  server: string;
  name: string;
  host: string;
  json: string;
  pane_id: string;
  spawned_at: number;
  lost_at: number | null;
}

type Details = Omit<FleetEntry, 'server' | 'name' | 'host' | 'paneId' | 'spawnedAt' | 'lostAt'>;

const COLUMNS = 'server, name, host, json, pane_id, spawned_at, lost_at';

const toEntry = (r: Row): FleetEntry => {
  const d = JSON.parse(r.json) as Details;
  return { server: r.server, name: r.name, host: r.host, ...d, paneId: r.pane_id, spawnedAt: r.spawned_at, lostAt: r.lost_at };
};

function stringRecord(v: unknown, what: string): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) {
    throw new StoreError('bad_input', `${what} must map names to strings`);
  }
  return { ...(v as Record<string, string>) };
}

function clean(e: NewFleetEntry): { row: Row; entry: FleetEntry } {
  if (!e || typeof e !== 'object') throw new StoreError('bad_input', 'a fleet entry must be an object');
  const wt = e.worktree;
  const details: Details = {
    type: oneOf(e.type, SPAWN_TYPES, 'type'),
    command: text(e.command, 'command'),
    cwd: text(e.cwd, 'cwd'),
    role: oneOf(e.role, AGENT_ROLES, 'role'),
    team: optText(e.team, 'team'),
    session: text(e.session, 'session'),
    env: stringRecord(e.env, 'env'),
    worktree: wt
      ? { path: text(wt.path, 'worktree path'), branch: text(wt.branch, 'worktree branch', true), baseBranch: text(wt.baseBranch, 'worktree base branch', true), base: text(wt.base, 'worktree base', true) }
      : null,
    briefing: e.briefing === null || e.briefing === undefined ? null : clip(text(e.briefing, 'briefing', true), LIMITS.fleetBriefingChars),
    cliSession: optText(e.cliSession, 'cliSession'),
  };
  const row = {
    server: text(e.server, 'server'),
    name: text(e.name, 'name'),
    host: text(e.host, 'host'),
    json: JSON.stringify(details),
    pane_id: text(e.paneId, 'paneId'),
    spawned_at: e.spawnedAt === undefined ? Date.now() : epochMs(e.spawnedAt, 'spawnedAt'),
    lost_at: e.lostAt === undefined || e.lostAt === null ? null : epochMs(e.lostAt, 'lostAt'),
  };
  return { row, entry: { server: row.server, name: row.name, host: row.host, ...details, paneId: row.pane_id, spawnedAt: row.spawned_at, lostAt: row.lost_at } };
}

export function createFleet(ctx: StoreContext): FleetApi {
  const get = (server: string, name: string): FleetEntry | null => {
    const r = ctx.stmt(`SELECT ${COLUMNS} FROM fleet WHERE server = ? AND name = ?`).get(server, name) as Row | undefined;
    return r ? toEntry(r) : null;
  };
  /** Beyond the bound, lost agents go first (oldest first), then the oldest of the rest. */
  const trim = () => {
    const { n } = ctx.stmt('SELECT count(*) AS n FROM fleet').get() as { n: number };
    if (n <= LIMITS.fleetMaxRows) return;
    ctx
      .stmt('DELETE FROM fleet WHERE id IN (SELECT id FROM fleet ORDER BY lost_at IS NULL, coalesce(lost_at, spawned_at), id LIMIT ?)')
      .run(n - LIMITS.fleetMaxRows);
  };
  const lost = (server: string, rows: Row[], at: number): FleetEntry[] => {
    const mark = ctx.stmt('UPDATE fleet SET lost_at = ? WHERE server = ? AND name = ? AND lost_at IS NULL');
    return rows.filter((r) => mark.run(at, server, r.name).changes > 0).map((r) => toEntry({ ...r, lost_at: at }));
  };
  return {
    record: (e) => {
      const { row, entry } = clean(e);
      return ctx.write(() => {
        ctx
          .stmt(
            `INSERT INTO fleet (server, name, host, json, pane_id, spawned_at, lost_at) VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (server, name) DO UPDATE SET host = excluded.host, json = excluded.json, pane_id = excluded.pane_id,
               spawned_at = excluded.spawned_at, lost_at = excluded.lost_at`,
          )
          .run(row.server, row.name, row.host, row.json, row.pane_id, row.spawned_at, row.lost_at);
        trim();
        return entry;
      });
    },
    remove: (server, name) =>
      ctx.write(() => {
        const had = get(text(server, 'server'), text(name, 'name'));
        if (had) ctx.stmt('DELETE FROM fleet WHERE server = ? AND name = ?').run(server, name);
        return had;
      }),
    list: (server) =>
      ctx.read(() =>
        (server === undefined
          ? ctx.stmt(`SELECT ${COLUMNS} FROM fleet ORDER BY id`).all()
          : ctx.stmt(`SELECT ${COLUMNS} FROM fleet WHERE server = ? ORDER BY id`).all(server)
        ).map((r) => toEntry(r as Row)),
      ),
    get: (server, name) => ctx.read(() => get(server, name)),
    markLost: (server, paneIds, at = Date.now()) => {
      const when = epochMs(at, 'lost time');
      if (!paneIds.length) return [];
      return ctx.write(() => {
        const rows = ctx
          .stmt(`SELECT ${COLUMNS} FROM fleet WHERE server = ? AND lost_at IS NULL AND pane_id IN (SELECT value FROM json_each(?)) ORDER BY id`)
          .all(server, JSON.stringify(paneIds)) as Row[];
        return lost(server, rows, when);
      });
    },
    markMissing: (server, livePaneIds, before, at = Date.now()) => {
      const when = epochMs(at, 'lost time');
      return ctx.write(() => {
        const rows = ctx
          .stmt(
            `SELECT ${COLUMNS} FROM fleet WHERE server = ? AND lost_at IS NULL AND spawned_at < ?
             AND pane_id NOT IN (SELECT value FROM json_each(?)) ORDER BY id`,
          )
          .all(server, epochMs(before, 'before'), JSON.stringify(livePaneIds)) as Row[];
        return lost(server, rows, when);
      });
    },
    found: (server, name, paneId) =>
      void ctx.write(() => ctx.stmt('UPDATE fleet SET pane_id = ?, lost_at = NULL WHERE server = ? AND name = ?').run(text(paneId, 'paneId'), server, name)),
  };
}
