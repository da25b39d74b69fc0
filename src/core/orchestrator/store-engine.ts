// The store-only engine: the contract's history methods (notifications, timelines, the review,
// metrics, messages, settings, templates) answered from the database alone, with no tmux
// connection. What `tmux-orc history`, `notifications` and `review` open: they read what the
// monitor recorded, work without a tmux server and start fast, yet go through the same dispatch
// and validation as every other call. Methods that need tmux answer 'unavailable'.
import { API_METHOD_NAMES, ApiError, type ApiHandlers, type EngineHost } from '../../shared/api.js';
import { openStore, type Store } from '../store/index.js';
import { guardHandlers } from './handler-guard.js';
import { storeHandlers } from './store-handlers.js';

export interface StoreEngineOptions {
  dbPath?: string;
  /** Open the database for writing (markRead, settings); default: as a reader. */
  write?: boolean;
  now?: () => number;
  onWarning?: (message: string) => void;
}

/** An engine on the store only (no events: nothing here changes by itself). */
export function createStoreEngine(o: StoreEngineOptions): EngineHost {
  const store: Store = openStore({ path: o.dbPath, readonly: !o.write, onWarning: o.onWarning });
  const now = o.now ?? Date.now;
  const needsTmux = Object.fromEntries(
    API_METHOD_NAMES.map((m) => [m, async () => Promise.reject(new ApiError('unavailable', `${m} needs tmux: this engine reads the history store only`))]),
  ) as unknown as ApiHandlers;
  const handlers: ApiHandlers = {
    ...needsTmux,
    // No live agents here: targets match what the history recorded (id, name or target).
    ...storeHandlers({
      store: () => store,
      now,
      findAgent: async () => null,
      // Messages are kept per tmux server: which one is asked needs tmux (the full engine).
      serverOf: () => {
        throw new ApiError('unavailable', 'messages are kept per tmux server: this engine reads the history store only');
      },
      servers: () => {
        throw new ApiError('unavailable', 'messages are kept per tmux server: this engine reads the history store only');
      },
      onSettings: () => undefined,
    }),
  };
  return {
    handlers: guardHandlers(handlers, { store: () => store, server: () => ({}) }),
    onEvent: () => () => undefined,
    close: async () => store.close(),
  };
}
