// The queue with the real monitor: actions use the monitor's registry as their directory and
// its agentChanged events to deliver a busy agent's queued messages the moment it is idle.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createActions } from '../../../src/core/actions/index.js';
import { createMonitor } from '../../../src/core/monitor/index.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { eventually, FAKE_CMD, logged, useRig } from './helpers.js';
import { onOneHost } from '../../helpers/act.js';

const rig = useRig();

describe('queue driven by the monitor', () => {
  it('delivers queued messages in order, each once, as the agent goes idle', async () => {
    const log = rig.logPath('mq');
    await rig.actions.spawnAgent({ name: 'mq', type: 'claude', cwd: rig.dir, env: { FAKE_AGENT_LOG: log } });
    const monitor = createMonitor({ conn: rig.conn, settings: DEFAULT_SETTINGS, store: rig.store });
    await monitor.start();
    const actions = onOneHost(createActions({ conn: rig.conn, store: rig.store, directory: { list: () => monitor.agents() }, env: { ...process.env, ORC_AGENT_CMD_CLAUDE: FAKE_CMD } }));
    const stop = actions.startQueue((listener) =>
      monitor.onEvent((e) => {
        if (e.type === 'agentChanged') listener(e.agent);
      }),
    );
    try {
      expect((await actions.sendMessage({ target: 'mq', text: 'work 800ms' })).status).toBe('delivered');
      const q1 = await actions.sendMessage({ target: 'mq', text: 'work 300ms' });
      const q2 = await actions.sendMessage({ target: 'mq', text: 'second queued' });
      expect([q1.status, q2.status]).toEqual(['queued', 'queued']);
      expect(q1.reason).toMatch(/will be delivered when mq is idle/);
      await eventually(() => rig.store.messages.get(q2.messageId!)?.status === 'delivered', 15_000, 'both queued delivered');
      expect(rig.store.messages.get(q1.messageId!)?.status).toBe('delivered');
      expect(logged(log)).toEqual(['work 800ms', 'work 300ms', 'second queued']);
    } finally {
      stop();
      actions.close();
      monitor.stop();
    }
  });

  it('a row claimed by a deliverer that was then killed (SIGKILL) is typed by the next one, once, saying so', async () => {
    const log = rig.logPath('orphan');
    await rig.actions.spawnAgent({ name: 'orphan', type: 'claude', cwd: rig.dir, env: { FAKE_AGENT_LOG: log } });
    expect((await rig.actions.sendMessage({ target: 'orphan', text: 'work 1s' })).status).toBe('delivered');
    const q = await rig.actions.sendMessage({ target: 'orphan', text: 'claimed by the dead' });
    expect(q.status).toBe('queued');
    // A real deliverer process claims it (as just before typing) and is killed.
    const claimer = fileURLToPath(new URL('../store/fixtures/claim-and-hang.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', claimer, join(rig.dir, 'orc.db'), String(q.messageId)], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const said = await new Promise<string>((resolve, reject) => {
        child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
        child.once('exit', () => reject(new Error('claimer exited early')));
      });
      expect(JSON.parse(said)).toEqual({ claimed: true, tookOverFrom: null });
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((r) => child.once('exit', r));
    // The next deliverer (this process's queue, reading rows queued elsewhere) takes it over.
    const stop = rig.actions.startQueue(() => () => undefined);
    try {
      await eventually(() => rig.store.messages.get(q.messageId!)?.status === 'delivered', 20_000, 'orphaned row delivered');
    } finally {
      stop();
    }
    expect(rig.store.messages.get(q.messageId!)?.reason).toMatch(new RegExp(`\\(was queued; typed again: its deliverer \\(.+, pid ${child.pid}\\) stopped while typing it\\)$`));
    await eventually(() => logged(log).length === 2, 5_000, 'logged');
    expect(logged(log)).toEqual(['work 1s', 'claimed by the dead']);
  });
});
