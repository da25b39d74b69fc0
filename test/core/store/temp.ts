// Per-test temp directories for real SQLite files, removed after each test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Store } from '../../../src/core/store/index.js';

export function useTempDir(): { dir: () => string; dbPath: () => string; track: (s: Store) => Store } {
  let current: string | null = null;
  const stores: Store[] = [];
  afterEach(() => {
    for (const s of stores.splice(0)) s.close();
    if (current) rmSync(current, { recursive: true, force: true });
    current = null;
  });
  const dir = () => (current ??= mkdtempSync(join(tmpdir(), 'orc-store-')));
  return {
    dir,
    dbPath: () => join(dir(), 'orchestrator.db'),
    track: (s) => {
      stores.push(s);
      return s;
    },
  };
}
