// Shared set-up for the actions tests: a private tmux server with a control-mode connection,
// a real SQLite store in a temp dir, actions whose `claude` is the fake agent, and helpers to
// read the fake agent's message log.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createActions, type ActionTimings } from '../../../src/core/actions/index.js';
import { onOneHost, type ActCalls } from '../../helpers/act.js';
import { openStore, type Store } from '../../../src/core/store/index.js';
import { connectTmux, type TmuxConnection } from '../../../src/core/tmux/index.js';
import { useTmuxServer, type TmuxServer } from '../../helpers/tmux.js';
import { FAKE_AGENT } from '../../helpers/fake-agent.js';

export const FAKE_CMD = `node ${FAKE_AGENT}`;

export interface Rig {
  server: TmuxServer;
  conn: TmuxConnection;
  store: Store;
  /** The actions, called with contract inputs as dispatch calls them. */
  actions: ActCalls;
  dir: string;
  /** A fresh log path for one fake agent. */
  logPath(name: string): string;
}

export function useRig(timings: Partial<ActionTimings> = {}): Rig {
  const server = useTmuxServer();
  const dir = mkdtempSync(join(tmpdir(), 'orc-actions-'));
  const conn = connectTmux({ socketName: server.name });
  const store = openStore({ path: join(dir, 'orc.db') });
  const actions = onOneHost(createActions({
    conn,
    store,
    env: { ...process.env, ORC_AGENT_CMD_CLAUDE: FAKE_CMD },
    timings: { readyMs: 15_000, ...timings },
  }));
  afterAll(() => {
    actions.close();
    conn.close();
    store.close();
  });
  return { server, conn, store, actions, dir, logPath: (name) => join(dir, `${name}.jsonl`) };
}

export { fakeAgentMessages as logged } from '../../helpers/fake-agent.js';

/** Poll until `fn` returns true (a deadline, not a fixed sleep). */
export async function eventually(fn: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${what} not met within ${timeoutMs} ms`);
}
