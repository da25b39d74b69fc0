// What main holds of the engine. The interface lives in the contract (src/shared/api.ts) so
// every shell (Electron, web server, CLI, tests) shares it; main adds its start-up options.
import type { EngineHost } from '../shared/api.js';

export type { EngineHost };

/** What main passes when it starts the engine. */
export interface EngineOptions {
  /** Electron's userData directory: the database and the shell's small state files live here. */
  dataDir: string;
  /** Which shell hosts the engine (reported by getStatus). */
  shell: 'desktop';
}

/** Starts an engine; main receives one so tests can hand it an in-memory engine instead. */
export type EngineFactory = (opts: EngineOptions) => Promise<EngineHost>;
