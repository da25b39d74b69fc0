// The database holds what agents were told and what they showed: only its owner may read it.
// The file, its WAL and its shared-memory file are 0600, also when an older build left 0644.
import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/core/store/index.js';
import { useTempDir } from './temp.js';

const t = useTempDir();
const mode = (p: string) => statSync(p).mode & 0o777;

describe('database file permissions', () => {
  it('a new database, its WAL and its SHM are 0600 whatever the umask', () => {
    const old = process.umask(0o022);
    try {
      const path = t.dbPath();
      const s = t.track(openStore({ path }));
      s.notifications.add({ kind: 'idle', text: 'something private' });
      for (const f of [path, `${path}-wal`, `${path}-shm`]) {
        expect(existsSync(f), f).toBe(true);
        expect(mode(f).toString(8), f).toBe('600');
      }
    } finally {
      process.umask(old);
    }
  });

  it('an existing 0644 database is tightened to 0600 when opened', () => {
    const path = t.dbPath();
    openStore({ path }).close();
    chmodSync(path, 0o644);
    writeFileSync(`${path}-wal`, '');
    chmodSync(`${path}-wal`, 0o644);
    const s = t.track(openStore({ path }));
    s.notifications.add({ kind: 'idle', text: 'x' });
    expect(mode(path).toString(8)).toBe('600');
    expect(mode(`${path}-wal`).toString(8)).toBe('600');
  });
});
