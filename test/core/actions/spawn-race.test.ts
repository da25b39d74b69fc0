// Two processes spawning into a session that does not exist yet (found by the soak bench: 10
// spawns at once from 10 engines left 4 agents, and 7 of them reported the same pane): the
// losers of the new-session race took the winner's first pane for theirs and respawned it.
// Each spawn gets a pane of its own, exactly once, whoever created the session.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOrchestrator } from '../../../src/core/orchestrator.js';
import { dispatch } from '../../../src/shared/api.js';
import type { SpawnResult } from '../../../src/shared/domain.js';
import { FAKE_AGENT } from '../../helpers/fake-agent.js';
import { useTmuxServer } from '../../helpers/tmux.js';

const server = useTmuxServer();
const dir = mkdtempSync(join(tmpdir(), 'orc-spawn-race-'));
const env = { ...process.env, ORC_AGENT_CMD_CLAUDE: `node ${FAKE_AGENT}` };

/** A spawn through its own engine (its own tmux connection), as another process would. */
async function spawnElsewhere(name: string): Promise<SpawnResult> {
  const orc = await createOrchestrator({ socketName: server.name, dbPath: join(dir, 'orc.db'), monitor: false, shell: 'cli', env, timings: { readyMs: 20_000 } });
  try {
    return (await dispatch(orc.handlers, 'spawnAgent', { name, type: 'claude', session: 'crowd', cwd: dir })) as SpawnResult;
  } finally {
    await orc.close();
  }
}

describe('spawns racing to create one session', () => {
  it('each gets its own pane, each agent is there once', async () => {
    await server.newSession('base');
    const names = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'];
    const results = await Promise.all(names.map(spawnElsewhere));
    expect(results.map((r) => r.agent.name)).toEqual(names);
    expect(new Set(results.map((r) => r.agent.paneId)).size).toBe(names.length);
    const panes = (await server.tmux('list-panes', '-t', '=crowd', '-s', '-F', '#{pane_id} #{@orc-name}')).split('\n').sort();
    expect(panes).toEqual(results.map((r) => `${r.agent.paneId} ${r.agent.name}`).sort());
  }, 90_000);
});
