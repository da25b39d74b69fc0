// The app and the web shell follow the tmux server chosen in settings: at start, and live
// when settings.tmux changes (the monitor and its lease move to the new server).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createOrchestrator, type Orchestrator } from '../../src/core/orchestrator.js';
import { openStore } from '../../src/core/store/index.js';
import { dispatch } from '../../src/shared/api.js';
import type { AgentInfo, EngineStatus } from '../../src/shared/domain.js';
import { useTmuxServer } from '../helpers/tmux.js';
import { eventually, startFake } from '../cli/fake-agents.js';

const one = useTmuxServer();
const two = useTmuxServer();
const db = join(mkdtempSync(join(tmpdir(), 'orc-orch-set-')), 'orc.db');
let orc: Orchestrator | undefined;

afterAll(async () => {
  await orc?.close();
});

describe('orchestrator follows settings.tmux (desktop and web shells)', () => {
  it('starts on the configured server and moves when the setting changes', async () => {
    await startFake(one, 'a', 'on-one');
    await startFake(two, 'b', 'on-two');
    const store = openStore({ path: db });
    store.settings.update({ tmux: { socketName: one.name, socketPath: null } });
    store.close();
    orc = await createOrchestrator({ dbPath: db, shell: 'web' });
    const names = async () => ((await dispatch(orc!.handlers, 'listAgents', {})) as AgentInfo[]).map((a) => a.name);
    expect(orc.monitoring).toBe(true);
    expect(await names()).toEqual(['on-one']);
    await dispatch(orc.handlers, 'updateSettings', { tmux: { socketName: two.name } });
    await eventually(names, (n) => n.join() === 'on-two', 15_000);
    const s = (await dispatch(orc.handlers, 'getStatus', {})) as EngineStatus;
    expect(s.monitoring).toBe(true);
    expect(s.hosts[0]!.message).toContain(two.name);
  });
});
