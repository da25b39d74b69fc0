// A view of the store for one tmux server: every row it writes that names a pane carries that
// server's key (ServerIdentity), and the message queue it reads is that server's only. The
// orchestrator hands each host's monitor and actions such a view, so a row written for server A
// is never read back as work for server B (their panes may share ids and names).
import type { Store } from './store.js';

export function storeForServer(store: Store, server: string): Store {
  const { transitions, notifications, screens, messages, metrics } = store;
  return Object.create(store, {
    transitions: {
      value: {
        ...transitions,
        add: (t) => transitions.add({ ...t, server }),
        addMany: (ts) => transitions.addMany(ts.map((t) => ({ ...t, server }))),
      } satisfies Store['transitions'],
    },
    notifications: {
      value: {
        ...notifications,
        add: (n) => notifications.add({ ...n, server }),
        addMany: (ns) => notifications.addMany(ns.map((n) => ({ ...n, server }))),
        resolveAgent: (agentId, state, at) => notifications.resolveAgent(agentId, state, at, server),
        openProblems: () => notifications.openProblems(server),
      } satisfies Store['notifications'],
    },
    metrics: {
      value: {
        ...metrics,
        addStateTime: (agent, at, state, ms, where = {}) => metrics.addStateTime(agent, at, state, ms, { ...where, server }),
      } satisfies Store['metrics'],
    },
    screens: { value: { ...screens, save: (s) => screens.save({ ...s, server }) } satisfies Store['screens'] },
    messages: {
      value: {
        ...messages,
        add: (m) => messages.add({ ...m, server }),
        list: (q = {}) => messages.list({ ...q, server }),
        cancel: (id, at) => messages.cancel(id, at, { servers: [server] }),
      } satisfies Store['messages'],
    },
  }) as Store;
}
