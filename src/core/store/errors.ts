// One error type for everything the store refuses or cannot do. It is an ApiError so every
// boundary (IPC, web, CLI) reports it as one clear line with a code.
import { ApiError, type ApiErrorCode } from '../../shared/api.js';

/** Why the store failed: lets callers react (e.g. keep monitoring in memory on `disk_full`). */
export type StoreErrorKind =
  | 'bad_input'
  | 'not_found'
  | 'lease_held'
  | 'read_only'
  | 'disk_full'
  | 'io'
  | 'corrupt'
  | 'busy'
  | 'closed'
  | 'schema_newer'
  | 'limit';

const CODES: Record<StoreErrorKind, ApiErrorCode> = {
  bad_input: 'bad_input',
  not_found: 'not_found',
  lease_held: 'conflict',
  read_only: 'unavailable',
  disk_full: 'unavailable',
  io: 'unavailable',
  corrupt: 'unavailable',
  busy: 'unavailable',
  closed: 'unavailable',
  schema_newer: 'unavailable',
  limit: 'conflict',
};

export class StoreError extends ApiError {
  constructor(
    readonly kind: StoreErrorKind,
    message: string,
  ) {
    super(CODES[kind], message);
    this.name = 'StoreError';
  }
}

/** better-sqlite3's SqliteError carries `code` such as SQLITE_FULL or SQLITE_READONLY_DBMOVED. */
function sqliteCode(err: unknown): string | null {
  if (err && typeof err === 'object' && 'code' in err) {
    const code = (err as { code: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) return code;
  }
  return null;
}

export function isCorruptionError(err: unknown): boolean {
  const code = sqliteCode(err);
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || !!code?.startsWith('SQLITE_CORRUPT_');
}

/** Map a SQLite failure to a StoreError with one clear line; other errors pass through. */
export function toStoreError(err: unknown, path: string): unknown {
  if (err instanceof StoreError) return err;
  const code = sqliteCode(err);
  if (!code) return err;
  const detail = err instanceof Error ? err.message : String(err);
  if (code === 'SQLITE_FULL') return new StoreError('disk_full', `history database ${path}: disk full, write refused (${detail})`);
  if (code.startsWith('SQLITE_READONLY'))
    return new StoreError('read_only', `history database ${path} is read-only, write refused (${detail})`);
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code.startsWith('SQLITE_LOCKED'))
    return new StoreError('busy', `history database ${path} is locked by another process (${detail})`);
  if (isCorruptionError(err)) return new StoreError('corrupt', `history database ${path} is corrupt (${detail})`);
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM')
    return new StoreError('io', `history database ${path}: I/O error (${detail})`);
  return err;
}
