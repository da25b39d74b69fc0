// The shared plumbing of every sub-API: a cached statement per SQL text, write transactions
// that map SQLite failures to StoreError, and the warning channel.
import type Database from 'better-sqlite3';
import { StoreError, toStoreError } from './errors.js';

const MAX_CACHED_STATEMENTS = 256;

export interface StoreContext {
  readonly db: Database.Database;
  /** The file in use, or ':memory:' in degraded mode. */
  readonly path: string;
  /** A prepared statement, cached by its SQL text; `raw` ones return rows as arrays (cheaper). */
  stmt(sql: string, raw?: boolean): Database.Statement;
  /** Run `fn` in one IMMEDIATE transaction (or inside the current one); map SQLite failures. */
  write<T>(fn: () => T): T;
  /** Run a read; map SQLite failures. */
  read<T>(fn: () => T): T;
  warn(message: string): void;
  assertOpen(): void;
}

export function createContext(
  db: Database.Database,
  path: string,
  warn: (message: string) => void,
): StoreContext {
  const cache = new Map<string, Database.Statement>();
  const assertOpen = () => {
    if (!db.open) throw new StoreError('closed', 'the history store is closed');
  };
  const stmt = (sql: string, raw = false): Database.Statement => {
    const key = raw ? `raw:${sql}` : sql;
    let s = cache.get(key);
    if (!s) {
      // Dynamic filter combinations are few, but keep the cache bounded anyway.
      if (cache.size >= MAX_CACHED_STATEMENTS) cache.delete(cache.keys().next().value!);
      s = db.prepare(sql);
      if (raw) s.raw(true);
      cache.set(key, s);
    }
    return s;
  };
  const mapped = <T>(fn: () => T): T => {
    assertOpen();
    try {
      return fn();
    } catch (err) {
      const e = toStoreError(err, path);
      if (e instanceof StoreError && e.kind !== 'bad_input' && e.kind !== 'not_found' && e.kind !== 'limit') {
        warn(e.message);
      }
      throw e;
    }
  };
  return {
    db,
    path,
    stmt,
    write: (fn) => mapped(() => (db.inTransaction ? fn() : db.transaction(fn).immediate())),
    read: mapped,
    warn,
    assertOpen,
  };
}

/** Cut text to `max` characters, saying so, so no row can grow without bound. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = `… [${text.length - max} more characters dropped]`;
  return text.slice(0, Math.max(0, max - marker.length)) + marker;
}
