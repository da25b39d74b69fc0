// The shell's tests run against the shared in-memory engine (test/helpers/memory-engine.ts),
// every handler call recorded; core's orchestrator is tested on its own.
import type { AgentInfo } from '../../src/shared/domain.js';
import type { AgentState } from '../../src/shared/vocabulary.js';
import * as shared from '../helpers/memory-engine.js';

export { notification } from '../helpers/memory-engine.js';

export type MemoryEngine = shared.MemoryEngine & { calls: shared.RecordedCall[] };

/** An agent in window `orc:<name>` in `state`. */
export function agent(name: string, state: AgentState, extra: Partial<AgentInfo> = {}): AgentInfo {
  return shared.agent(name, {
    paneId: `%${name.length}${name.charCodeAt(0)}`,
    target: `orc:${name}.0`,
    session: 'orc',
    state,
    since: 1_000,
    lastLine: '',
    ...extra,
  });
}

export function memoryEngine(initial: AgentInfo[] = []): MemoryEngine {
  return shared.withCallLog(shared.memoryEngine(initial));
}
