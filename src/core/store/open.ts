// Opening the file: directory creation, pragmas, corruption handling and the degraded
// in-memory fallback. See README.md in this folder for the fault policy.
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { isCorruptionError, StoreError, toStoreError } from './errors.js';
import { migrate, SCHEMA_VERSION, schemaVersion } from './migrations.js';

export const BUSY_TIMEOUT_MS = 5_000;

export interface OpenedDatabase {
  db: Database.Database;
  /** The file in use, or ':memory:' when degraded. */
  path: string;
  readonly: boolean;
  /** Why the store runs in memory, or null when it uses its file. */
  degraded: string | null;
}

type Warn = (message: string) => void;

function applyPragmas(db: Database.Database, fresh: boolean): void {
  // auto_vacuum can only be chosen before the first table exists; it lets retention give
  // pages back to the file system (incremental_vacuum) so the file stays bounded.
  if (fresh) db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Auto-checkpoints keep the WAL near 4 MB; this truncates it back after a big transaction.
  db.pragma('journal_size_limit = 8388608');
  db.pragma('foreign_keys = ON');
}

function isFresh(db: Database.Database): boolean {
  const row = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
  return row.n === 0;
}

function checkIntegrity(db: Database.Database): void {
  const rows = db.pragma('quick_check(1)') as { quick_check: string }[];
  const result = rows[0]?.quick_check ?? 'no result';
  if (result !== 'ok') {
    const err = new Error(`integrity check failed: ${result}`) as Error & { code: string };
    err.code = 'SQLITE_CORRUPT';
    throw err;
  }
}

/** better-sqlite3 constructor options shared by every open (Electron passes its own native build). */
export interface DriverOptions {
  nativeBinding?: string;
}

/**
 * Owner-only: the file holds what agents were told and showed. Created 0600 before SQLite opens
 * it (SQLite gives the WAL and SHM the main file's mode); files an older build left wider are
 * tightened. Best effort: a file of another user's is theirs to keep.
 */
function ownerOnly(path: string): void {
  try {
    closeSync(openSync(path, 'a', 0o600));
  } catch {
    return; // not creatable: the open below says why
  }
  for (const f of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      if ((statSync(f).mode & 0o077) !== 0) chmodSync(f, 0o600);
    } catch {
      // absent, or not ours
    }
  }
}

function openFile(path: string, driver: DriverOptions): Database.Database {
  ownerOnly(path);
  const db = new Database(path, { ...driver, timeout: BUSY_TIMEOUT_MS });
  try {
    // SQLite silently falls back to read-only when it may not write the file.
    if (db.readonly) throw Object.assign(new Error('the file is not writable'), { code: 'SQLITE_READONLY' });
    const fresh = isFresh(db); // the first read: throws SQLITE_NOTADB on garbage
    applyPragmas(db, fresh);
    if (!fresh) checkIntegrity(db);
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/** Move a corrupt file (and its WAL) aside as `<name>.corrupt-<timestamp>`; returns the new name. */
export function moveAside(path: string, now: Date = new Date()): string {
  const aside = `${path}.corrupt-${stamp(now)}`;
  renameSync(path, aside);
  // Keep the WAL beside its file under SQLite's naming, so the aside copy opens as it was.
  if (existsSync(`${path}-wal`)) renameSync(`${path}-wal`, `${aside}-wal`);
  rmSync(`${path}-shm`, { force: true });
  return aside;
}

export function openMemory(driver: DriverOptions = {}): Database.Database {
  const db = new Database(':memory:', driver);
  migrate(db);
  return db;
}

function degrade(path: string, err: unknown, warn: Warn, driver: DriverOptions): OpenedDatabase {
  const e = toStoreError(err, path);
  const detail = e instanceof Error ? e.message : String(e);
  const message = `history database ${path} cannot be written (${detail}); keeping history in memory only until restart`;
  warn(message);
  return { db: openMemory(driver), path: ':memory:', readonly: false, degraded: message };
}

function openWritable(path: string, warn: Warn, driver: DriverOptions): OpenedDatabase {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (err) {
    return degrade(path, err, warn, driver);
  }
  try {
    return { db: openFile(path, driver), path, readonly: false, degraded: null };
  } catch (err) {
    if (err instanceof StoreError && err.kind === 'schema_newer') throw err;
    const mapped = toStoreError(err, path);
    // Locked for longer than the busy timeout: say so rather than silently dropping history.
    if (mapped instanceof StoreError && mapped.kind === 'busy') throw mapped;
    if (!isCorruptionError(err)) return degrade(path, err, warn, driver);
    const detail = err instanceof Error ? err.message : String(err);
    let aside: string;
    try {
      aside = moveAside(path);
    } catch (moveErr) {
      const why = moveErr instanceof Error ? moveErr.message : String(moveErr);
      return degrade(path, new StoreError('corrupt', `corrupt (${detail}) and could not be moved aside: ${why}`), warn, driver);
    }
    warn(`history database ${path} was corrupt (${detail}); moved it aside to ${aside} and started a new one`);
  }
  try {
    return { db: openFile(path, driver), path, readonly: false, degraded: null };
  } catch (err) {
    return degrade(path, err, warn, driver);
  }
}

function openReadonly(path: string, warn: Warn, driver: DriverOptions): OpenedDatabase {
  // A reader may be first: create or upgrade the file through a short writable open.
  if (!existsSync(path) || needsMigration(path, driver)) {
    const w = openWritable(path, warn, driver);
    w.db.close();
    if (w.degraded) return { db: openMemory(driver), path: ':memory:', readonly: true, degraded: w.degraded };
  }
  const db = new Database(path, { ...driver, readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    const v = schemaVersion(db);
    if (v > SCHEMA_VERSION) warn(`history database schema ${v} is newer than this build (${SCHEMA_VERSION}); reading anyway`);
  } catch (err) {
    db.close();
    throw toStoreError(err, path);
  }
  return { db, path, readonly: true, degraded: null };
}

function needsMigration(path: string, driver: DriverOptions): boolean {
  try {
    const db = new Database(path, { ...driver, readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    try {
      return schemaVersion(db) < SCHEMA_VERSION;
    } finally {
      db.close();
    }
  } catch (err) {
    throw toStoreError(err, path);
  }
}

export function openDatabase(path: string, readonly: boolean, warn: Warn, driver: DriverOptions = {}): OpenedDatabase {
  if (path === ':memory:') return { db: openMemory(driver), path, readonly: false, degraded: null };
  return readonly ? openReadonly(path, warn, driver) : openWritable(path, warn, driver);
}
