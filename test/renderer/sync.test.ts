import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/shared/wire.js';
import type { Transport } from '../../src/renderer/src/api/wsTransport.js';
import { Store } from '../../src/renderer/src/state/store.js';
import { startSync } from '../../src/renderer/src/state/sync.js';
import { agent, memoryEngine } from './memory-engine.js';
import { until } from '../helpers/poll.js';

describe('sync', () => {
  it('loads once, then coalesces a burst of agent events into one update', async () => {
    const engine = memoryEngine([agent('a')]);
    const transport: Transport = { bridge: engine.bridge, connection: () => 'open', onConnection: () => () => undefined, close: () => undefined };
    const store = new Store();
    const stop = startSync(createApiClient(engine.bridge), transport, store);
    await until(() => store.getState().agentsLoaded && store.getState().settings !== null, 'first load');
    let updates = 0;
    store.subscribe(() => updates++);
    for (let i = 0; i < 200; i++) engine.emit({ type: 'agentChanged', agent: agent(`n${i}`, { state: i % 2 ? 'busy' : 'idle' }) });
    engine.emit({ type: 'agentRemoved', id: 'local/a' });
    await until(() => store.getState().agents.size === 200, '200 agents');
    expect(updates).toBe(1);
    expect(store.getState().agents.has('local/a')).toBe(false);
    expect(engine.calls.filter(([m]) => m === 'listAgents')).toHaveLength(1);
    stop();
  });
});
