// Read-only access to the history database for the commands that need only the store.
import { openStore, type Store } from '../core/store/index.js';
import type { CliContext } from './context.js';

/** Open the database (as a reader unless `write`; never taking the lease), run `fn`, close. */
export async function withStore<T>(ctx: CliContext, fn: (store: Store) => T | Promise<T>, o: { write?: boolean } = {}): Promise<T> {
  const store = openStore({ path: ctx.dbPath, readonly: !o.write, onWarning: (w) => ctx.note(`tmux-orc: ${w}`) });
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

