// Feeds the store: the first load, then events; after a reconnect, a fresh load (events sent
// while the link was down are gone).
import type { ApiClient } from '../../../shared/api.js';
import type { Transport } from '../api/wsTransport.js';
import type { AgentOp, Store } from './store.js';

/** Agent events arriving within this window are applied as one update (one render for a burst). */
export const BATCH_MS = 16;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function loadAll(api: ApiClient, store: Store): Promise<void> {
  const results = await Promise.allSettled([
    api.listAgents({}).then((agents) => store.dispatch({ type: 'agentsLoaded', agents })),
    api.getStatus({}).then((status) => store.dispatch({ type: 'status', status })),
    api.listNotifications({ limit: 1000 }).then((notifications) =>
      store.dispatch({ type: 'notificationsLoaded', notifications }),
    ),
    api.getSettings({}).then((settings) => store.dispatch({ type: 'settings', settings })),
  ]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  store.dispatch({ type: 'loadError', message: failed ? message(failed.reason) : null });
}

/** Wire events and connection changes into the store; returns the unsubscribe. */
export function startSync(api: ApiClient, transport: Transport, store: Store): () => void {
  let ops: AgentOp[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    const batch = ops;
    ops = [];
    store.dispatch({ type: 'agentBatch', ops: batch });
  };
  const queue = (op: AgentOp) => {
    ops.push(op);
    timer ??= setTimeout(flush, BATCH_MS);
  };
  const offEvent = transport.bridge.onEvent((event) => {
    switch (event.type) {
      case 'agentChanged':
        queue({ agent: event.agent });
        break;
      case 'agentRemoved':
        queue({ removed: event.id });
        break;
      case 'notification':
        store.dispatch({ type: 'notification', notification: event.notification });
        break;
      case 'notificationChanged':
        store.dispatch({ type: 'notificationChanged', notification: event.notification });
        break;
      case 'status':
        store.dispatch({ type: 'status', status: event.status });
        break;
      case 'metricsTick':
        break; // the performance view listens for these itself
    }
  });
  store.dispatch({ type: 'connection', connection: transport.connection() });
  const offConn = transport.onConnection((connection, reopened) => {
    store.dispatch({ type: 'connection', connection });
    if (reopened) void loadAll(api, store);
  });
  void loadAll(api, store);
  return () => {
    if (timer) clearTimeout(timer);
    offEvent();
    offConn();
  };
}
