// The UI's tests run against the shared in-memory engine (test/helpers/memory-engine.ts) through
// a bridge over its handler table (what Electron's preload gives the renderer); the bridge
// records each call as the UI made it.
import type { AgentInfo, EngineStatus } from '../../src/shared/domain.js';
import { callReply, type ShellBridge } from '../../src/shared/wire.js';
import * as shared from '../helpers/memory-engine.js';

export { agent } from '../helpers/memory-engine.js';

export type MemoryEngine = shared.MemoryEngine & {
  /** Every call, in order: [method, input as the UI sent it]. */
  calls: [string, unknown][];
  bridge: ShellBridge;
};

export function memoryEngine(initial: AgentInfo[] = [], hostStatus: EngineStatus['hosts'][number]['status'] = 'connected'): MemoryEngine {
  const e = shared.memoryEngine(initial, { hosts: [{ host: 'local', status: hostStatus, message: '' }], shell: 'web' });
  const calls: [string, unknown][] = [];
  const bridge: ShellBridge = {
    kind: 'desktop',
    call(method, input) {
      calls.push([method, input]);
      return callReply(e.handlers, method, input);
    },
    onEvent: (l) => e.onEvent(l),
  };
  return Object.assign(e, { calls, bridge });
}
