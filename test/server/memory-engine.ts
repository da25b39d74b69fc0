// The web server is tested against the shared in-memory engine (test/helpers/memory-engine.ts)
// exactly as it will run against core's: fixed agents, recorded calls, events the test emits.
import type { EngineHost } from '../../src/shared/api.js';
import type { AgentInfo } from '../../src/shared/domain.js';
import * as shared from '../helpers/memory-engine.js';

export type { RecordedCall } from '../helpers/memory-engine.js';

export interface MemoryEngine {
  host: EngineHost;
  /** Every handler call, in order (inputs as the handler received them: validated, defaults filled). */
  calls: shared.RecordedCall[];
  agents: Map<string, AgentInfo>;
  emit: shared.MemoryEngine['emit'];
  listeners(): number;
  closed(): boolean;
}

/** Agent `name` in pane `%<n>` (id `local/%<n>`), idle in team alpha. */
export function agentFixture(name: string, n: number, overrides: Partial<AgentInfo> = {}): AgentInfo {
  return shared.agent(name, {
    id: `local/%${n}`,
    paneId: `%${n}`,
    target: `orc:${n}.0`,
    session: 'orc',
    team: 'alpha',
    reason: 'prompt box empty',
    since: 1_700_000_000_000,
    lastLine: '>',
    ...overrides,
  });
}

export function createMemoryEngine(agents: AgentInfo[] = [agentFixture('alice', 1), agentFixture('bob', 2)]): MemoryEngine {
  const e = shared.withCallLog(shared.memoryEngine(agents, { leaseHolder: 'memory' }));
  return { host: e, calls: e.calls, agents: e.agents, emit: e.emit, listeners: e.listenerCount, closed: () => e.closeCount > 0 };
}
