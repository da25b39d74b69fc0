// What every handler gets around it: durable writes refused on a store that would lose them,
// and every error coming out as an ApiError with one clear line.
import type { ApiHandlers } from '../../shared/api.js';
import { StoreError, type Store } from '../store/index.js';
import { toEngineError } from './errors.js';
import type { Server } from './options.js';

/** Calls whose whole point is to be kept: with the database unwritable they fail, saying what was lost. */
const DURABLE_WRITES: Partial<Record<keyof ApiHandlers, string>> = {
  schedule: 'the schedule was not saved',
  cancelSchedule: 'the schedule was not cancelled',
  updateSettings: 'the settings were not saved',
  saveTeamTemplate: 'the team template was not saved',
  markRead: 'nothing was marked read',
};

export interface HandlerGuardDeps {
  store: () => Store;
  /** The local server, as errors name it. */
  server: () => Server;
}

export function guardHandlers(h: ApiHandlers, d: HandlerGuardDeps): ApiHandlers {
  const out: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const [name, fn] of Object.entries(h) as [string, (input: unknown) => Promise<unknown>][]) {
    const durable = DURABLE_WRITES[name as keyof ApiHandlers];
    out[name] = async (input) => {
      try {
        if (durable) requireDurableStore(d.store(), durable);
        return await fn(input);
      } catch (err) {
        throw toEngineError(err, d.server());
      }
    };
  }
  return out as ApiHandlers;
}

/**
 * A store that will keep what is written. A degraded one (file unwritable at open: history in
 * memory) would take the write and lose it at exit, so the action fails instead.
 */
function requireDurableStore(store: Store, what: string): void {
  const degraded = store.degraded;
  if (degraded) throw new StoreError('read_only', `${degraded.replace(/; keeping history in memory only until restart$/, '')}: ${what}`);
}
