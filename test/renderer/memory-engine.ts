// The UI's tests run against the shared in-memory engine (test/helpers/memory-engine.ts) through
// a bridge over its handler table (what Electron's preload gives the renderer); the bridge
// records each call as the UI made it.
import { dispatch, toApiError } from '../../src/shared/api.js';
import type { AgentInfo, EngineStatus } from '../../src/shared/domain.js';
import type { CallReply, ShellBridge } from '../../src/shared/wire.js';
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
    async call(method, input): Promise<CallReply> {
      calls.push([method, input]);
      try {
        return { ok: true, result: await dispatch(e.handlers, method, input) };
      } catch (err) {
        return { ok: false, error: toApiError(err) };
      }
    },
    onEvent: (l) => e.onEvent(l),
  };
  return Object.assign(e, { calls, bridge });
}
