// What main holds of the engine. The interface lives in the contract (src/shared/api.ts) so
// every shell (Electron, web server, CLI, tests) shares it; main adds its start-up options.
import type { EngineHost } from '../shared/api.js';

export type { EngineHost };

/** What main passes when it starts the engine. */
export interface EngineOptions {
  /** Which shell hosts the engine (reported by getStatus). */
  shell: 'desktop';
  /** Path of a better-sqlite3 binary built for Electron's ABI, when not the one in node_modules. */
  nativeBinding?: string;
}

/** Starts an engine; main receives one so tests can hand it an in-memory engine instead. */
export type EngineFactory = (opts: EngineOptions) => Promise<EngineHost>;
