// The queue with the real monitor: actions use the monitor's registry as their directory and
// its agentChanged events to deliver a busy agent's queued messages the moment it is idle.
import { describe, expect, it } from 'vitest';
import { createActions } from '../../../src/core/actions/index.js';
import { createMonitor } from '../../../src/core/monitor/index.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { eventually, FAKE_CMD, logged, useRig } from './helpers.js';

const rig = useRig();

describe('queue driven by the monitor', () => {
  it('delivers queued messages in order, each once, as the agent goes idle', async () => {
    const log = rig.logPath('mq');
    await rig.actions.spawnAgent({ name: 'mq', type: 'claude', cwd: rig.dir, env: { FAKE_AGENT_LOG: log } });
    const monitor = createMonitor({ conn: rig.conn, settings: DEFAULT_SETTINGS, store: rig.store });
    await monitor.start();
    const actions = createActions({ conn: rig.conn, store: rig.store, directory: { list: () => monitor.agents() }, env: { ...process.env, ORC_AGENT_CMD_CLAUDE: FAKE_CMD } });
    const stop = actions.startQueue((listener) =>
      monitor.onEvent((e) => {
        if (e.type === 'agentChanged') listener(e.agent);
      }),
    );
    try {
      expect((await actions.sendMessage('mq', 'work 800ms')).status).toBe('delivered');
      const q1 = await actions.sendMessage('mq', 'work 300ms');
      const q2 = await actions.sendMessage('mq', 'second queued');
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
});
