// IPC channel names shared by main and preload. Deliberately import-free (type imports are
// erased): the sandboxed preload bundle must not pull in zod and the contract's schemas.
import type { BRIDGE_GLOBAL } from '../shared/wire.js';

export const IPC_CHANNELS = {
  /** renderer → main: `invoke(call, method, input)` answered with a `CallReply`. */
  call: 'orc:call',
  /** main → renderer: one `ApiEvent`. */
  event: 'orc:event',
  /** main → renderer: show this agent (tray menu or notification click); payload: agent id. */
  navigate: 'orc:navigate',
} as const;

/** Same value as `BRIDGE_GLOBAL` in src/shared/wire.ts; the type checks they never drift. */
export const BRIDGE_NAME: typeof BRIDGE_GLOBAL = 'orcBridge';
